import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator({ resetBeforeEach: false });
const RG = 'rg-insights';
const WORKSPACE_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/log-one`;

beforeAll(async () => {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(RG, { location: 'eastus' });
  for (const ns of ['Microsoft.OperationalInsights', 'Microsoft.Insights', 'Microsoft.Security'])
    await emu.control.setProviderState(ns, 'Registered');
});

describe('Log Analytics workspaces', () => {
  it('a create answers 201 Creating, reads Succeeded once created; an update answers 200 and keeps customerId', async () => {
    const created = await emu.http('PUT', `${WORKSPACE_ID}?api-version=2022-10-01`, {
      location: 'eastus',
      properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ properties: { provisioningState: 'Creating', sku: { name: 'pergb2018' }, retentionInDays: 30 } });
    expect(created.headers['azure-asyncoperation']).toBeUndefined();
    await emu.control.advanceClock(60);
    const logs = await emu.clients().operationalInsights();
    const read = await logs.workspaces.get(RG, 'log-one');
    expect(read.provisioningState).toBe('Succeeded');
    expect(read.customerId).toBe((created.body as any).properties.customerId);
    const updated = await logs.workspaces.beginCreateOrUpdateAndWait(RG, 'log-one', { location: 'eastus', retentionInDays: 60 });
    expect(updated).toMatchObject({ retentionInDays: 60, customerId: read.customerId });
  });

  it("refuses names outside Azure's rules with 400 InvalidParameter", async () => {
    const logs = await emu.clients().operationalInsights();
    for (const name of ['log', '-log-x', 'log_x', 'x'.repeat(64)]) {
      await expect(logs.workspaces.beginCreateOrUpdateAndWait(RG, name, { location: 'eastus' })).rejects.toMatchObject({
        statusCode: 400,
        code: 'InvalidParameter',
      });
    }
  });

  it('refuses api-versions the type does not offer', async () => {
    const answer = await emu.http('GET', `${WORKSPACE_ID}?api-version=2019-01-01`);
    expect(answer.status).toBe(400);
    expect((answer.body as any).error.code).toBe('NoRegisteredProviderFound');
  });
});

describe('data collection rules and associations', () => {
  const rule = (workspace: string, destination = 'ws') => ({
    location: 'eastus',
    kind: 'Linux' as const,
    dataSources: {
      extensions: [{ name: 'ci', extensionName: 'ContainerInsights', streams: ['Microsoft-ContainerInsights-Group-Default'] }],
    },
    destinations: { logAnalytics: [{ name: 'ws', workspaceResourceId: workspace }] },
    dataFlows: [{ streams: ['Microsoft-ContainerInsights-Group-Default'], destinations: [destination] }],
  });

  it('creates (201) a rule sending to a workspace and reads back its workspaceId and immutableId', async () => {
    const monitor = await emu.clients().monitor();
    const created = await monitor.dataCollectionRules.create(RG, 'dcr-one', { body: rule(WORKSPACE_ID) });
    expect(created.immutableId).toMatch(/^dcr-[0-9a-f]{32}$/);
    const workspace = await (await emu.clients().operationalInsights()).workspaces.get(RG, 'log-one');
    expect(created.destinations?.logAnalytics?.[0]?.workspaceId).toBe(workspace.customerId);
    const statuses = (await emu.control.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith('dcr-one')).map((r) => r.status);
    expect(statuses).toEqual([201]);
  });

  it('refuses a rule whose workspace does not exist or whose flow names an undefined destination: 400 InvalidPayload', async () => {
    const monitor = await emu.clients().monitor();
    await expect(monitor.dataCollectionRules.create(RG, 'dcr-bad', { body: rule(`${WORKSPACE_ID}-gone`) })).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidPayload',
    });
    await expect(monitor.dataCollectionRules.create(RG, 'dcr-bad', { body: rule(WORKSPACE_ID, 'nowhere') })).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidPayload',
    });
  });

  it('associates a rule with any resource as an extension resource, refuses an unknown rule, and the association goes with its resource', async () => {
    const monitor = await emu.clients().monitor();
    const msi = await emu.clients().msi();
    const target = await msi.userAssignedIdentities.createOrUpdate(RG, 'id-target', { location: 'eastus' });
    const ruleId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/dataCollectionRules/dcr-one`;
    const association = await monitor.dataCollectionRuleAssociations.create(target.id!, 'ContainerInsightsExtension', {
      body: { dataCollectionRuleId: ruleId },
    });
    expect(association.id).toBe(`${target.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/ContainerInsightsExtension`);
    const listed = [];
    for await (const a of monitor.dataCollectionRuleAssociations.listByRule(RG, 'dcr-one')) listed.push(a.name);
    expect(listed).toEqual(['ContainerInsightsExtension']);
    await expect(
      monitor.dataCollectionRuleAssociations.create(target.id!, 'other', { body: { dataCollectionRuleId: `${ruleId}-gone` } }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidPayload' });
    await msi.userAssignedIdentities.delete(RG, 'id-target');
    await expect(monitor.dataCollectionRuleAssociations.get(target.id!, 'ContainerInsightsExtension')).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('Defender for Cloud pricings', () => {
  it('every plan is Free until set; Containers set to Standard reads back Standard; an unknown plan is 404', async () => {
    const security = await emu.clients().security();
    expect(await security.pricings.get('Containers')).toMatchObject({ pricingTier: 'Free', name: 'Containers' });
    const all = await security.pricings.list();
    expect(all.value?.map((p) => p.name)).toContain('Containers');
    await security.pricings.update('Containers', { pricingTier: 'Standard' });
    expect(await security.pricings.get('Containers')).toMatchObject({ pricingTier: 'Standard' });
    await expect(security.pricings.get('Nothing')).rejects.toMatchObject({ statusCode: 404 });
  });
});

/** The body of a Microsoft example response (test/fixtures/arm-examples, sources in its SOURCES.md). */
function example(path: string): any {
  const body = JSON.parse(readFileSync(`test/fixtures/arm-examples/${path}`, 'utf8')).responses['200'].body;
  return Array.isArray(body) ? body[0] : body;
}

function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe("answers carry the fields of Microsoft's examples", () => {
  const readBack = async (path: string) => (await emu.http('GET', path)).body;
  // The example's own choices: its tags, its data sources, the VirtualMachines plan's sub-plan.
  const ignored = ['systemData', 'tags.', 'properties.dataSources', 'properties.planName'];
  const covered = (answer: unknown, file: string) => {
    const missing = keyPaths(example(file)).filter(
      (k) => !ignored.some((i) => k.startsWith(i)) && !keyPaths(answer).some((a) => a === k || a.startsWith(`${k}.`)),
    );
    expect(missing, file).toEqual([]);
  };

  it('workspace, rule, association and pricing', async () => {
    covered(await readBack(`${WORKSPACE_ID}?api-version=2022-10-01`), 'operationalinsights/WorkspacesGet.json');
    const rule = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/dataCollectionRules/dcr-one`;
    await (
      await emu.clients().monitor()
    ).dataCollectionRules.create(RG, 'dcr-one', {
      body: {
        location: 'eastus',
        tags: { team: 'ops' },
        destinations: { logAnalytics: [{ name: 'ws', workspaceResourceId: WORKSPACE_ID }] },
        dataFlows: [{ streams: ['Microsoft-Perf'], destinations: ['ws'] }],
      },
    });
    covered(await readBack(`${rule}?api-version=2021-04-01`), 'insights/DataCollectionRulesGet.json');
    const msi = await emu.clients().msi();
    const target = await msi.userAssignedIdentities.createOrUpdate(RG, 'id-shape', { location: 'eastus' });
    await (
      await emu.clients().monitor()
    ).dataCollectionRuleAssociations.create(target.id!, 'shape', { body: { dataCollectionRuleId: rule } });
    covered(
      await readBack(`${target.id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/shape?api-version=2021-04-01`),
      'insights/DataCollectionRuleAssociationsGet.json',
    );
    covered(
      await readBack(`/subscriptions/${SUB}/providers/Microsoft.Security/pricings/VirtualMachines?api-version=2022-03-01`),
      'security/GetPricingByName_example.json',
    );
  });
});
