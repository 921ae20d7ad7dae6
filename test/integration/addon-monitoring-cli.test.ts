import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';
import { createStepHarness } from '../helpers/step-context.js';

const emu = useTestEmulator({ speed: SPEED.instant });

describe('Container Insights and Defender through the CLI', () => {
  it('init --monitoring --defender says the Defender plan is Free; plan --no-monitoring --no-defender lists exactly what turning them off does', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'secure-aks-mon-')), 'state.json');
    const init = await runMain([...initArgs(emu, state), '--monitoring', '--defender']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout + init.stderr).toContain('az security pricing create -n Containers --tier standard');

    const plan = await runMain([...planArgs(emu, state), '--no-monitoring', '--no-defender']);
    expect(plan.code, plan.stderr).toBe(0);
    const changes = plan.stdout.split('\n').filter((l) => /^ {6}[~-] /.test(l));
    expect(changes).toEqual([
      expect.stringMatching(
        /^ {6}- +dataCollectionRules +MSCI-eastus-aks-honest \(monitoring is off; workspace log-aks-honest stays: it holds the logs\)$/,
      ),
      expect.stringMatching(/^ {6}~ +managedClusters +aks-honest$/),
      // The two add-ons' rule collections leave the AKS rule collection group once the cluster update turned them off.
      expect.stringMatching(
        /^ {6}~ +ruleCollectionGroups +afwp-aks-honest\/rcg-aks-egress \(once the cluster no longer runs the add-on\)$/,
      ),
      expect.stringMatching(/^ {6}- +dataCollectionRuleAssociations ContainerInsightsExtension \(monitoring is off\)$/),
    ]);
    expect(plan.stdout).toContain('addonProfiles.omsagent.enabled: true -> false');
    expect(plan.stdout).toContain('securityProfile.defender.securityMonitoring.enabled: true -> false');
    expect(plan.stdout).toContain('ruleCollections.addon-monitoring: 1 rule: monitoring -> (none)');
    expect(plan.stdout).toContain('ruleCollections.addon-defender: 1 rule: defender -> (none)');
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 2 to destroy.');

    // init applies it, and its step summary says what it deleted.
    const off = await runMain([...initArgs(emu, state), '--no-monitoring', '--no-defender']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout + off.stderr).toMatch(/5\. Private AKS cluster .*updated 2, deleted 2/);
  }, 120_000);

  it('a data collection rule of our name that this deployment did not create is refused in preflight, naming it, before any write', async () => {
    const name = 'aks-dcr-theirs';
    const rg = `rg-${name}`;
    const state = join(mkdtempSync(join(tmpdir(), 'secure-aks-mon-')), 'state.json');
    const h = createStepHarness(emu, { config: { resourceGroup: rg, name } });
    await (await h.azure.resources()).resourceGroups.createOrUpdate(rg, { location: 'eastus' });
    await emu.control.setProviderState('Microsoft.Insights', 'Registered');
    await emu.control.setProviderState('Microsoft.OperationalInsights', 'Registered');
    await (
      await h.azure.operationalInsights()
    ).workspaces.beginCreateOrUpdateAndWait(rg, 'theirs', { location: 'eastus', sku: { name: 'PerGB2018' } }, { updateIntervalInMs: 20 });
    const workspace = `/subscriptions/${h.config.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/theirs`;
    await (
      await h.azure.monitor()
    ).dataCollectionRules.create(rg, h.names.dataCollectionRule, {
      body: {
        location: 'eastus',
        tags: { owner: 'platform' },
        destinations: { logAnalytics: [{ name: 'theirs', workspaceResourceId: workspace }] },
        dataFlows: [{ streams: ['Microsoft-ContainerInsights-Group-Default'], destinations: ['theirs'] }],
      },
    });
    const before = (await emu.control.requests()).length;
    const r = await runMain([...initArgs(emu, state, name), '--monitoring']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toContain('DataCollectionRuleNotOurs');
    expect(r.stdout + r.stderr).toContain(`Data collection rule ${h.names.dataCollectionRule} already exists in resource group ${rg}`);
    const writes = (await emu.control.requests()).slice(before).filter((q) => q.method !== 'GET' && q.method !== 'POST');
    expect(writes).toEqual([]);
    const rule = await (await h.azure.monitor()).dataCollectionRules.get(rg, h.names.dataCollectionRule);
    expect(rule.destinations?.logAnalytics?.[0]?.workspaceResourceId).toBe(workspace);
  }, 120_000);
});
