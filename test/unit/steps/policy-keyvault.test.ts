import { describe, expect, it } from 'vitest';
import type { ManagedCluster, ManagedClusterAddonProfile } from '@azure/arm-containerservice';
import { requiredActions } from '../../../src/azure/permissions.js';
import { KEY_VAULT_PRIVATE_DNS_ZONE } from '../../../src/azure/private-link-zones.js';
import {
  addonIdentity,
  applyPolicyKeyVaultAddons,
  policyKeyVaultAddonDiffs,
} from '../../../src/steps/desired/cluster-addons-policy-keyvault.js';
import { policyKeyVaultProviders } from '../../../src/steps/desired/policy-keyvault-providers.js';

const off = { azurePolicy: false, keyVault: false };
const on = { azurePolicy: true, keyVault: true };
const enabledCluster: ManagedCluster = {
  location: 'eastus',
  addonProfiles: {
    azurepolicy: { enabled: true, config: { version: 'v2' } },
    azureKeyvaultSecretsProvider: {
      enabled: true,
      config: { enableSecretRotation: 'true', rotationPollInterval: '2m' },
      identity: { resourceId: '/x/azurekeyvaultsecretsprovider-c', objectId: 'oid' },
    },
  },
};

describe('the two add-on profiles', () => {
  it('off compares equal to absent: a cluster from before these options plans nothing', () => {
    expect(policyKeyVaultAddonDiffs(off, { location: 'eastus' }, [])).toEqual([]);
    expect(policyKeyVaultAddonDiffs(off, { location: 'eastus', addonProfiles: { azurepolicy: { enabled: false } } }, [])).toEqual([]);
    const body: { addonProfiles?: Record<string, unknown> } = {};
    applyPolicyKeyVaultAddons(body as never, off, []);
    expect(body.addonProfiles).toBeUndefined();
  });

  it('on: each add-on with its config; AKS matches names in any case', () => {
    expect(policyKeyVaultAddonDiffs(on, { location: 'eastus' }, [])).toEqual([
      { property: 'addonProfiles.azurepolicy.enabled', current: false, desired: true },
      { property: 'addonProfiles.azureKeyvaultSecretsProvider.enabled', current: false, desired: true },
    ]);
    expect(policyKeyVaultAddonDiffs(on, enabledCluster, [])).toEqual([]);
    const lower: ManagedCluster = {
      location: 'eastus',
      addonProfiles: {
        azurepolicy: enabledCluster.addonProfiles!.azurepolicy!,
        azurekeyvaultsecretsprovider: { enabled: true, config: { enableSecretRotation: 'false' } },
      },
    };
    expect(policyKeyVaultAddonDiffs(on, lower, [])).toEqual([
      { property: 'addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation', current: 'false', desired: 'true' },
      { property: 'addonProfiles.azureKeyvaultSecretsProvider.config.rotationPollInterval', current: undefined, desired: '2m' },
    ]);
    const body: { addonProfiles: Record<string, ManagedClusterAddonProfile> } = {
      addonProfiles: { ...lower.addonProfiles, omsagent: { enabled: true } },
    };
    applyPolicyKeyVaultAddons(body, on, []);
    expect(Object.keys(body.addonProfiles)).toEqual(['azurepolicy', 'azurekeyvaultsecretsprovider', 'omsagent']);
    expect(body.addonProfiles.azurekeyvaultsecretsprovider).toEqual({
      enabled: true,
      config: { enableSecretRotation: 'true', rotationPollInterval: '2m' },
    });
  });

  it('turning one off sends enabled false only for an add-on the cluster has on and this deployment turned on', () => {
    const body = structuredClone({ addonProfiles: enabledCluster.addonProfiles! });
    applyPolicyKeyVaultAddons(body, { azurePolicy: false, keyVault: true }, ['azurePolicy', 'keyVault']);
    expect(body.addonProfiles.azurepolicy).toEqual({ enabled: false });
    expect(body.addonProfiles.azureKeyvaultSecretsProvider?.enabled).toBe(true);
    expect(policyKeyVaultAddonDiffs({ azurePolicy: false, keyVault: true }, enabledCluster, ['azurePolicy'])).toEqual([
      { property: 'addonProfiles.azurepolicy.enabled', current: true, desired: false },
    ]);
  });

  it('one turned on outside secure-aks (by hand, by the DeployIfNotExists built-in) stays on while the configuration has it off', () => {
    const body = structuredClone({ addonProfiles: enabledCluster.addonProfiles! });
    applyPolicyKeyVaultAddons(body, off, []);
    expect(body.addonProfiles).toEqual(enabledCluster.addonProfiles);
    expect(policyKeyVaultAddonDiffs(off, enabledCluster, [])).toEqual([]);
  });

  it("reads the add-on's identity only while it is on", () => {
    expect(addonIdentity(enabledCluster, 'keyVault')?.objectId).toBe('oid');
    expect(
      addonIdentity({ location: 'x', addonProfiles: { azureKeyvaultSecretsProvider: { enabled: false } } }, 'keyVault'),
    ).toBeUndefined();
  });
});

describe('what the options add elsewhere', () => {
  it('registers Microsoft.PolicyInsights and Microsoft.KeyVault only when their option is on', () => {
    expect(policyKeyVaultProviders(off)).toEqual([]);
    expect(policyKeyVaultProviders(on)).toEqual(['Microsoft.PolicyInsights', 'Microsoft.KeyVault']);
  });

  it('asks for the assignment and vault permissions only when needed; the assignment is not a Contributor action', () => {
    const base = requiredActions({ bastion: false, jumphost: false }).map((r) => r.action);
    expect(base.some((a) => /KeyVault|policyAssignments/.test(a))).toBe(false);
    const all = requiredActions({ bastion: false, jumphost: false, policyBaseline: true, keyVault: true });
    expect(all.find((r) => r.action === 'Microsoft.Authorization/policyAssignments/write')?.grantedBy).toBe('User Access Administrator');
    expect(all.map((r) => r.action)).toEqual(
      expect.arrayContaining(['Microsoft.KeyVault/vaults/write', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write']),
    );
  });

  it('puts the vault record in the zone of each cloud', () => {
    expect(KEY_VAULT_PRIVATE_DNS_ZONE).toEqual({
      AzureCloud: 'privatelink.vaultcore.azure.net',
      AzureUSGovernment: 'privatelink.vaultcore.usgovcloudapi.net',
      AzureChinaCloud: 'privatelink.vaultcore.azure.cn',
    });
  });
});
