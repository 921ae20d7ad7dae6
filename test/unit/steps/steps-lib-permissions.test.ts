import { describe, expect, it } from 'vitest';
import { actionMatches, isAllowed, missingActions, missingPermissionsError, requiredActions } from '../../../src/azure/permissions.js';
import { roleAssignmentGuid } from '../../../src/azure/role-assignments.js';
import { ExitCode } from '../../../src/core/errors.js';
import { DEFAULTS } from '../../../src/config/defaults.js';
import { permissionProblems, providerFindings } from '../../../src/preflight/platform.js';

const CONTRIBUTOR = {
  actions: ['*'],
  notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
};

describe('permission matching', () => {
  it('wildcards and case', () => {
    expect(actionMatches('Microsoft.Network/*', 'microsoft.network/virtualNetworks/write')).toBe(true);
    expect(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write')).toBe(true);
    expect(actionMatches('Microsoft.Network/*/read', 'Microsoft.Network/virtualNetworks/write')).toBe(false);
  });
  it('Contributor lacks exactly the role assignment write; Owner lacks nothing', () => {
    const required = requiredActions({ bastion: true, jumphost: true });
    const missing = missingActions([CONTRIBUTOR], required);
    expect(missing.map((m) => m.action)).toEqual(['Microsoft.Authorization/roleAssignments/write']);
    expect(missingActions([{ actions: ['*'] }], required)).toEqual([]);
    expect(
      isAllowed([CONTRIBUTOR, { actions: ['Microsoft.Authorization/roleAssignments/*'] }], 'Microsoft.Authorization/roleAssignments/write'),
    ).toBe(true);
  });
  it('skips Bastion and VM writes when they are off', () => {
    const actions = requiredActions({ bastion: false, jumphost: false }).map((r) => r.action);
    expect(actions).not.toContain('Microsoft.Compute/virtualMachines/write');
    expect(actions).not.toContain('Microsoft.Network/bastionHosts/write');
    expect(actions).toContain('Microsoft.ContainerService/managedClusters/runCommand/action');
  });
  it('the error names each missing action and the roles that grant them, exit 4', () => {
    const required = requiredActions({ bastion: false, jumphost: false });
    const err = missingPermissionsError(missingActions([{ actions: ['Microsoft.Network/*'] }], required), '/subscriptions/s');
    expect(err.exitCode).toBe(ExitCode.auth);
    expect(err.message).toContain('Microsoft.ContainerService/managedClusters/write');
    expect(err.message).toContain('Microsoft.Authorization/roleAssignments/write');
    expect(err.message).not.toContain('Microsoft.Network/virtualNetworks/write');
    expect(err.remediation).toContain('Contributor');
    expect(err.remediation).toContain('User Access Administrator');
  });
});

describe('deterministic role assignment names', () => {
  it('same inputs, same GUID (v5 layout); any input change, another GUID', () => {
    const a = roleAssignmentGuid('P', 'r', '/subscriptions/s/x');
    expect(a).toBe(roleAssignmentGuid('p', 'R', '/subscriptions/S/X'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(roleAssignmentGuid('p', 'r', '/subscriptions/s/y')).not.toBe(a);
  });
});

describe('every action the run needs, where it must hold', () => {
  const RG = '/subscriptions/s/resourceGroups/rg';
  const SUB = '/subscriptions/s';
  const config = { ...DEFAULTS, subscriptionId: 's', resourceGroup: 'rg', location: 'eastus', name: 'aks' };

  it('lists the join, assign and runCommand actions beside the writes', () => {
    const actions = requiredActions({ bastion: true, jumphost: true }).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'Microsoft.Network/virtualNetworks/subnets/join/action',
        'Microsoft.Network/routeTables/join/action',
        'Microsoft.Network/networkSecurityGroups/join/action',
        'Microsoft.Network/publicIPAddresses/join/action',
        'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
        'Microsoft.ContainerService/managedClusters/runCommand/action',
        'Microsoft.ContainerService/managedClusters/commandResults/read',
      ]),
    );
  });

  it('a Contributor on the group alone lacks the node resource group reads: Reader on the subscription, exit 4', () => {
    const problems = permissionProblems(
      config,
      { scope: RG, permissions: [CONTRIBUTOR, { actions: ['Microsoft.Authorization/*'] }] },
      { scope: SUB, permissions: [] },
    );
    expect(problems.map((p) => p.code)).toEqual(['MissingPermissions']);
    expect(problems[0]!.kind).toBe('auth');
    expect(problems[0]!.message).toContain(`Microsoft.Network/privateEndpoints/read on ${SUB}`);
    expect(problems[0]!.message).not.toContain('Microsoft.Network/virtualNetworks/write');
    expect(problems[0]!.remediation).toContain(`Reader on ${SUB}`);
    expect(
      permissionProblems(config, { scope: RG, permissions: [{ actions: ['*'] }] }, { scope: SUB, permissions: [{ actions: ['*/read'] }] }),
    ).toEqual([]);
  });

  it('provider registration is judged by the subscription grants', () => {
    const providers = [{ namespace: 'Microsoft.ContainerService', registrationState: 'NotRegistered' }];
    expect(providerFindings(config, providers, []).problems.map((p) => p.code)).toEqual(['ProviderNotRegistered']);
    expect(providerFindings(config, providers, [CONTRIBUTOR]).notes.map((n) => n.code)).toEqual(['ProviderWillRegister']);
  });
});
