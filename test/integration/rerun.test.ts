import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { armWrites } from '../reliability/harness.js';

/**
 * Re-runs in a directory that already holds a deployment (in-process, against a test emulator): the state
 * file supplies what the flags leave out, and what Azure cannot change is refused before any write.
 */
const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-rerun-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const logged = async () => (await emu.control.requests()).length;
/** PUT/PATCH/DELETE requests logged after the first `from` entries. */
const writesSince = async (from: number) => armWrites((await emu.control.requests()).slice(from));
/** A command run in `cwd`, as a person re-running it in the deployment's directory would. */
const runIn = (cwd: string, args: string[]) => runMain(args, {}, { cwd });

/** A directory with a finished deployment in uksouth; later commands there pass no -g/-n/-l. */
async function deployed(name: string): Promise<{ cwd: string; state: string }> {
  const cwd = join(work, name);
  mkdirSync(cwd);
  const first = await runIn(cwd, [
    'init',
    ...endpointFlags(emu),
    ...UNATTENDED_JSON,
    '-g',
    `rg-${name}`,
    '-n',
    name,
    '-l',
    'uksouth',
    '--no-test-deployment',
  ]);
  expect(first.code, first.stderr).toBe(0);
  return { cwd, state: join(cwd, '.secure-aks', 'state.json') };
}

/** A deployment whose init failed at the cluster (a well-known CSE failure), ready to resume. */
async function failedAtCluster(name: string, flags: string[] = []): Promise<string> {
  const cwd = join(work, name);
  mkdirSync(cwd);
  await emu.control.fault({
    method: 'PUT',
    path: `managedClusters/${name}$`,
    kind: 'lro-failed',
    code: 'CreateVMSSAgentPoolFailed',
    message: 'vmssCSE exit status 50',
  });
  try {
    const failed = await runIn(cwd, [
      'init',
      ...endpointFlags(emu),
      '--non-interactive',
      '--yes',
      '-g',
      `rg-${name}`,
      '-n',
      name,
      '-l',
      'westeurope',
      ...flags,
    ]);
    expect(failed.code, failed.stderr).toBe(1);
  } finally {
    await emu.control.clearFaults();
  }
  return cwd;
}

describe('re-running against an existing deployment (in-process)', () => {
  it('refuses another region before any write, naming both, and leaves the state file as it was', async () => {
    const { cwd, state } = await deployed('aks-loc');
    const before = readFileSync(state, 'utf8');
    const from = await logged();
    const r = await runIn(cwd, ['init', '--non-interactive', '--yes', '-l', 'eastus']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /InvalidResourceGroupLocation: Resource group rg-aks-loc already exists in uksouth, but location eastus was requested/,
    );
    expect(r.stderr).toMatch(/Pass -l uksouth/);
    expect(await writesSince(from)).toEqual([]);
    expect(readFileSync(state, 'utf8')).toBe(before);
    const status = JSON.parse((await runIn(cwd, ['status', '--offline', '-o', 'json'])).stdout);
    expect(status.config.location).toBe('uksouth');
  });

  it('refuses changes AKS cannot make to an existing cluster, with the current and requested values', async () => {
    const { cwd } = await deployed('aks-imm');
    const from = await logged();
    const r = await runIn(cwd, ['init', '--non-interactive', '--yes', '--node-vm-size', 'Standard_D2s_v5', '--pod-cidr', '10.245.0.0/16']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /PropertyChangeNotAllowed: Cluster aks-imm has agentPoolProfiles\.system\.vmSize Standard_D4ds_v5; AKS cannot change it to Standard_D2s_v5/,
    );
    expect(r.stderr).toMatch(/add a new node pool/);
    expect(r.stderr).toMatch(
      /PropertyChangeNotAllowed: Cluster aks-imm has networkProfile\.podCidr \S+; AKS cannot change it to 10\.245\.0\.0\/16/,
    );
    expect(await writesSince(from)).toEqual([]);
    // plan refuses the same way (it never writes anyway).
    const plan = await runIn(cwd, ['plan', '--non-interactive', '--pod-cidr', '10.245.0.0/16']);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stderr).toMatch(/PropertyChangeNotAllowed/);
  });

  it('plan and init take the recorded configuration and target; a run that changes nothing says so', async () => {
    const { cwd } = await deployed('aks-same');
    const plan = await runIn(cwd, ['plan', '--non-interactive', '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(
      JSON.parse(plan.stdout)
        .steps.flatMap((s: { changes?: Array<{ action: string }> }) => s.changes ?? [])
        .filter((c: { action: string }) => c.action !== 'none'),
    ).toEqual([]);
    // A flag still beats the state: one more node is planned as an update of the cluster.
    const more = JSON.parse((await runIn(cwd, ['plan', '--non-interactive', '-o', 'json', '--node-count', '3'])).stdout);
    expect(more.steps.find((s: { id: string }) => s.id === 'cluster').changes.map((c: { action: string }) => c.action)).toContain('update');

    const from = await logged();
    const again = await runIn(cwd, ['init', '--non-interactive', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Existing deployment [0-9a-f]{8} in ARM endpoint .*: will update what differs and keep the rest/);
    expect(again.stderr).not.toMatch(/will build/);
    expect(again.stdout).toMatch(/Nothing to change: 0 writes to Azure\./);
    expect(await writesSince(from)).toEqual([]);
  });

  it('status --resume says which steps remain instead of the whole build summary', async () => {
    const cwd = await failedAtCluster('aks-res');
    const status = JSON.parse((await runIn(cwd, ['status', '--offline', '-o', 'json'])).stdout);
    const left = status.steps
      .filter((s: { status: string }) => !['done', 'skipped'].includes(s.status))
      .map((s: { number: number }) => s.number);
    expect(left).toContain(5);

    const declined = await runIn(cwd, ['status', '--resume', '--non-interactive']);
    expect(declined.code).toBe(3);
    const resumed = await runIn(cwd, ['status', '--resume', '--non-interactive', '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    for (const out of [declined.stderr, resumed.stderr]) {
      expect(out).toMatch(new RegExp(`Resume deployment [0-9a-f]{8} in ARM endpoint \\S+: steps ${left.join(', ')} remain`));
      expect(out).not.toMatch(/will build|Estimated monthly cost|Create these resources/);
    }
  });

  it('status --resume of a deployment made with --no-test-deployment does not list step 10 as remaining', async () => {
    const cwd = await failedAtCluster('aks-res10', ['--no-test-deployment']);
    const resumed = await runIn(cwd, ['status', '--resume', '--non-interactive', '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const line = /Resume deployment [0-9a-f]{8} in ARM endpoint \S+: steps ([0-9, ]+) remain/.exec(resumed.stderr);
    expect(line, resumed.stderr).not.toBeNull();
    const listed = line![1]!.split(', ').map(Number);
    expect(listed).toContain(5);
    expect(listed).not.toContain(10);
    expect(resumed.stderr).not.toMatch(/^ +10\. /m);
  });
});
