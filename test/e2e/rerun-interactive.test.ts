import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { assertBuilt } from './run-cli.js';
import { KEY, spawnInPty, stripAnsi } from './pty.js';
import { INSTANT_EMBEDDED_EMULATOR } from '../helpers/speeds.js';

/**
 * An interactive re-run in a directory with a deployment: the recorded answers are the ones offered. The
 * deployment is built in-process; the re-runs are the built CLI in a pseudo-terminal.
 */
let cwd: string;
const EMU = INSTANT_EMBEDDED_EMULATOR;

beforeAll(async () => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-rerun-pty-'));
  const first = await runMain(
    [
      'init',
      '--emulator',
      '--non-interactive',
      '--yes',
      '-g',
      'rg-pr',
      '-n',
      'aks-pr',
      '-l',
      'uksouth',
      '--node-count',
      '1',
      '--no-test-deployment',
    ],
    EMU,
    { cwd },
  );
  expect(first.code, first.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('interactive re-run (built CLI, embedded emulator, pseudo-terminal)', () => {
  it('offers the recorded answers, says it updates the existing deployment, and that nothing changed', async () => {
    const t = spawnInPty(['init', '--emulator'], { cwd, env: EMU });
    await t.expect(/AKS cluster name.*\(aks-pr\)/);
    t.send(KEY.enter);
    await t.expect(/Resource group to create or reuse.*\(rg-pr\)/);
    t.send(KEY.enter);
    await t.expect(/Region \(offering AKS and Azure Firewall\)[\s\S]*❯ UK South\s+uksouth/);
    t.send(KEY.enter);
    await t.expect(/Number of nodes.*\(1\)/);
    t.send(KEY.enter);
    await t.expect(/Node VM size \(offered in uksouth\)[\s\S]*❯ Standard_D4ds_v5/);
    t.send(KEY.enter);
    await t.expect(/Kubernetes version \(offered in uksouth\)/);
    t.send(KEY.enter);
    const summary = await t.expect(/Update this deployment to match\?[\s\S]*Cancel/);
    expect(summary).toMatch(/Existing deployment [0-9a-f]{8} in the embedded ARM emulator: will update what differs and keep the rest/);
    expect(summary).toMatch(/resource group\s+rg-pr \(uksouth\)/);
    expect(summary).not.toMatch(/will build/);
    t.send(KEY.enter);
    await t.expect(/Nothing to change: 0 writes to Azure\./, 60_000);
    expect(await t.exited).toBe(0);
  }, 90_000);

  it('status --resume asks with the same picker, offering Resume or Cancel', async () => {
    const t = spawnInPty(['status', '--resume'], { cwd, env: EMU });
    const shown = await t.expect(/Resume this deployment\?[\s\S]*Cancel/);
    expect(shown).toMatch(/Resume deployment [0-9a-f]{8} in the embedded ARM emulator: every step is done/);
    expect(shown).not.toMatch(/Edit a value|Estimated monthly cost/);
    t.send(KEY.down + KEY.enter);
    expect(await t.exited).toBe(130);
    expect(stripAnsi(t.raw())).toMatch(/Nothing was changed/);
  }, 60_000);
});
