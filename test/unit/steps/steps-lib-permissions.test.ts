import { describe, expect, it } from 'vitest';
import { actionMatches, isAllowed, missingActions, missingPermissionsError, requiredActions } from '../../../src/steps/lib/permissions.js';
import { roleAssignmentGuid } from '../../../src/steps/lib/role-assignments.js';
import { ExitCode } from '../../../src/engine/errors.js';

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
    expect(isAllowed([CONTRIBUTOR, { actions: ['Microsoft.Authorization/roleAssignments/*'] }], 'Microsoft.Authorization/roleAssignments/write')).toBe(true);
  });
  it('skips Bastion and VM writes when they are off', () => {
    const actions = requiredActions({ bastion: false, jumphost: false }).map((r) => r.action);
    expect(actions).not.toContain('Microsoft.Compute/virtualMachines/write');
    expect(actions).not.toContain('Microsoft.Network/bastionHosts/write');
    expect(actions).toContain('Microsoft.ContainerService/managedClusters/runcommand/action');
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
