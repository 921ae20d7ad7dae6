import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { assertBuilt } from './run-cli.js';
import { KEY, spawnInPty, stripAnsi } from './pty.js';
import { INSTANT_EMBEDDED_EMULATOR, SPEED } from '../helpers/speeds.js';

/**
 * An interactive re-run in a directory with a deployment: nothing recorded is asked again, and what
 * differs in Azure is shown before the question. The deployments are built in-process; the re-runs are
 * the built CLI in a pseudo-terminal.
 */
let cwd: string;
const EMU = INSTANT_EMBEDDED_EMULATOR;
/** For the resume: a step must fail, which needs an emulator the test can inject a fault into. */
const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });

beforeAll(async () => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-rerun-pty-'));
  const first = await runMain(
    ['init', '--emulator', ...UNATTENDED_JSON, '-g', 'rg-pr', '-n', 'aks-pr', '-l', 'uksouth', '--node-count', '1', '--no-test-deployment'],
    EMU,
    { cwd },
  );
  expect(first.code, first.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** The text shown before `marker`: what a person had read when the question came. */
const before = (shown: string, marker: string) => shown.slice(0, shown.indexOf(marker));

describe('interactive re-run (built CLI, pseudo-terminal)', () => {
  it('asks no recorded value; shows the diff before the update question; Done and Esc go back unchanged; Cancel saves', async () => {
    const t = spawnInPty(['init', '--emulator', '--node-count', '2', '--save-config', 'cancelled.yaml'], { cwd, env: EMU });
    const summary = await t.expect(/Update this deployment to match\?[\s\S]*Cancel/);
    expect(summary).not.toMatch(
      /AKS cluster name|Resource group to create|Region \(offering|Number of nodes|Node VM size \(|Kubernetes version \(/,
    );
    expect(summary).toMatch(/Existing deployment [0-9a-f]{8} in the embedded ARM emulator: will update what differs and keep the rest/);
    expect(before(summary, 'Update this deployment')).toMatch(
      /What differs in Azure:\s+~\s+5\. Private AKS cluster\s+1 to update\s+~\s+managedClusters aks-pr\s+agentPoolProfiles\.system\.count: \d -> \d/,
    );
    // The cursor starts on Cancel: up once is Edit a value.
    t.send(KEY.up + KEY.enter);
    const picker = await t.expect(/Which value\?[\s\S]*Cluster DNS address\s+172\.16\.0\.10/);
    expect(picker).toMatch(/Virtual network range\s+10\.42\.0\.0\/16/);
    expect(picker).not.toMatch(/vnetCidr|dnsServiceIp/);
    // Esc in the picker: back to the summary.
    t.send(KEY.escape);
    await t.expect(/Update this deployment to match\?[\s\S]*Cancel/);
    // Esc in a value prompt: back to the summary, the value as it was.
    t.send(KEY.up + KEY.enter);
    await t.expect(/Which value\?/);
    // Node count is the 13th value.
    t.send(KEY.down.repeat(12) + KEY.enter);
    await t.expect(/Number of nodes.*\(2\)/);
    t.send(`${KEY.backspace}7`);
    t.send(KEY.escape);
    const unchanged = await t.expect(/Update this deployment to match\?[\s\S]*Cancel/);
    expect(unchanged).toMatch(/cluster\s+aks-pr, 2 x Standard_D4ds_v5/);
    // Done (the last entry; up from the first wraps to it): back to the summary.
    t.send(KEY.up + KEY.enter);
    await t.expect(/Which value\?/);
    t.send(KEY.up);
    await t.expect(/❯ Done \(back to the summary\)/);
    t.send(KEY.enter);
    await t.expect(/Update this deployment to match\?[\s\S]*Cancel/);
    // Enter alone is Cancel: nothing changes, and the answers are saved with the version pinned.
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
    const shown = stripAnsi(t.raw());
    expect(shown).toMatch(/Saved the configuration to cancelled\.yaml; reuse it with `secure-aks init --config cancelled\.yaml`/);
    expect(shown).toMatch(/Nothing was changed: you cancelled at the summary/);
    const saved = readFileSync(join(cwd, 'cancelled.yaml'), 'utf8');
    expect(saved).toMatch(/^nodeCount: 2$/m);
    expect(saved).toMatch(/^kubernetesVersion: 1\.33\.3$/m);
  }, 90_000);

  it('a re-run that Azure matches says "nothing to do" and asks nothing', async () => {
    const t = spawnInPty(['init', '--emulator'], { cwd, env: EMU });
    expect(await t.exited).toBe(0);
    const shown = stripAnsi(t.raw());
    expect(shown).toMatch(/Azure matches the configuration: nothing to do\./);
    expect(shown).toMatch(/Nothing to change: 0 writes to Azure\./);
    expect(shown).not.toMatch(/\? (Update|Create|Resume)|AKS cluster name/);
  }, 60_000);

  it('init --yes in a terminal asks nothing that has a default, and says what it took', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-yes-pty-'));
    try {
      const t = spawnInPty(['init', '--emulator', '--yes', '-g', 'rg-y', '-n', 'aks-y', '-l', 'uksouth', '--no-test-deployment'], {
        cwd: fresh,
        env: EMU,
      });
      expect(await t.exited).toBe(0);
      const shown = stripAnsi(t.raw());
      expect(shown).not.toMatch(/Number of nodes|Node VM size \(|Kubernetes version \(|Create these resources\?/);
      expect(shown).toMatch(/Node count auto-confirmed: 2/);
      expect(shown).toMatch(/Kubernetes version auto-confirmed: newest/);
      expect(shown).toMatch(/Pricing tier auto-confirmed: (free|standard)/);
      expect(shown).toMatch(/User node pool auto-confirmed: no/);
      expect(shown).toMatch(/Add-ons auto-confirmed: none/);
      expect(shown).toMatch(/How to reach cluster aks-y/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 90_000);

  it('status --resume after a failed step shows what differs before "Resume this deployment?"', async () => {
    const dir = join(cwd, 'resume');
    mkdirSync(dir);
    await emu.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-rs$',
      kind: 'status',
      status: 400,
      code: 'InjectedFault',
      times: 1,
    });
    const failed = await runMain(
      ['init', ...endpointFlags(emu), ...UNATTENDED_JSON, '-g', 'rg-rs', '-n', 'aks-rs', '-l', 'uksouth', '--no-test-deployment'],
      {},
      { cwd: dir },
    );
    expect(failed.code, failed.stderr).toBe(1);
    const t = spawnInPty(['status', '--resume'], { cwd: dir, env: { NO_PROXY: '127.0.0.1,localhost' } });
    const shown = await t.expect(/Resume this deployment\?[\s\S]*Cancel/);
    expect(shown).toMatch(/Resume deployment [0-9a-f]{8} in ARM endpoint \S+: steps 5, 6, [0-9, ]+ remain/);
    expect(before(shown, 'Resume this deployment')).toMatch(
      /What differs in Azure:[\s\S]*5\. Private AKS cluster[^\n]*\n\s+\+\s+managedClusters aks-rs/,
    );
    expect(shown).not.toMatch(/Edit a value|Estimated monthly cost/);
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
    expect(stripAnsi(t.raw())).toMatch(/Nothing was changed/);
  }, 90_000);
});
