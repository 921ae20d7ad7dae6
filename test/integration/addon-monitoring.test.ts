import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { step as cluster } from '../../src/steps/05-cluster.js';
import { runPreflight } from '../../src/preflight/index.js';
import { discover } from '../../src/destroy/discover.js';
import { executePlan } from '../../src/destroy/execute.js';
import { serialQueue } from '../../src/destroy/types.js';
import { CONTAINER_INSIGHTS_STREAM } from '../../src/steps/desired/addon-monitoring.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const RG = 'rg-steps-test';
const DEPLOYMENT = 'test-deployment-0001';

function harness(config: Partial<ResolvedConfig>, from?: StepHarness): StepHarness {
  const h = createStepHarness(emu, { config, deploymentId: DEPLOYMENT });
  for (const [k, v] of from?.outputs ?? []) h.outputs.set(k, v);
  return h;
}

async function deploy(config: Partial<ResolvedConfig>): Promise<StepHarness> {
  const h = harness(config);
  await h.applyAll([identity, network, nsg, rules, egress, cluster]);
  return h;
}

async function readAll(h: StepHarness) {
  const clients = emu.clients();
  const mc = await (await clients.containerService()).managedClusters.get(RG, h.names.cluster);
  const monitor = await clients.monitor();
  const rule = await monitor.dataCollectionRules.get(RG, h.names.dataCollectionRule).catch(() => undefined);
  const association = await monitor.dataCollectionRuleAssociations.get(mc.id!, 'ContainerInsightsExtension').catch(() => undefined);
  const workspace = await (await clients.operationalInsights()).workspaces.get(RG, h.names.logAnalyticsWorkspace).catch(() => undefined);
  return { mc, rule, association, workspace };
}

describe('Container Insights and Defender', () => {
  it('init with monitoring and defender creates the workspace, the rule, the association and both profiles; a re-run writes nothing', async () => {
    const h = await deploy({ monitoring: true, defender: true });
    const { mc, rule, association, workspace } = await readAll(h);
    expect(workspace).toMatchObject({ sku: { name: 'pergb2018' }, retentionInDays: 30, provisioningState: 'Succeeded' });
    expect(workspace?.customerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(workspace?.tags).toMatchObject({ 'secure-aks-deployment': DEPLOYMENT });
    expect(rule?.kind).toBe('Linux');
    expect(rule?.destinations?.logAnalytics?.[0]?.workspaceResourceId?.toLowerCase()).toBe(workspace?.id?.toLowerCase());
    expect(rule?.dataFlows?.[0]?.streams).toEqual([CONTAINER_INSIGHTS_STREAM]);
    expect(rule?.dataSources?.extensions?.[0]).toMatchObject({ extensionName: 'ContainerInsights' });
    expect(association?.dataCollectionRuleId?.toLowerCase()).toBe(rule?.id?.toLowerCase());
    expect(mc.addonProfiles?.omsagent).toMatchObject({
      enabled: true,
      config: { logAnalyticsWorkspaceResourceID: workspace?.id, useAADAuth: 'true' },
    });
    expect(mc.addonProfiles?.omsagent?.identity?.resourceId).toMatch(
      /MC_rg-steps-test_aks-test_eastus\/.*userAssignedIdentities\/omsagent-aks-test$/,
    );
    // AKS made the add-on's identity in the node resource group: a role assignment to it finds its principal.
    const omsIdentity = await (await emu.clients().msi()).userAssignedIdentities.get(mc.nodeResourceGroup!, 'omsagent-aks-test');
    expect(omsIdentity.principalId).toBe(mc.addonProfiles?.omsagent?.identity?.objectId);
    expect(mc.securityProfile?.defender).toMatchObject({
      logAnalyticsWorkspaceResourceId: workspace?.id,
      securityMonitoring: { enabled: true },
    });

    h.resetCounters();
    expect((await h.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);
    await h.apply(cluster);
    expect(h.writeCount()).toBe(0);
  });

  it('step 5 verify fails while Container Insights would collect nothing: no association, no rule', async () => {
    const h = await deploy({ monitoring: true });
    await cluster.verify!(h.context(cluster));
    const { mc } = await readAll(h);
    const monitor = await emu.clients().monitor();
    await monitor.dataCollectionRuleAssociations.delete(mc.id!, h.names.dataCollectionRuleAssociation);
    await expect(cluster.verify!(h.context(cluster))).rejects.toThrow(
      `data collection rule association ${h.names.dataCollectionRuleAssociation} does not exist`,
    );
    await monitor.dataCollectionRules.delete(RG, h.names.dataCollectionRule);
    await expect(cluster.verify!(h.context(cluster))).rejects.toThrow(`data collection rule ${h.names.dataCollectionRule} does not exist`);
    await h.apply(cluster);
    await cluster.verify!(h.context(cluster));
  });

  it('reuses a workspace the configuration names: never writes it, destroy keeps it', async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-logs', { location: 'eastus' });
    await emu.control.setProviderState('Microsoft.OperationalInsights', 'Registered');
    const logs = await emu.clients().operationalInsights();
    const theirs = await logs.workspaces.beginCreateOrUpdateAndWait('rg-logs', 'law-central', {
      location: 'eastus',
      tags: { team: 'ops' },
    });
    // With user tags configured: they never reach a workspace the user brought.
    const h = await deploy({ monitoring: true, logAnalyticsWorkspace: theirs.id, tags: ['cost-center=1234'] });
    expect(h.writes().filter((w) => /operationalinsights/i.test(w.path))).toEqual([]);
    const { mc, rule } = await readAll(h);
    expect(mc.addonProfiles?.omsagent?.config?.logAnalyticsWorkspaceResourceID).toBe(theirs.id);
    expect(rule?.destinations?.logAnalytics?.[0]?.workspaceResourceId).toBe(theirs.id);
    expect(await logs.workspaces.get('rg-logs', 'law-central')).toMatchObject({ tags: { team: 'ops' }, etag: theirs.etag });

    const plan = await discover(h.context(cluster));
    const ids = plan.phases.flatMap((p) => p.chains.flat().map((a) => a.resource.id.toLowerCase()));
    expect(ids).not.toContain(theirs.id!.toLowerCase());
    expect(ids).toContain(rule!.id!.toLowerCase());
  });

  it('a user tag change reaches our workspace and rule in place (the workspace keeps its sku and retention); a retired one leaves', async () => {
    const h = await deploy({ monitoring: true, tags: ['cost-center=1234', 'team=platform'] });
    const ours = { 'managed-by': 'secure-aks', 'secure-aks-deployment': DEPLOYMENT };
    let now = await readAll(h);
    expect(now.workspace?.tags).toEqual({ 'cost-center': '1234', team: 'platform', ...ours });
    expect(now.rule?.tags).toEqual({ 'cost-center': '1234', team: 'platform', ...ours });

    h.config.tags = ['cost-center=99'];
    const planned = (await h.check(cluster)).filter((c) => c.action === 'update');
    const tagLines = (type: string) => planned.find((c) => c.resourceType === type)?.diff;
    for (const type of ['Microsoft.OperationalInsights/workspaces', 'Microsoft.Insights/dataCollectionRules'])
      expect(tagLines(type), type).toEqual([
        { property: 'tags.cost-center', current: '1234', desired: '99' },
        { property: 'tags.team', current: 'platform', desired: undefined },
      ]);
    await h.apply(cluster);
    now = await readAll(h);
    expect(now.workspace?.tags).toEqual({ 'cost-center': '99', ...ours });
    expect(now.workspace).toMatchObject({ sku: { name: 'pergb2018' }, retentionInDays: 30 });
    expect(now.rule?.tags).toEqual({ 'cost-center': '99', ...ours });
    expect(now.rule?.dataFlows?.[0]?.streams).toEqual([CONTAINER_INSIGHTS_STREAM]);
    h.resetCounters();
    expect((await h.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);
  });

  it('refuses a workspace id that does not exist in preflight, before any write', async () => {
    const missing = `/subscriptions/${'0'.repeat(8)}-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-gone`;
    const h = harness({ monitoring: true, logAnalyticsWorkspace: missing });
    const report = await runPreflight({ azure: h.azure, config: h.config, deploymentId: DEPLOYMENT });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ code: 'LogAnalyticsWorkspaceNotFound', fields: ['logAnalyticsWorkspace'], kind: 'usage' }),
    );
    expect(h.writeCount()).toBe(0);
  });

  it('turning monitoring off: plan shows the profile off, the association and rule deleted, the workspace kept; init applies exactly that', async () => {
    const on = await deploy({ monitoring: true });
    const off = harness({ monitoring: false }, on);
    const changes = await off.check(cluster);
    expect(changes.filter((c) => c.action !== 'none' || c.note)).toEqual([
      expect.objectContaining({
        action: 'none',
        resourceType: 'Microsoft.OperationalInsights/workspaces',
        note: expect.stringContaining('kept'),
      }),
      expect.objectContaining({
        action: 'delete',
        resourceType: 'Microsoft.Insights/dataCollectionRules',
        note: 'monitoring is off; workspace log-aks-test stays: it holds the logs',
      }),
      expect.objectContaining({
        action: 'update',
        resourceType: 'Microsoft.ContainerService/managedClusters',
        diff: [{ property: 'addonProfiles.omsagent.enabled', current: true, desired: false }],
      }),
      // Its egress goes in step 5 too, once the cluster no longer runs the agent.
      expect.objectContaining({
        action: 'update',
        resourceType: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
        diff: [{ property: 'ruleCollections.addon-monitoring', current: '1 rule: monitoring', desired: undefined }],
        note: 'once the cluster no longer runs the add-on',
      }),
      expect.objectContaining({
        action: 'delete',
        resourceType: 'Microsoft.Insights/dataCollectionRuleAssociations',
        note: 'monitoring is off',
      }),
    ]);
    await off.apply(cluster);
    const { mc, rule, association, workspace } = await readAll(off);
    expect(mc.addonProfiles?.omsagent?.enabled).toBe(false);
    expect(rule).toBeUndefined();
    expect(association).toBeUndefined();
    expect(workspace).toBeDefined();
    off.resetCounters();
    expect((await off.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);
  });

  it('turning monitoring on for an existing cluster: step 1 registers the providers, step 5 adds the workspace, the rule, the profile and the association', async () => {
    const before = await deploy({});
    const on = harness({ monitoring: true }, before);
    expect((await on.check(identity)).filter((c) => c.action !== 'none').map((c) => c.name)).toEqual([
      'Microsoft.OperationalInsights',
      'Microsoft.Insights',
    ]);
    await on.apply(identity);
    const changes = (await on.check(cluster)).filter((c) => c.action !== 'none');
    expect(changes.map((c) => [c.action, c.resourceType.split('/').pop()])).toEqual([
      ['create', 'workspaces'],
      ['create', 'dataCollectionRules'],
      ['update', 'managedClusters'],
      ['create', 'dataCollectionRuleAssociations'],
    ]);
    await on.apply(cluster);
    const { mc, association } = await readAll(on);
    expect(mc.addonProfiles?.omsagent?.enabled).toBe(true);
    expect(association).toBeDefined();
    expect((await on.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);
  });

  it('turning Defender off sends securityMonitoring disabled and plans no change after; the workspace stays', async () => {
    const on = await deploy({ defender: true });
    const off = harness({ defender: false }, on);
    const clusterChange = (await off.check(cluster)).find((c) => c.resourceType === 'Microsoft.ContainerService/managedClusters');
    expect(clusterChange?.diff).toEqual([
      { property: 'securityProfile.defender.securityMonitoring.enabled', current: true, desired: false },
    ]);
    await off.apply(cluster);
    const { mc, workspace } = await readAll(off);
    expect(mc.securityProfile?.defender?.securityMonitoring?.enabled).toBe(false);
    expect(mc.securityProfile?.workloadIdentity?.enabled).toBe(true);
    expect(workspace).toBeDefined();
    expect((await off.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);
  });

  it('destroy deletes our rule and workspace after the cluster; the association goes with the cluster', async () => {
    const h = await deploy({ monitoring: true, defender: true });
    const before = await readAll(h);
    const env = { ...h.context(cluster), oneAtATime: serialQueue() };
    const result = await executePlan(await discover(env), env);
    expect(result.status).toBe('done');
    const deleted = result.deleted.map((d) => d.id.toLowerCase());
    expect(deleted).toEqual(expect.arrayContaining([before.rule!.id!.toLowerCase(), before.workspace!.id!.toLowerCase()]));
    expect(deleted.indexOf(before.rule!.id!.toLowerCase())).toBeGreaterThan(deleted.indexOf(before.mc.id!.toLowerCase()));
    const left = (await emu.control.resources()).map((r) => r.id.toLowerCase());
    expect(left.filter((id) => /insights|operationalinsights/.test(id))).toEqual([]);
  });

  it('a cluster without the add-ons plans no change and reads nothing of Monitor', async () => {
    const h = await deploy({});
    h.resetCounters();
    expect((await h.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);
    expect(h.calls().filter((c) => /insights|security/i.test(c.path))).toEqual([]);
  });

  it('preflight asks for the Monitor and Log Analytics writes only when the add-ons are on, and the providers they need', async () => {
    await emu.control.setCaller({ actions: ['*'], notActions: ['Microsoft.Insights/*/write', 'Microsoft.OperationalInsights/*/write'] });
    const run = async (config: Partial<ResolvedConfig>) => {
      const h = harness(config);
      return runPreflight({ azure: h.azure, config: h.config, deploymentId: DEPLOYMENT });
    };
    expect((await run({})).problems).toEqual([]);
    const on = await run({ monitoring: true });
    const missing = on.problems.find((p) => p.code === 'MissingPermissions');
    expect(missing?.message).toMatch(/Microsoft\.OperationalInsights\/workspaces\/write/);
    expect(missing?.message).toMatch(/Microsoft\.Insights\/dataCollectionRules\/write/);
    expect(missing?.message).toMatch(/Microsoft\.Insights\/dataCollectionRuleAssociations\/write/);
    expect(on.notes.map((n) => n.message).join('\n')).toMatch(/Microsoft\.Insights is NotRegistered; step 1 registers it/);
  });

  it('says when the subscription has the Defender plan Free, and not when it is on', async () => {
    const h = harness({ defender: true });
    const notes = async () => (await runPreflight({ azure: h.azure, config: h.config, deploymentId: DEPLOYMENT })).notes;
    expect(await notes()).toContainEqual(
      expect.objectContaining({
        code: 'DefenderPlanOff',
        message: expect.stringContaining('az security pricing create -n Containers --tier standard'),
      }),
    );
    await emu.control.setProviderState('Microsoft.Security', 'Registered');
    await (await emu.clients().security()).pricings.update('Containers', { pricingTier: 'Standard' });
    expect((await notes()).map((n) => n.code)).not.toContain('DefenderPlanOff');
  });
});
