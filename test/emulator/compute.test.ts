import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const RG = 'rg-jump';
const WAIT = { updateIntervalInMs: 20 };
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBexampleexampleexampleexampleexampleexample jump@secure-aks';
const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
let nicId: string;

beforeEach(async () => {
  await emu.control.reset();
  const clients = emu.clients();
  await (await clients.resources()).resourceGroups.createOrUpdate(RG, { location: 'eastus' });
  const network = await clients.network();
  const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
    RG,
    'vnet',
    {
      location: 'eastus',
      addressSpace: { addressPrefixes: ['10.42.0.0/16'] },
      subnets: [{ name: 'snet-jump', addressPrefix: '10.42.3.0/27' }],
    },
    WAIT,
  );
  const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
    RG,
    'nic-jump',
    { location: 'eastus', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: `${vnet.id}/subnets/snet-jump` } }] },
    WAIT,
  );
  nicId = nic.id!;
});

function jumphost(overrides: Record<string, any> = {}): any {
  return {
    location: 'eastus',
    tags: { 'managed-by': 'secure-aks' },
    hardwareProfile: { vmSize: 'Standard_B2s' },
    storageProfile: {
      imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
      osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'StandardSSD_LRS' }, deleteOption: 'Delete' },
    },
    osProfile: {
      computerName: 'jump',
      adminUsername: 'azureuser',
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: KEY }] },
      },
    },
    networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
    ...overrides,
  };
}

describe('virtual machines', () => {
  it('creates a VM with its OS disk, answers GET with the example fields, deletes the disk with deleteOption Delete', async () => {
    const compute = await emu.clients().compute();
    const vm = await compute.virtualMachines.createOrUpdate(RG, 'vm-jump', jumphost(), WAIT);
    expect(vm.provisioningState).toBe('Succeeded');
    expect(vm.vmId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vm.osProfile?.linuxConfiguration?.disablePasswordAuthentication).toBe(true);
    const diskId = vm.storageProfile?.osDisk?.managedDisk?.id;
    expect(diskId).toMatch(/\/providers\/Microsoft\.Compute\/disks\/vm-jump_OsDisk_1_[0-9a-f]{32}$/);

    const raw = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm-jump?api-version=2026-03-01`,
    );
    const example = JSON.parse(readFileSync('test/fixtures/arm-examples/compute/VirtualMachine_Get.json', 'utf8')).responses['200'].body;
    for (const key of ['id', 'name', 'type', 'location', 'tags', 'etag']) expect(raw.body).toHaveProperty(key);
    for (const key of ['vmId', 'hardwareProfile', 'storageProfile', 'osProfile', 'networkProfile', 'provisioningState', 'timeCreated']) {
      expect(example.properties).toHaveProperty(key);
      expect(raw.body.properties).toHaveProperty(key);
    }
    for (const key of ['osType', 'name', 'createOption', 'caching', 'managedDisk', 'diskSizeGB'])
      expect(raw.body.properties.storageProfile.osDisk).toHaveProperty(key);

    await compute.virtualMachines.delete(RG, 'vm-jump', WAIT);
    const resources = await emu.control.resources();
    expect(resources.some((r) => r.id === diskId)).toBe(false);
    expect(resources.some((r) => r.id.toLowerCase() === nicId.toLowerCase())).toBe(true);
    await expect(compute.virtualMachines.get(RG, 'vm-jump')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers a create 201 with Azure-AsyncOperation and a delete 202 with Azure-AsyncOperation and Location', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm-wire?api-version=2026-03-01`;
    const created = await emu.http('PUT', path, { location: 'eastus', properties: jumphost() });
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe('Creating');
    expect(created.headers['azure-asyncoperation']).toMatch(
      /\/providers\/Microsoft\.Compute\/locations\/eastus\/operations\/[0-9a-f-]{36}/,
    );
    expect(created.headers.location).toBeUndefined();
    const compute = await emu.clients().compute();
    await compute.virtualMachines.get(RG, 'vm-wire');
    await expect.poll(async () => (await emu.http('GET', path)).body.properties.provisioningState, { timeout: 5000 }).toBe('Succeeded');
    const deleted = await emu.http('DELETE', path);
    expect(deleted.status).toBe(202);
    expect(deleted.headers['azure-asyncoperation']).toMatch(/\/operations\/[0-9a-f-]{36}/);
    const asyncUrl = new URL(String(deleted.headers['azure-asyncoperation']));
    const monitorUrl = new URL(String(deleted.headers.location));
    expect(monitorUrl.pathname).toBe(asyncUrl.pathname);
    expect(monitorUrl.searchParams.get('monitor')).toBe('true');
    // At this speed the delete may already be over: the monitor URL answers the Location way (202, then 204).
    expect([202, 204]).toContain((await emu.http('GET', monitorUrl.pathname + monitorUrl.search)).status);
    expect(['InProgress', 'Succeeded']).toContain((await emu.http('GET', asyncUrl.pathname + asyncUrl.search)).body.status);
  });

  it('adds the instance view with $expand=instanceView', async () => {
    const compute = await emu.clients().compute();
    await compute.virtualMachines.createOrUpdate(RG, 'vm-iv', jumphost(), WAIT);
    const plain = await compute.virtualMachines.get(RG, 'vm-iv');
    expect(plain.instanceView).toBeUndefined();
    const expanded = await compute.virtualMachines.get(RG, 'vm-iv', { expand: 'instanceView' });
    expect(expanded.instanceView?.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    expect(expanded.instanceView?.computerName).toBe('jump');
  });

  it('keeps the OS disk when its deleteOption is Detach', async () => {
    const compute = await emu.clients().compute();
    const body = jumphost();
    body.storageProfile.osDisk.deleteOption = 'Detach';
    const vm = await compute.virtualMachines.createOrUpdate(RG, 'vm-jump', body, WAIT);
    await compute.virtualMachines.delete(RG, 'vm-jump', WAIT);
    const disk = (await emu.control.resources()).find((r) => r.id === vm.storageProfile?.osDisk?.managedDisk?.id);
    expect(disk?.properties?.diskState).toBe('Unattached');
  });

  it('never stores or returns an admin password', async () => {
    const compute = await emu.clients().compute();
    const body = jumphost();
    body.osProfile = { ...body.osProfile, adminPassword: 'S3cret-Passw0rd!', linuxConfiguration: { disablePasswordAuthentication: false } };
    await compute.virtualMachines.createOrUpdate(RG, 'vm-jump', body, WAIT);
    expect(JSON.stringify(await emu.control.resources())).not.toContain('S3cret-Passw0rd!');
  });

  it.each([
    [
      'a password-less VM without SSH keys',
      { osProfile: { adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true } } },
      'InvalidParameter',
      /Authentication using either SSH or by user name and password/,
    ],
    [
      'a reserved admin user name',
      {
        osProfile: {
          adminUsername: 'admin',
          linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ keyData: KEY }] } },
        },
      },
      'InvalidParameter',
      /Admin Username specified is not allowed/,
    ],
    ['an unknown VM size', { hardwareProfile: { vmSize: 'Standard_Z99' } }, 'InvalidParameter', /VM size is not valid/],
    [
      'a NIC that does not exist',
      {
        networkProfile: {
          networkInterfaces: [{ id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/missing` }],
        },
      },
      'InvalidParameter',
      /was not found/,
    ],
  ])('refuses %s', async (_label, overrides, code, message) => {
    const compute = await emu.clients().compute();
    const err: any = await compute.virtualMachines.createOrUpdate(RG, 'vm-bad', jumphost(overrides), WAIT).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code });
    expect(String(err.message)).toMatch(message);
  });

  it('refuses a NIC another VM uses', async () => {
    const compute = await emu.clients().compute();
    await compute.virtualMachines.createOrUpdate(RG, 'vm-jump', jumphost(), WAIT);
    await expect(compute.virtualMachines.createOrUpdate(RG, 'vm-other', jumphost(), WAIT)).rejects.toMatchObject({
      statusCode: 400,
      code: 'NicInUse',
    });
  });
});

describe('virtual machine names', () => {
  const path = (name: string) =>
    `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${name}?api-version=2026-03-01`;
  /** The SDK model flattened into ARM's wire shape. */
  const wire = (overrides: Record<string, any> = {}) => {
    const { location, tags, ...properties } = jumphost(overrides);
    return { location, tags, properties };
  };

  it('refuses a Linux computer name with an underscore, only digits or over 64 characters (the VM name when none is given)', async () => {
    const compute = await emu.clients().compute();
    const refusedName = { statusCode: 400, code: 'InvalidParameter' };
    const osProfile = (computerName?: string) => ({ ...jumphost().osProfile, computerName });
    await expect(
      compute.virtualMachines.createOrUpdate(RG, 'vm-jump', jumphost({ osProfile: osProfile('jump_box') }), WAIT),
    ).rejects.toMatchObject(refusedName);
    const digits = await emu.http('PUT', path('vm-jump'), wire({ osProfile: osProfile('12345') }));
    expect(digits.body.error).toMatchObject({ code: 'InvalidParameter', target: 'osProfile.computerName' });
    expect((await emu.http('PUT', path('vm-jump'), wire({ osProfile: osProfile('j'.repeat(65)) }))).body.error.target).toBe(
      'osProfile.computerName',
    );
    expect((await emu.http('PUT', path('vm_jump'), wire({ osProfile: osProfile(undefined) }))).body.error.target).toBe(
      'osProfile.computerName',
    );
    expect((await emu.http('PUT', path('v'.repeat(65)), wire())).body.error).toMatchObject({ code: 'InvalidParameter', target: 'name' });
  });

  it('accepts them with naming relaxed', async () => {
    await emu.control.setStrictness({ naming: false });
    const compute = await emu.clients().compute();
    const vm = await compute.virtualMachines.createOrUpdate(
      RG,
      'vm-jump',
      jumphost({ osProfile: { ...jumphost().osProfile, computerName: 'jump_box' } }),
      WAIT,
    );
    expect(vm.provisioningState).toBe('Succeeded');
  });
});

describe('usages and SKUs', () => {
  it('reports regional vCPU usage including the VM', async () => {
    const compute = await emu.clients().compute();
    await compute.virtualMachines.createOrUpdate(RG, 'vm-jump', jumphost(), WAIT);
    const usages = [];
    for await (const u of compute.usage.list('eastus')) usages.push(u);
    const cores = usages.find((u) => u.name.value === 'cores');
    expect(cores).toMatchObject({ currentValue: 2, limit: 100, unit: 'Count' });
    expect(usages.find((u) => u.name.value === 'standardBSFamily')?.currentValue).toBe(2);
  });

  it('lists VM sizes of a region with their restrictions', async () => {
    const compute = await emu.clients().compute();
    const skus = [];
    for await (const s of compute.resourceSkus.list({ filter: "location eq 'uksouth'" })) skus.push(s);
    expect(skus.every((s) => s.locations?.[0] === 'uksouth')).toBe(true);
    const d4 = skus.find((s) => s.name === 'Standard_D4ds_v5');
    expect(d4?.capabilities?.find((c) => c.name === 'vCPUs')?.value).toBe('4');
    expect(d4?.restrictions).toEqual([]);
    expect(skus.find((s) => s.name === 'Standard_E4s_v5')?.restrictions?.[0]?.reasonCode).toBe('NotAvailableForSubscription');
  });
});
