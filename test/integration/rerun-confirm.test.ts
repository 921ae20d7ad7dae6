import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { armWrites } from '../reliability/harness.js';

/**
 * What a re-run shows before it asks (in-process, against a test emulator): the same difference plan
 * finds, printed even when nothing is asked; no question at all when Azure already matches and the state file
 * records the same configuration (a changed value is shown old -> new and asked like an update); and
 * --save-config on plan pinning the Kubernetes version a later run would otherwise pick afresh.
 */
const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-rerun-confirm-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runIn = (cwd: string, args: string[]) => runMain(args, {}, { cwd });
const deployFlags = (name: string) => ['-g', `rg-${name}`, '-n', name, '-l', 'uksouth', '--node-count', '1', '--no-test-deployment'];

async function deployed(name: string): Promise<string> {
  const cwd = join(work, name);
  mkdirSync(cwd);
  const first = await runIn(cwd, ['init', ...endpointFlags(emu), ...UNATTENDED_JSON, ...deployFlags(name)]);
  expect(first.code, first.stderr).toBe(0);
  return cwd;
}

describe('a re-run shows the difference before it asks', () => {
  it('a step the state records failed runs again only after asking, even where Azure already matches', async () => {
    const cwd = await deployed('aks-failed');
    const stateFile = join(cwd, '.secure-aks', 'state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { steps: Record<string, { status: string }> };
    state.steps['cluster']!.status = 'failed';
    writeFileSync(stateFile, JSON.stringify(state));
    const asked = await runIn(cwd, ['status', '--resume', '--non-interactive']);
    // Asked, not run: without a terminal the question needs --yes (exit 3), and nothing says "nothing to do".
    expect(asked.code, asked.stderr).toBe(3);
    expect(asked.stderr).toMatch(
      /Azure already matches the configuration\.\nStep 5 \(Private AKS cluster\) is recorded failed: it runs again\./,
    );
    expect(asked.stderr).not.toMatch(/nothing to do/);
    const resumed = await runIn(cwd, ['status', '--resume', '--yes', '--non-interactive', '-o', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps.find((s: { id: string }) => s.id === 'cluster').status).toBe('done');
  });

  it('a complete deployment that Azure matches: "nothing to do", no question (no --yes needed), no writes', async () => {
    const cwd = await deployed('aks-same');
    const from = (await emu.control.requests()).length;
    const r = await runIn(cwd, ['init', '--non-interactive']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Azure matches the configuration: nothing to do\./);
    expect(r.stderr).not.toMatch(/confirmation|auto-confirmed/);
    expect(r.stdout).toMatch(/Nothing to change: 0 writes to Azure\./);
    expect(armWrites((await emu.control.requests()).slice(from))).toEqual([]);

    const resumed = await runIn(cwd, ['status', '--resume', '--non-interactive', '-o', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/Azure matches the configuration: nothing to do\./);
    expect(JSON.parse(resumed.stdout).status).toBe('done');
  });

  it('with changes, the diff is printed (stderr under -o json) before the confirmation --yes gives', async () => {
    const cwd = await deployed('aks-diff');
    const refused = await runIn(cwd, ['init', '--non-interactive', '--node-count', '2', '-o', 'json']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /What differs in Azure:\n~\s+5\. Private AKS cluster\s+1 to update\n\s+~\s+managedClusters aks-diff\s+agentPoolProfiles\.system\.count: 1 -> 2/,
    );
    expect(JSON.parse(refused.stdout).error.code).toBe('InputRequired');

    const applied = await runIn(cwd, ['init', '--non-interactive', '--yes', '--node-count', '2', '-o', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/agentPoolProfiles\.system\.count/);
    expect(JSON.parse(applied.stdout).status).toBe('done');
  });

  it('a changed value Azure needs no write for (--no-test-deployment after a test deployment): shown old -> new and asked like an update', async () => {
    const cwd = join(work, 'aks-cfg');
    mkdirSync(cwd);
    const first = await runIn(cwd, ['init', ...endpointFlags(emu), ...UNATTENDED_JSON, ...deployFlags('aks-cfg').slice(0, -1)]);
    expect(first.code, first.stderr).toBe(0);
    const state = join(cwd, '.secure-aks', 'state.json');
    const before = readFileSync(state, 'utf8');
    expect(JSON.parse(before).config.testDeployment).toBe(true);

    const from = (await emu.control.requests()).length;
    const refused = await runIn(cwd, ['init', '--non-interactive', '--no-test-deployment', '-o', 'json']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/Azure already matches the configuration\./);
    expect(refused.stderr).toMatch(/What changes in the recorded configuration \(the state file\):\n +~ testDeployment: true -> false$/m);
    expect(JSON.parse(refused.stdout).error.code).toBe('InputRequired');
    expect(readFileSync(state, 'utf8')).toBe(before);

    const accepted = await runIn(cwd, ['init', '--non-interactive', '--yes', '--no-test-deployment', '-o', 'json']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(/~ testDeployment: true -> false/);
    expect(JSON.parse(readFileSync(state, 'utf8')).config.testDeployment).toBe(false);
    expect(armWrites((await emu.control.requests()).slice(from))).toEqual([]);

    // Recorded now: the same run again has nothing to show or ask.
    const again = await runIn(cwd, ['init', '--non-interactive', '--no-test-deployment']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/recorded configuration/);
  });

  it('--yes without a terminal still lists every value that has no default (exit 3)', async () => {
    const cwd = join(work, 'missing');
    mkdirSync(cwd);
    const r = await runIn(cwd, ['init', ...endpointFlags(emu), '--yes', '--node-count', '1']);
    expect(r.code).toBe(3);
    for (const key of ['name', 'resourceGroup', 'location']) expect(r.stderr).toMatch(new RegExp(`- ${key}: flag `));
  });
});

describe('plan --save-config', () => {
  it('saves the resolved answers with the Kubernetes version pinned, says how to reuse them, and a plan from the file matches', async () => {
    const cwd = join(work, 'plan-save');
    mkdirSync(cwd);
    const r = await runIn(cwd, [
      'plan',
      ...endpointFlags(emu),
      '--non-interactive',
      ...deployFlags('aks-plan'),
      '--save-config',
      'answers.yaml',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /Saved the configuration to answers\.yaml; reuse it with `secure-aks plan --config answers\.yaml` or `secure-aks init --config answers\.yaml`/,
    );
    const saved = readFileSync(join(cwd, 'answers.yaml'), 'utf8');
    // "newest" left open would let a later run pick another version: the file names the one resolved now.
    expect(saved).toMatch(/^kubernetesVersion: 1\.33\.3$/m);
    expect(saved).toMatch(/^nodeCount: 1$/m);
    expect(saved).toMatch(/^name: aks-plan$/m);
    const again = await runIn(cwd, ['plan', ...endpointFlags(emu), '--non-interactive', '--config', 'answers.yaml']);
    expect(again.code, again.stderr).toBe(0);
    // The same plan, step by step, change by change, totals and cost; only the command that applies it differs
    // (it names the file instead of the flags).
    const body = (out: string) => out.split('\n').filter((l) => !l.startsWith('Apply it with:'));
    expect(body(r.stdout).join('\n')).toMatch(/^Plan: [1-9]\d* to add, \d+ to change, 0 to destroy\./m);
    expect(body(again.stdout)).toEqual(body(r.stdout));
    expect(again.stdout).toMatch(/^Apply it with: secure-aks init .*--config answers\.yaml/m);
  });
});
