import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { DeployOptions } from '../../src/cli/commands/deploy-options.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { keyVaultNameFor } from '../../src/config/names.js';
import { parseMaintenanceWindow } from '../../src/config/rules.js';
import type { ConfigValues } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/validate.js';
import { migrate } from '../../src/state/migrations.js';

const base: ConfigValues = {
  ...DEFAULTS,
  subscription: '00000000-0000-0000-0000-000000000000',
  name: 'aks-demo',
  resourceGroup: 'rg-demo',
  location: 'eastus',
};

const codes = (v: Partial<ConfigValues>) => validateConfig({ ...base, ...v }).map((p) => [p.code, p.fields]);

describe('production option rules', () => {
  it('accepts every option on at once', () => {
    expect(
      validateConfig({
        ...base,
        tier: 'premium',
        zones: ['1', '2', '3'],
        nodeCount: 3,
        nodeMinCount: 3,
        nodeMaxCount: 5,
        userPool: true,
        userPoolVmSize: 'Standard_D8ds_v5',
        userPoolCount: 2,
        userPoolZones: ['1', '2'],
        userPoolMinCount: 0,
        userPoolMaxCount: 10,
        tags: ['cost-center=1234', 'env=prod'],
        monitoring: true,
        logAnalyticsWorkspace:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-shared',
        azurePolicy: true,
        policyBaseline: true,
        defender: true,
        keyVault: true,
        autoUpgradeWindow: 'Sunday 02:00 4h',
        nodeOsUpgradeWindow: 'saturday 22:30 6h +01:00',
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<ConfigValues>, string, string[]]>([
    ['unknown tier', { tier: 'gold' }, 'InvalidTier', ['tier']],
    ['zone 4', { zones: ['1', '4'] }, 'InvalidZones', ['zones']],
    ['zone twice', { userPool: true, userPoolZones: ['2', '2'] }, 'InvalidZones', ['userPoolZones']],
    ['system pool minimum 0', { nodeMinCount: 0, nodeMaxCount: 3 }, 'NodeCountOutOfRange', ['nodeMinCount']],
    ['only a maximum', { nodeMaxCount: 5 }, 'AutoscalerBoundsIncomplete', ['nodeMinCount', 'nodeMaxCount']],
    [
      'minimum above maximum',
      { nodeMinCount: 4, nodeMaxCount: 3, nodeCount: 3 },
      'AutoscalerBoundsInverted',
      ['nodeMinCount', 'nodeMaxCount'],
    ],
    [
      'count outside the range',
      { nodeMinCount: 3, nodeMaxCount: 5 },
      'NodeCountOutsideAutoscaler',
      ['nodeCount', 'nodeMinCount', 'nodeMaxCount'],
    ],
    ['user pool size without the pool', { userPoolVmSize: 'Standard_D4ds_v5' }, 'UserPoolNotEnabled', ['userPoolVmSize', 'userPool']],
    ['an empty user pool without autoscaler', { userPool: true, userPoolCount: 0 }, 'UserPoolEmpty', ['userPoolCount']],
    ['a tag without =', { tags: ['env'] }, 'InvalidTag', ['tags']],
    ['our own tag', { tags: ['Managed-By=me'] }, 'InvalidTag', ['tags']],
    ['a reserved prefix', { tags: ['microsoft.owner=x'] }, 'InvalidTag', ['tags']],
    ['a forbidden character', { tags: ['a/b=x'] }, 'InvalidTag', ['tags']],
    ['a tag twice, other case', { tags: ['env=a', 'ENV=b'] }, 'InvalidTag', ['tags']],
    ['too many tags', { tags: Array.from({ length: 49 }, (_, i) => `t${i}=v`) }, 'InvalidTag', ['tags']],
    ['workspace not an id', { monitoring: true, logAnalyticsWorkspace: 'log-shared' }, 'InvalidWorkspaceId', ['logAnalyticsWorkspace']],
    [
      'workspace without monitoring or defender',
      {
        logAnalyticsWorkspace:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-x',
      },
      'WorkspaceUnused',
      ['logAnalyticsWorkspace', 'monitoring', 'defender'],
    ],
    ['baseline without the policy add-on', { policyBaseline: true }, 'PolicyBaselineNeedsAddon', ['policyBaseline', 'azurePolicy']],
    ['a window of 2 hours', { autoUpgradeWindow: 'Sunday 02:00 2h' }, 'InvalidMaintenanceWindow', ['autoUpgradeWindow']],
    ['a window on no day', { nodeOsUpgradeWindow: 'Someday 02:00 4h' }, 'InvalidMaintenanceWindow', ['nodeOsUpgradeWindow']],
  ])('%s: %s', (_name, values, code, fields) => {
    expect(codes(values)).toContainEqual([code, fields]);
  });

  it('reads a maintenance window as its parts, UTC unless an offset follows', () => {
    expect(parseMaintenanceWindow('sunday 02:00 4h')).toEqual({ day: 'Sunday', startTime: '02:00', durationHours: 4, utcOffset: '+00:00' });
    expect(parseMaintenanceWindow('Saturday 22:30 168h -05:00')).toMatchObject({ durationHours: 168, utcOffset: '-05:00' });
    expect(parseMaintenanceWindow('Saturday 24:00 4h')).toBeUndefined();
    expect(parseMaintenanceWindow('Saturday 22:00 169h')).toBeUndefined();
  });
});

describe('Key Vault name', () => {
  it('is a valid global vault name for any cluster name, stable, and differs across subscriptions', () => {
    const a = keyVaultNameFor({ name: 'aks_Prod__very-long-cluster-name', subscriptionId: 's1', resourceGroup: 'rg' });
    expect(a).toMatch(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/);
    expect(keyVaultNameFor({ name: 'aks_Prod__very-long-cluster-name', subscriptionId: 's1', resourceGroup: 'rg' })).toBe(a);
    expect(keyVaultNameFor({ name: 'aks_Prod__very-long-cluster-name', subscriptionId: 's2', resourceGroup: 'rg' })).not.toBe(a);
    expect(keyVaultNameFor({ name: 'a' })).toMatch(/^kv-a-[0-9a-f]{8}$/);
  });
});

describe('state version 2', () => {
  it('records a version-1 deployment as it was built: free tier, every option off', () => {
    const doc = migrate({ schemaVersion: 1, config: { name: 'aks-old', nodeCount: 2 } }, 'state.json');
    expect(doc.schemaVersion).toBe(2);
    expect(doc.config).toMatchObject({ name: 'aks-old', nodeCount: 2, tier: 'free', monitoring: false, userPool: false, tags: [] });
  });
});

describe('add-on flags', () => {
  async function values(args: string[]) {
    let seen: DeployOptions | undefined;
    await main(['node', 'secure-aks', 'init', ...args], {
      output: new BufferedOutput(),
      env: {},
      overrides: { init: async (o) => ((seen = o), 0) },
    });
    return seen?.values;
  }

  it('turns an add-on on with --monitoring and off again with --no-monitoring; repeats --tag', async () => {
    expect(await values(['--monitoring', '--tag', 'a=1', '--tag', 'b=2'])).toEqual({ monitoring: true, tags: ['a=1', 'b=2'] });
    expect(await values(['--no-monitoring'])).toEqual({ monitoring: false });
    expect(await values([])).toEqual({});
  });
});
