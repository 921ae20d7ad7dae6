import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/step.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as cluster } from '../../src/steps/05-cluster.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { step as bastion } from '../../src/steps/08-bastion.js';
import { clusterBody } from '../../src/steps/desired/cluster-desired.js';
import { subnetId } from '../../src/azure/ids.js';

/**
 * The pricing tier, the maintenance windows and the user's tags, through the real steps and SDK clients
 * against the emulator: created, changed in place (as plan shows it), removed, and never touching what
 * this deployment did not create.
 */
const emu = useTestEmulator({ speed: SPEED.instant });
const LRO = { updateIntervalInMs: 20 };
const DEPLOYMENT = 'tmt-deployment-01';

function harness(rg: string, config: Partial<ResolvedConfig> = {}): StepHarness {
  return createStepHarness(emu, {
    deploymentId: DEPLOYMENT,
    config: { resourceGroup: rg, bastion: false, jumphost: false, ...config },
  });
}

async function upToCluster(h: StepHarness): Promise<void> {
  await h.applyAll([identity, network, nsg, rules, egress, cluster]);
}

const clusterChange = (changes: Change[]) => changes.find((c) => c.resourceType === 'Microsoft.ContainerService/managedClusters');
const windowChange = (changes: Change[], name: string) =>
  changes.find((c) => c.resourceType.endsWith('/maintenanceConfigurations') && c.name === name);

async function aks() {
  return emu.clients().containerService();
}

describe('pricing tier', () => {
  it('creates the cluster on the configured tier, then switches free -> standard in place as the plan says', async () => {
    const rg = 'rg-tier-switch';
    const free = harness(rg, { tier: 'free' });
    await upToCluster(free);
    const before = await (await aks()).managedClusters.get(rg, 'aks-test');
    expect(before.sku).toEqual({ name: 'Base', tier: 'Free' });
    expect(before.supportPlan).toBe('KubernetesOfficial');

    const standard = harness(rg, { tier: 'standard' });
    standard.outputs.set('identity', free.outputs.get('identity')!);
    standard.outputs.set('network', free.outputs.get('network')!);
    const planned = clusterChange(await standard.check(cluster));
    expect(planned).toMatchObject({ action: 'update', diff: [{ property: 'sku.tier', current: 'Free', desired: 'Standard' }] });

    standard.resetCounters();
    await standard.apply(cluster);
    expect(standard.writes().map((w) => `${w.method} ${w.path}`)).toEqual([expect.stringMatching(/^PUT .*\/managedClusters\/aks-test$/)]);
    const after = await (await aks()).managedClusters.get(rg, 'aks-test');
    expect(after.sku).toEqual({ name: 'Base', tier: 'Standard' });
    expect(after.id).toBe(before.id);
    expect(clusterChange(await standard.check(cluster))?.action).toBe('none');
  });

  it('a cluster made before the tier option (no sku sent) shows no change at tier free', async () => {
    const rg = 'rg-tier-legacy';
    const h = harness(rg, { tier: 'free' });
    await h.applyAll([identity, network, nsg, rules, egress]);
    // The body as it was sent before the option existed: no sku, no support plan.
    const inputs = {
      identityId: String(h.outputs.get('identity')!.identityId),
      nodeSubnetId: subnetId(h.context(cluster), h.names.nodeSubnet),
      addonsTurnedOn: [],
    };
    const { sku: _sku, supportPlan: _plan, ...legacy } = clusterBody(h.context(cluster), h.context(cluster).tags, inputs);
    void _sku;
    void _plan;
    await (await aks()).managedClusters.beginCreateOrUpdateAndWait(rg, 'aks-test', legacy, LRO);
    expect(clusterChange(await h.check(cluster))?.action).toBe('none');
  });

  it('premium carries long-term support; AKS refuses long-term support on another tier with 400 InvalidParameter', async () => {
    const rg = 'rg-tier-premium';
    const h = harness(rg, { tier: 'premium' });
    await upToCluster(h);
    const mc = await (await aks()).managedClusters.get(rg, 'aks-test');
    expect(mc.sku?.tier).toBe('Premium');
    expect(mc.supportPlan).toBe('AKSLongTermSupport');

    const refused = await (await aks()).managedClusters
      .beginCreateOrUpdateAndWait(rg, 'aks-test', { ...mc, sku: { name: 'Base', tier: 'Standard' } }, LRO)
      .catch((e: { statusCode?: number; code?: string; message: string }) => e);
    expect(refused).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect((refused as Error).message).toMatch(/Premium tier/);
    const bad = await emu.http('PUT', `${mc.id}?api-version=2026-04-01`, {
      location: 'eastus',
      sku: { name: 'Base', tier: 'Gold' },
      properties: {},
    });
    expect(bad.status).toBe(400);
    expect(bad.body?.error?.code).toBe('InvalidParameter');
  });
});

describe('maintenance windows', () => {
  it('creates both schedules after the cluster, changes one in place, deletes a removed one it created', async () => {
    const rg = 'rg-maint';
    const h = harness(rg, { autoUpgradeWindow: 'Sunday 02:00 4h', nodeOsUpgradeWindow: 'Saturday 22:00 6h +01:00' });
    await h.applyAll([identity, network, nsg, rules, egress]);
    const planned = await h.check(cluster);
    expect(windowChange(planned, 'aksManagedAutoUpgradeSchedule')?.action).toBe('create');
    expect(windowChange(planned, 'aksManagedNodeOSUpgradeSchedule')?.action).toBe('create');
    const { outputs } = await h.apply(cluster);
    expect(outputs.maintenanceConfigurations).toEqual(['aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule']);

    const client = await aks();
    const auto = await client.maintenanceConfigurations.get(rg, 'aks-test', 'aksManagedAutoUpgradeSchedule');
    expect(auto.maintenanceWindow).toMatchObject({
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
      durationHours: 4,
      utcOffset: '+00:00',
      startTime: '02:00',
    });
    const nodeOs = await client.maintenanceConfigurations.get(rg, 'aks-test', 'aksManagedNodeOSUpgradeSchedule');
    expect(nodeOs.maintenanceWindow).toMatchObject({ durationHours: 6, utcOffset: '+01:00', startTime: '22:00' });

    h.resetCounters();
    expect((await h.check(cluster)).every((c) => c.action === 'none')).toBe(true);
    await h.apply(cluster);
    expect(h.writeCount()).toBe(0);

    // The auto-upgrade window moves; the node OS window leaves the configuration.
    h.config.autoUpgradeWindow = 'Wednesday 01:30 8h';
    h.config.nodeOsUpgradeWindow = undefined;
    const changed = await h.check(cluster);
    expect(windowChange(changed, 'aksManagedAutoUpgradeSchedule')).toMatchObject({
      action: 'update',
      diff: [{ property: 'maintenanceWindow', current: 'Sunday 02:00 4h +00:00', desired: 'Wednesday 01:30 8h +00:00' }],
    });
    expect(windowChange(changed, 'aksManagedNodeOSUpgradeSchedule')).toMatchObject({
      action: 'delete',
      id: expect.stringMatching(/\/maintenanceConfigurations\/aksManagedNodeOSUpgradeSchedule$/),
      note: 'nodeOsUpgradeWindow is no longer set',
    });
    const after = await h.apply(cluster);
    expect(after.outputs.maintenanceConfigurations).toEqual(['aksManagedAutoUpgradeSchedule']);
    const list = [];
    for await (const c of client.maintenanceConfigurations.listByManagedCluster(rg, 'aks-test')) list.push(c);
    expect(list.map((c) => [c.name, c.maintenanceWindow?.schedule.weekly?.dayOfWeek])).toEqual([
      ['aksManagedAutoUpgradeSchedule', 'Wednesday'],
    ]);

    // A window changed by hand is drift: verify names it.
    await client.maintenanceConfigurations.createOrUpdate(rg, 'aks-test', 'aksManagedAutoUpgradeSchedule', {
      maintenanceWindow: { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Monday' } }, durationHours: 8, startTime: '01:30' },
    });
    await expect(cluster.verify(h.context(cluster))).rejects.toThrow(/maintenance window aksManagedAutoUpgradeSchedule is Monday 01:30 8h/);
  });

  it('leaves a window made by hand alone when the configuration has none, and says so', async () => {
    const rg = 'rg-maint-hand';
    const h = harness(rg);
    await upToCluster(h);
    const client = await aks();
    await client.maintenanceConfigurations.createOrUpdate(rg, 'aks-test', 'aksManagedNodeOSUpgradeSchedule', {
      maintenanceWindow: { schedule: { weekly: { intervalWeeks: 2, dayOfWeek: 'Friday' } }, durationHours: 4, startTime: '03:00' },
    });
    const planned = windowChange(await h.check(cluster), 'aksManagedNodeOSUpgradeSchedule');
    expect(planned).toMatchObject({ action: 'none', note: expect.stringContaining('not created by secure-aks') });
    h.resetCounters();
    await h.apply(cluster);
    expect(h.writeCount()).toBe(0);
    expect((await client.maintenanceConfigurations.get(rg, 'aks-test', 'aksManagedNodeOSUpgradeSchedule')).name).toBe(
      'aksManagedNodeOSUpgradeSchedule',
    );
  });
});

describe('maintenance windows made by hand', () => {
  it('updating one to the configured window does not make it ours: removing the window later leaves it', async () => {
    const rg = 'rg-maint-adopted';
    const h = harness(rg);
    await upToCluster(h);
    const client = await aks();
    await client.maintenanceConfigurations.createOrUpdate(rg, 'aks-test', 'aksManagedAutoUpgradeSchedule', {
      maintenanceWindow: { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Friday' } }, durationHours: 4, startTime: '03:00' },
    });
    h.config.autoUpgradeWindow = 'Sunday 02:00 4h';
    expect(windowChange(await h.check(cluster), 'aksManagedAutoUpgradeSchedule')?.action).toBe('update');
    const { outputs } = await h.apply(cluster);
    expect(outputs.maintenanceConfigurations).toEqual([]);

    h.config.autoUpgradeWindow = undefined;
    expect(windowChange(await h.check(cluster), 'aksManagedAutoUpgradeSchedule')).toMatchObject({
      action: 'none',
      note: expect.stringContaining('not created by secure-aks'),
    });
    h.resetCounters();
    await h.apply(cluster);
    expect(h.writeCount()).toBe(0);
    expect((await client.maintenanceConfigurations.get(rg, 'aks-test', 'aksManagedAutoUpgradeSchedule')).maintenanceWindow?.startTime).toBe(
      '02:00',
    );
  });
});

describe('user tags', () => {
  it('go on every resource this deployment creates, change in place on those only, never on an adopted route table', async () => {
    const rg = 'rg-tags';
    const h = harness(rg, { tags: ['cost-center=1234', 'team=platform'], bastion: true, jumphost: true });
    // A route table the platform team made under the name step 3 uses: it is used, never h.
    const rm = await emu.clients().resources();
    const net = await emu.clients().network();
    await rm.resourceGroups.createOrUpdate(rg, { location: 'eastus', tags: { owner: 'platform' } });
    await net.routeTables.beginCreateOrUpdateAndWait(rg, h.names.routeTable, { location: 'eastus', tags: { owner: 'platform' } }, LRO);

    await h.applyAll([identity, network, nsg, rules, egress, cluster, bastion]);
    const ours = (await emu.control.resources()).filter((r) => r.tags?.['secure-aks-deployment'] === DEPLOYMENT);
    const types = new Set(ours.map((r) => r.type.toLowerCase()));
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.Network/virtualNetworks',
      'Microsoft.Network/publicIPAddresses',
      'Microsoft.Network/azureFirewalls',
      'Microsoft.Network/firewallPolicies',
      'Microsoft.Network/networkSecurityGroups',
      'Microsoft.ContainerService/managedClusters',
      'Microsoft.Network/bastionHosts',
      'Microsoft.Network/networkInterfaces',
      'Microsoft.Compute/virtualMachines',
    ])
      expect(types, type).toContain(type.toLowerCase());
    for (const r of ours) expect(r.tags, r.id).toMatchObject({ 'cost-center': '1234', team: 'platform', 'managed-by': 'secure-aks' });
    const table = () => net.routeTables.get(rg, h.names.routeTable);
    expect((await table()).tags).toEqual({ owner: 'platform' });
    expect((await rm.resourceGroups.get(rg)).tags).toEqual({ owner: 'platform' });

    // A tag someone adds to one of ours by hand stays: only the configured ones are ours to change.
    await net.virtualNetworks.updateTags(rg, h.names.vnet, {
      tags: { ...(await net.virtualNetworks.get(rg, h.names.vnet)).tags, ticket: 'T-1' },
    });
    expect((await h.check(network))[0]?.action).toBe('none');

    // cost-center changes, team is removed: a tag update on each of our resources, none on anyone else's.
    h.config.tags = ['cost-center=99'];
    const steps = [identity, network, nsg, rules, egress, cluster, bastion];
    const planned = (await Promise.all(steps.map((s) => h.check(s)))).flat();
    const tagUpdates = planned.filter((c) => c.action === 'update' && c.diff?.some((d) => d.property.startsWith('tags.')));
    expect(tagUpdates.map((c) => c.resourceType.split('/').pop()).sort()).toEqual(
      [
        'azureFirewalls',
        'bastionHosts',
        'firewallPolicies',
        'managedClusters',
        'networkInterfaces',
        'networkSecurityGroups',
        'networkSecurityGroups',
        'networkSecurityGroups',
        'publicIPAddresses',
        'publicIPAddresses',
        'userAssignedIdentities',
        'virtualMachines',
        'virtualNetworks',
      ].sort(),
    );
    expect(planned.find((c) => c.resourceType === 'Microsoft.Network/routeTables')?.action).toBe('none');

    h.resetCounters();
    await h.applyAll(steps);
    // Tags-only PATCHes where a PUT would rewrite (and for a firewall, re-provision) the whole resource.
    const methods = (path: RegExp) =>
      h
        .writes()
        .filter((w) => path.test(w.path))
        .map((w) => w.method);
    expect(methods(/azureFirewalls\/[^/]+$/i)).toEqual(['PATCH']);
    expect(methods(/virtualMachines\/[^/]+$/i)).toEqual(['PATCH']);
    expect(methods(/virtualNetworks\/[^/]+$/i)).toEqual(['PATCH']);
    const after = (await emu.control.resources()).filter((r) => r.tags?.['secure-aks-deployment'] === DEPLOYMENT);
    // What Azure made beside ours keeps the tags it was born with: the node resource group's resources
    // (AKS copies the cluster's tags on its own schedule) and the jumphost's OS disk (made with the VM).
    const written = after.filter((x) => !x.id.toLowerCase().includes('/mc_') && !/\/disks\//i.test(x.id));
    expect(written.length).toBeGreaterThanOrEqual(13);
    for (const r of written) {
      const extra = r.type === 'Microsoft.Network/virtualNetworks' ? { ticket: 'T-1' } : {};
      expect(r.tags, r.id).toEqual({ 'cost-center': '99', 'managed-by': 'secure-aks', 'secure-aks-deployment': DEPLOYMENT, ...extra });
    }
    expect((await table()).tags).toEqual({ owner: 'platform' });
    expect((await rm.resourceGroups.get(rg)).tags).toEqual({ owner: 'platform' });

    h.resetCounters();
    expect((await Promise.all(steps.map((s) => h.check(s)))).flat().filter((c) => c.action === 'update')).toEqual([]);
  });
});
