import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useSeparateEmulator } from './run-cli.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * Re-runs in a directory that already holds a deployment (built CLI, separately started emulator): the
 * state file supplies what the flags leave out, and what Azure cannot change is refused before any write.
 */
const e = useSeparateEmulator('rerun', SPEED.fast);

/** A directory with a finished deployment in uksouth; later commands there pass no -g/-n/-l. */
async function deployed(name: string): Promise<{ cwd: string; state: string }> {
  const cwd = join(e.work, name);
  mkdirSync(cwd);
  const first = await runCli(
    [
      'init',
      '--arm-endpoint',
      e.url,
      '--arm-ca',
      e.caFile,
      '--non-interactive',
      '--yes',
      '-o',
      'json',
      '-g',
      `rg-${name}`,
      '-n',
      name,
      '-l',
      'uksouth',
      '--no-test-deployment',
    ],
    { cwd },
  );
  expect(first.code, first.stderr).toBe(0);
  return { cwd, state: join(cwd, '.secure-aks', 'state.json') };
}

describe('re-running against an existing deployment (built CLI)', () => {
  it('refuses another region before any write, naming both, and leaves the state file as it was', async () => {
    const { cwd, state } = await deployed('aks-loc');
    const before = readFileSync(state, 'utf8');
    const from = (await e.control.requests()).length;
    const r = await runCli(['init', '--non-interactive', '--yes', '-l', 'eastus'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /InvalidResourceGroupLocation: Resource group rg-aks-loc already exists in uksouth, but location eastus was requested/,
    );
    expect(r.stderr).toMatch(/Pass -l uksouth/);
    expect(await e.writesSince(from)).toEqual([]);
    expect(readFileSync(state, 'utf8')).toBe(before);
    const status = JSON.parse((await runCli(['status', '--offline', '-o', 'json'], { cwd })).stdout);
    expect(status.config.location).toBe('uksouth');
  });

  it('refuses changes AKS cannot make to an existing cluster, with the current and requested values', async () => {
    const { cwd } = await deployed('aks-imm');
    const from = (await e.control.requests()).length;
    const r = await runCli(['init', '--non-interactive', '--yes', '--node-vm-size', 'Standard_D2s_v5', '--pod-cidr', '10.245.0.0/16'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /PropertyChangeNotAllowed: Cluster aks-imm has agentPoolProfiles\.system\.vmSize Standard_D4ds_v5; AKS cannot change it to Standard_D2s_v5/,
    );
    expect(r.stderr).toMatch(/add a new node pool/);
    expect(r.stderr).toMatch(
      /PropertyChangeNotAllowed: Cluster aks-imm has networkProfile\.podCidr \S+; AKS cannot change it to 10\.245\.0\.0\/16/,
    );
    expect(await e.writesSince(from)).toEqual([]);
    // plan refuses the same way (it never writes anyway).
    const plan = await runCli(['plan', '--non-interactive', '--pod-cidr', '10.245.0.0/16'], { cwd });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stderr).toMatch(/PropertyChangeNotAllowed/);
  });

  it('plan and init take the recorded configuration and target; a run that changes nothing says so', async () => {
    const { cwd } = await deployed('aks-same');
    const plan = await runCli(['plan', '--non-interactive', '-o', 'json'], { cwd });
    expect(plan.code, plan.stderr).toBe(0);
    expect(
      JSON.parse(plan.stdout)
        .steps.flatMap((s: { changes?: Array<{ action: string }> }) => s.changes ?? [])
        .filter((c: { action: string }) => c.action !== 'none'),
    ).toEqual([]);
    // A flag still beats the state: one more node is planned as an update of the cluster.
    const more = JSON.parse((await runCli(['plan', '--non-interactive', '-o', 'json', '--node-count', '3'], { cwd })).stdout);
    expect(more.steps.find((s: { id: string }) => s.id === 'cluster').changes.map((c: { action: string }) => c.action)).toContain('update');

    const from = (await e.control.requests()).length;
    const again = await runCli(['init', '--non-interactive', '--yes'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Existing deployment [0-9a-f]{8} in ARM endpoint .*: will update what differs and keep the rest/);
    expect(again.stderr).not.toMatch(/will build/);
    expect(again.stdout).toMatch(/Nothing to change: 0 writes to Azure\./);
    expect(await e.writesSince(from)).toEqual([]);
  });

  it('status --resume says which steps remain instead of the whole build summary', async () => {
    const cwd = join(e.work, 'aks-res');
    mkdirSync(cwd);
    await e.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-res$',
      kind: 'lro-failed',
      code: 'CreateVMSSAgentPoolFailed',
      message: 'vmssCSE exit status 50',
    });
    try {
      const failed = await runCli(
        [
          'init',
          '--arm-endpoint',
          e.url,
          '--arm-ca',
          e.caFile,
          '--non-interactive',
          '--yes',
          '-g',
          'rg-aks-res',
          '-n',
          'aks-res',
          '-l',
          'westeurope',
        ],
        { cwd },
      );
      expect(failed.code, failed.stderr).toBe(1);
    } finally {
      await e.control.clearFaults();
    }
    const status = JSON.parse((await runCli(['status', '--offline', '-o', 'json'], { cwd })).stdout);
    const left = status.steps
      .filter((s: { status: string }) => !['done', 'skipped'].includes(s.status))
      .map((s: { number: number }) => s.number);
    expect(left).toContain(5);

    const declined = await runCli(['status', '--resume', '--non-interactive'], { cwd });
    expect(declined.code).toBe(3);
    const resumed = await runCli(['status', '--resume', '--non-interactive', '--yes'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    for (const out of [declined.stderr, resumed.stderr]) {
      expect(out).toMatch(new RegExp(`Resume deployment [0-9a-f]{8} in ARM endpoint \\S+: steps ${left.join(', ')} remain`));
      expect(out).not.toMatch(/will build|Estimated monthly cost|Create these resources/);
    }
  });
});
