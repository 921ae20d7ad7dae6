import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';

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
});
