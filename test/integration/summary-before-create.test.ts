/**
 * What the summary says before anything is created: a node VM size Azure does not offer is refused (exit 2)
 * without a price ever being printed for it, and risky but valid combinations are warned about there, not
 * discovered after the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-summary-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the summary before anything is created', () => {
  it('an unknown --node-vm-size exits 2 naming the flag, the value and sizes offered, and nothing is priced or created', async () => {
    const before = (await emu.control.requests()).length;
    const r = await runMain([...initArgs(emu, join(work, 'size.json'), 'aks-size'), '--node-vm-size', 'Standard_Bogus9_v9']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/VmSizeNotAvailable: --node-vm-size Standard_Bogus9_v9 is not offered in eastus/);
    expect(r.stderr).toMatch(/What to do: Pass --node-vm-size with a size offered in eastus \(e\.g\. Standard_\w+/);
    // No price for anything: not the size that cannot be built, not a total.
    expect(r.stderr).not.toMatch(/USD/);
    // Azure was asked (the sizes it offers): the failure names the correlation id and the run's log.
    expect(r.stderr).toMatch(/Error VmSizeNotAvailable: nothing was created;.*\nCorrelation id: [0-9a-f-]{36}\nLog: \S+\.log/);
    expect(r.stderr).toMatch(/Estimated monthly cost: not estimated, as --node-vm-size Standard_Bogus9_v9 cannot be built here/);
    const writes = (await emu.control.requests()).slice(before).filter((q) => q.method !== 'GET' && q.method !== 'POST');
    expect(writes).toEqual([]);
  });

  it('a jumphost without Bastion, and no test deployment, are warned about on the summary before the steps run', async () => {
    const r = await runMain([...initArgs(emu, join(work, 'lonely.json'), 'aks-lonely'), '--no-bastion', '--no-test-deployment']);
    expect(r.code, r.stderr).toBe(0);
    const summary = r.stderr.slice(0, r.stderr.indexOf('Preflight'));
    expect(summary).toMatch(/Warning: jumphost vm-aks-lonely-jump without Bastion: reachable only from a peered network or VPN/);
    expect(summary).toMatch(/Warning: no test deployment: nothing proves that workloads reach the internet only through the firewall/);
    expect(r.stderr.indexOf('Warning: jumphost')).toBeLessThan(r.stderr.indexOf('Running 10 steps'));
  });

  it('a Bastion without a jumphost is warned about: there is nothing for it to connect to', async () => {
    const r = await runMain([...initArgs(emu, join(work, 'idle.json'), 'aks-idle'), '--no-jumphost']);
    expect(r.code, r.stderr).toBe(0);
    const summary = r.stderr.slice(0, r.stderr.indexOf('Preflight'));
    expect(summary).toMatch(/Warning: Bastion bas-aks-idle without a jumphost: no VM of this deployment for it to connect to/);
    expect(summary).not.toMatch(/Warning: no test deployment/);
  });
});
