/**
 * A state file's recorded configuration is judged like flags when it is loaded: a hand-edited
 * `nodeCount: "abc"` or a `/33` range stops every command with exit 2, naming the file, the key and the
 * value, before anything is written to Azure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, initArgs, runMain } from '../helpers/cli-main.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

let emu: TestEmulator;
let work: string;
let deployed: Record<string, any>;

beforeAll(async () => {
  emu = await startTestEmulator({ speed: SPEED.instant });
  work = mkdtempSync(join(tmpdir(), 'secure-aks-state-config-'));
  const r = await runMain(initArgs(emu, join(work, 'state.json')));
  expect(r.code, r.stdout + r.stderr).toBe(0);
  deployed = JSON.parse(readFileSync(join(work, 'state.json'), 'utf8'));
}, 120_000);

afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the deployed state with one recorded value changed (and the network step to redo). */
function edited(name: string, key: string, value: unknown, redoNetwork = false): string {
  const doc = structuredClone(deployed);
  doc.config[key] = value;
  if (redoNetwork) doc.steps.network.status = 'failed';
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

async function writesDuring(run: () => Promise<{ code: number; stdout: string; stderr: string }>) {
  await emu.control.clearRequests();
  const r = await run();
  const writes = (await emu.control.requests()).filter((x) => ['PUT', 'PATCH', 'DELETE', 'POST'].includes(x.method));
  return { ...r, writes };
}

describe('recorded configuration validated on load', () => {
  it('nodeCount "abc": status --resume exits 2 naming the file, the key and the value; no cluster update', async () => {
    const file = edited('node-count', 'nodeCount', 'abc');
    const r = await writesDuring(() => runMain(['status', '--resume', '--non-interactive', '--yes', '--state', file]));
    expect(r.code).toBe(2);
    expect(r.writes).toEqual([]);
    expect(r.stderr).toContain(`State file ${file}`);
    expect(r.stderr).toContain('config.nodeCount = "abc"');
    expect(r.stderr).toMatch(/StateConfigInvalid/);
    expect(r.stderr + r.stdout).not.toMatch(/InternalError|\n\s+at /);
  });

  it('a /33 VNet range: init exits 2 before the VNet PUT, also as -o json', async () => {
    const file = edited('vnet-33', 'vnetCidr', '10.42.0.0/33', true);
    const r = await writesDuring(() => runMain([...initArgs(emu, file), '-o', 'json']));
    expect(r.code).toBe(2);
    expect(r.writes).toEqual([]);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('StateConfigInvalid');
    expect(doc.error.message).toContain(file);
    expect(doc.error.message).toContain('config.vnetCidr = "10.42.0.0/33"');
  });

  it('destroy and status refuse the same file too (exit 2, nothing deleted)', async () => {
    const file = edited('destroy', 'nodeCount', 'abc');
    const d = await writesDuring(() => runMain(['destroy', ...endpointFlags(emu), '--yes', '--non-interactive', '--state', file]));
    expect(d.code).toBe(2);
    expect(d.writes).toEqual([]);
    const s = await runMain(['status', '--offline', '--state', file, '-o', 'json']);
    expect(s.code).toBe(2);
    expect(JSON.parse(s.stdout).error.message).toContain('config.nodeCount');
  });

  it('a missing recorded value is named too', async () => {
    const file = edited('missing', 'nodeVmSize', undefined);
    const r = await runMain(['status', '--offline', '--state', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('config.nodeVmSize is missing');
  });
});
