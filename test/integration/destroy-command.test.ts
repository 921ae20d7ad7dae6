import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type MainResult } from '../helpers/cli-main.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { deployArgs } from '../reliability/harness.js';
import { SPEED } from '../helpers/speeds.js';

/** The destroy command run in-process against a test emulator, after a real `init`. */

interface Resource {
  id: string;
  name: string;
  tags?: Record<string, string>;
}

let work: string;
// Fast enough that the firewall, Bastion and the private cluster each take well under a second. Not reset
// between tests: each describe builds a deployment once and its tests look at what destroy did to it.
let emu: TestEmulator;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-destroy-command-'));
  emu = await startTestEmulator({ speed: SPEED.instant });
});
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

const resources = async () => (await emu.control.resources()) as Resource[];
const requests = () => emu.control.requests();
const taggedWith = async (id: string) => (await resources()).filter((r) => r.tags?.['secure-aks-deployment'] === id);
const stateOf = (name: string) => join(work, `${name}.json`);
const destroyArgs = (name: string, ...extra: string[]) => ['destroy', '--state', stateOf(name), ...extra];

/** `-o json` purity: stdout is one JSON document and nothing else (no progress, no colour, no second document). */
function oneJsonDocument(r: MainResult): any {
  expect(r.stdout.trimStart().startsWith('{'), r.stdout).toBe(true);
  expect(r.stdout).not.toContain('\u001b[');
  return JSON.parse(r.stdout);
}

/** A full `init` of all ten steps; returns the deployment id it recorded. */
async function init(name: string): Promise<string> {
  const r = await runMain(deployArgs(emu, stateOf(name), ['init'], name));
  expect(r.code, r.stderr).toBe(0);
  const id = JSON.parse(readFileSync(stateOf(name), 'utf8')).deploymentId as string;
  expect(id).toBeTruthy();
  return id;
}

describe('destroy of a deployment nobody else touched', () => {
  const name = 'aks-gone';
  let id: string;

  beforeAll(async () => {
    id = await init(name);
  }, 120_000);

  it.each([
    ['no terminal to ask', []],
    ['--non-interactive', ['--non-interactive']],
  ])('without --yes and %s: exit 3 naming --yes, before any ARM request', async (_label, extra) => {
    const before = (await requests()).length;
    const r = await runMain(destroyArgs(name, '-o', 'json', ...extra));
    expect(r.code, r.stderr).toBe(3);
    const doc = oneJsonDocument(r);
    expect(doc.error.code).toBe('InputRequired');
    expect(doc.error.message).toContain('--yes');
    expect((await requests()).slice(before)).toEqual([]);
    expect((await taggedWith(id)).length).toBeGreaterThan(20);
  });

  it('destroy --yes -o json: exit 0, one JSON document with deleted and kept, nothing tagged left', async () => {
    const r = await runMain(destroyArgs(name, '--yes', '-o', 'json', '--verbose'));
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJsonDocument(r);
    expect(doc).toMatchObject({ command: 'destroy', status: 'done', deploymentId: id });
    // Nothing of any step is left: each is pending again, as the state file records it.
    expect(doc.steps.map((s: { status: string }) => s.status)).toEqual(Array(10).fill('pending'));
    expect(doc.kept).toEqual([]);
    const types = doc.deleted.map((d: { type: string }) => d.type);
    for (const t of [
      'Microsoft.ContainerService/managedClusters',
      'Microsoft.Network/azureFirewalls',
      'Microsoft.Network/routeTables',
      'Microsoft.Network/bastionHosts',
      'Microsoft.Resources/resourceGroups',
    ]) {
      expect(types, t).toContain(t);
    }
    // Progress went to stderr, never into the document.
    expect(r.stderr.length).toBeGreaterThan(0);
    expect(await taggedWith(id)).toEqual([]);
    // The node resource group went with the cluster, the group with everything else.
    expect((await resources()).filter((r) => /rg-aks-gone|mc_rg-aks-gone/i.test(r.id))).toEqual([]);
  });

  it('a second destroy is a no-op: exit 0, nothing deleted, zero DELETE requests', async () => {
    const before = (await requests()).length;
    const r = await runMain(destroyArgs(name, '--yes', '-o', 'json'));
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJsonDocument(r);
    expect(doc.status).toBe('done');
    expect(doc.deleted).toEqual([]);
    const since = (await requests()).slice(before);
    expect(since.filter((q) => q.method === 'DELETE')).toEqual([]);
    expect(since.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});

describe('destroy keeps what a user added to the resource group', () => {
  const name = 'aks-shared';
  const rg = `rg-${name}`;
  let id: string;
  let doc: any;

  beforeAll(async () => {
    id = await init(name);
    // A colleague's NSG, made through the real SDK, without our tags.
    const net = await emu.clients().network();
    await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      rg,
      'nsg-colleague',
      { location: 'eastus', tags: { team: 'platform' } },
      { updateIntervalInMs: 20 },
    );
    const r = await runMain(destroyArgs(name, '--yes', '-o', 'json'));
    expect(r.code, r.stderr).toBe(0);
    doc = oneJsonDocument(r);
  }, 120_000);

  it("reports the user's NSG in kept with a reason and leaves it in place", async () => {
    const kept = Object.fromEntries(doc.kept.map((k: { id: string; reason: string }) => [k.id.split('/').pop(), k.reason]));
    expect(kept['nsg-colleague']).toMatch(/not created by this deployment/);
    const nsg = (await resources()).find((r) => r.name === 'nsg-colleague');
    expect(nsg?.tags).toEqual({ team: 'platform' });
  });

  it('keeps the resource group for it, with a reason, and deletes everything else of the deployment', async () => {
    const kept = Object.fromEntries(doc.kept.map((k: { id: string; reason: string }) => [k.id.split('/').pop(), k.reason]));
    expect(kept[rg]).toMatch(/not empty/);
    expect(doc.deleted.map((d: { id: string }) => d.id.split('/').pop())).not.toContain(rg);
    // Only the group (kept for the NSG) still carries the deployment's tag.
    expect((await taggedWith(id)).map((r) => r.name)).toEqual([rg]);
    expect((await resources()).filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${rg}/`)).map((r) => r.name)).toEqual([
      'nsg-colleague',
    ]);
  });
});
