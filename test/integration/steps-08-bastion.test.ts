import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egressRoute } from '../../src/steps/03-egress-route.js';
import { step as firewallRules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { step as bastion } from '../../src/steps/08-bastion.js';
import { ensureSshKey } from '../../src/state/ssh-key.js';
import { testConfig } from '../helpers/step-context.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';

describe('step 8 bastion and jumphost (emulator, real SDK)', () => {
  let emu: TestEmulator;
  let h: StepHarness;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-bas', name: 'aks-bas' } });
    await h.applyAll([identity, network, nsg, firewallRules, egressRoute]);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('in plan on an empty subscription, lists creations without writing', async () => {
    const empty = createStepHarness(emu, { config: { resourceGroup: 'rg-bas-empty', name: 'aks-empty' } });
    expect((await empty.check(bastion)).map((c) => c.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(empty.writeCount()).toBe(0);
  });

  it('plans the public IP, Bastion, NIC and VM', async () => {
    const changes = await h.check(bastion);
    expect(changes.map((c) => [c.resourceType, c.action])).toEqual([
      ['Microsoft.Network/publicIPAddresses', 'create'],
      ['Microsoft.Network/bastionHosts', 'create'],
      ['Microsoft.Network/networkInterfaces', 'create'],
      ['Microsoft.Compute/virtualMachines', 'create'],
    ]);
  });

  it('creates a Standard Bastion with tunnelling and a jumphost without public IP, key auth only', async () => {
    const { outputs } = await h.apply(bastion);
    await bastion.verify!(h.context(bastion));
    const client = await h.azure.network();
    const rg = h.config.resourceGroup;
    const host = await client.bastionHosts.get(rg, h.names.bastion);
    expect(host).toMatchObject({ sku: { name: 'Standard' }, enableTunneling: true, provisioningState: 'Succeeded' });
    expect(host.tags).toMatchObject({ 'managed-by': 'secure-aks', 'secure-aks-deployment': h.deploymentId });
    const pip = await client.publicIPAddresses.get(rg, h.names.bastionPublicIp);
    expect(pip).toMatchObject({ sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' });

    const nic = await client.networkInterfaces.get(rg, h.names.jumphostNic);
    expect(nic.ipConfigurations?.every((c) => !c.publicIPAddress)).toBe(true);
    expect(nic.ipConfigurations?.[0]?.subnet?.id?.toLowerCase()).toContain(`/subnets/${h.names.jumphostSubnet}`.toLowerCase());
    const vm = await (await h.azure.compute()).virtualMachines.get(rg, h.names.jumphostVm);
    expect(vm.osProfile?.linuxConfiguration?.disablePasswordAuthentication).toBe(true);
    expect(vm.osProfile?.linuxConfiguration?.ssh?.publicKeys?.[0]?.keyData).toMatch(/^ssh-ed25519 AAAA/);
    expect(outputs).toMatchObject({
      bastionId: host.id,
      jumphostVmId: vm.id,
      jumphostPrivateIp: expect.stringMatching(/^10\.42\.0\.1\d\d$/),
    });
  });

  it('writes the private key with mode 0600 and never puts it in outputs, progress or ARM resources', async () => {
    const outputs = h.outputs.get('bastion')!;
    const keyPath = String(outputs.sshKeyPath);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    const pem = await readFile(keyPath, 'utf8');
    const secret = pem.split('\n')[1]!; // a line of the private key body
    const everywhere = JSON.stringify([outputs, h.progress, await emu.control.resources()]);
    expect(everywhere).not.toContain('PRIVATE KEY');
    expect(everywhere).not.toContain(secret);
  });

  it('re-applies with zero writes and keeps the key file', async () => {
    const keyPath = String(h.outputs.get('bastion')!.sshKeyPath);
    const before = await readFile(keyPath, 'utf8');
    h.resetCounters();
    const changes = await h.check(bastion);
    expect(changes.filter((c) => c.action !== 'none')).toEqual([]);
    await bastion.apply(h.context(bastion), changes);
    expect(h.writeCount()).toBe(0);
    expect(await readFile(keyPath, 'utf8')).toBe(before);
  });

  it('verify names a local key file that does not open the jumphost', async () => {
    const keyPath = String(h.outputs.get('bastion')!.sshKeyPath);
    const original = await readFile(keyPath, 'utf8');
    await rm(keyPath);
    await ensureSshKey(keyPath, 'another-key');
    await expect(bastion.verify!(h.context(bastion))).rejects.toMatchObject({
      code: 'JumphostNotCompliant',
      message: expect.stringContaining('is not an authorized key'),
    });
    await writeFile(keyPath, original, { mode: 0o600 });
    await bastion.verify!(h.context(bastion));
  });

  it('verify names a public IP attached to the jumphost NIC', async () => {
    const client = await h.azure.network();
    const rg = h.config.resourceGroup;
    const pip = await client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip-rogue', {
      location: h.config.location,
      sku: { name: 'Standard' },
      publicIPAllocationMethod: 'Static',
    });
    const nic = await client.networkInterfaces.get(rg, h.names.jumphostNic);
    const ipc = nic.ipConfigurations![0]!;
    await client.networkInterfaces.beginCreateOrUpdateAndWait(rg, h.names.jumphostNic, {
      ...nic,
      ipConfigurations: [{ ...ipc, publicIPAddress: { id: pip.id } }],
    });
    await expect(bastion.verify!(h.context(bastion))).rejects.toMatchObject({
      code: 'JumphostNotCompliant',
      message: expect.stringContaining('public IP'),
    });
  });
});

describe('step 8 skip rules', () => {
  it('is skipped when both Bastion and jumphost are disabled, and applies when either is on', () => {
    expect(bastion.skipReason!(testConfig({ bastion: false, jumphost: false }))).toMatch(/disabled/);
    expect(bastion.skipReason!(testConfig({ bastion: false }))).toBeUndefined();
    expect(bastion.skipReason!(testConfig({ jumphost: false }))).toBeUndefined();
  });
});

describe('step 8 re-attaches to a Bastion create that an earlier run left in flight', () => {
  let emu: TestEmulator;
  afterAll(async () => {
    await emu?.close();
  });

  // A hold fault keeps the Bastion create in flight until the clock is advanced, so the second run finds it
  // still Creating however loaded the machine, and nothing waits in real time for it.
  it('journals the operation and resumes it instead of sending a second create', async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    const config = { resourceGroup: 'rg-bas-crash', name: 'aks-crash', jumphost: false };
    const first = createStepHarness(emu, { config });
    await first.applyAll([identity, network, nsg, firewallRules, egressRoute]);
    await emu.control.clearRequests();
    await emu.control.fault({ method: 'PUT', path: 'bastionHosts/bas-aks-crash$', kind: 'hold', times: 1 });

    const running = first.apply(bastion);
    const isBastionPut = (r: { method: string; path: string }) => r.method === 'PUT' && /bastionHosts\/bas-aks-crash$/i.test(r.path);
    // Die once the create is both sent and journaled: the window between the two is the crash test's concern.
    while (!(await emu.control.requests()).some(isBastionPut) || !first.journal.has('bastion')) await new Promise((r) => setTimeout(r, 20));
    first.abort.abort(); // the process "dies" while Azure keeps building the Bastion
    await expect(running).rejects.toBeTruthy();
    const op = first.journal.get('bastion');
    expect(op).toMatchObject({ operation: 'create', resourceId: expect.stringMatching(/bastionHosts\/bas-aks-crash$/) });

    const second = createStepHarness(emu, { config });
    second.journal.set('bastion', op!);
    const changes = await second.check(bastion);
    expect(changes.find((c) => c.resourceType === 'Microsoft.Network/bastionHosts')).toMatchObject({
      action: 'update',
      diff: [expect.objectContaining({ property: 'provisioningState' })],
    });
    await emu.control.advanceClock(0); // Azure finishes the Bastion while the second run re-attaches
    const outputs = await bastion.apply(second.context(bastion), changes);
    expect(outputs.bastionId).toMatch(/bas-aks-crash$/);
    expect(second.journal.has('bastion')).toBe(false);
    expect((await emu.control.requests()).filter(isBastionPut)).toHaveLength(1);
    expect(second.progress.some((p) => p.includes('re-attaching'))).toBe(true);
  });
});

describe('step 8 with --no-bastion', () => {
  let emu: TestEmulator;
  afterAll(async () => {
    await emu?.close();
  });

  it('creates only the jumphost', async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-jump-only', name: 'aks-jo', bastion: false } });
    await h.applyAll([identity, network, nsg, firewallRules, egressRoute]);
    const { changes, outputs } = await h.apply(bastion);
    expect(changes.map((c) => c.resourceType)).toEqual(['Microsoft.Network/networkInterfaces', 'Microsoft.Compute/virtualMachines']);
    expect(outputs.bastionId).toBeUndefined();
    expect(outputs.jumphostVmId).toBeTruthy();
    const types = (await emu.control.resources()).map((r) => r.type.toLowerCase());
    expect(types).not.toContain('microsoft.network/bastionhosts');
  });
});
