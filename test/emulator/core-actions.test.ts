import { describe, expect, it } from 'vitest';
import { actionMatches, isPermitted } from '../../src/emulator/core/actions.js';
import { EmulatorStore } from '../../src/emulator/core/store.js';
import { hasRoleAssignment } from '../../src/emulator/providers/authorization/index.js';

describe('RBAC action matching', () => {
  it.each([
    ['*', 'Microsoft.Network/virtualNetworks/write', true],
    ['Microsoft.Network/*', 'microsoft.network/virtualNetworks/subnets/join/action', true],
    ['Microsoft.Network/*', 'Microsoft.Compute/virtualMachines/write', false],
    ['*/read', 'Microsoft.Network/routeTables/read', true],
    ['*/read', 'Microsoft.Network/routeTables/write', false],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write', true],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it('notActions subtract (Contributor cannot write role assignments)', () => {
    const contributor = { actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] };
    expect(isPermitted(contributor, 'Microsoft.Network/virtualNetworks/write')).toBe(true);
    expect(isPermitted(contributor, 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
  });
});

describe('hasRoleAssignment', () => {
  const sub = '/subscriptions/00000000-0000-0000-0000-000000000000';
  const subnet = `${sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes`;
  const store = new EmulatorStore();
  store.put({
    id: `${sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/providers/Microsoft.Authorization/roleAssignments/a1`,
    name: 'a1',
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      principalId: 'p1',
      scope: `${sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`,
      roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`,
    },
  });

  it('grants through an assignment on an ancestor scope whose role permits the action', () => {
    expect(hasRoleAssignment(store, 'p1', subnet, 'Microsoft.Network/virtualNetworks/subnets/join/action')).toBe(true);
    expect(hasRoleAssignment(store, 'P1', subnet, 'Microsoft.Network/routeTables/write')).toBe(true);
  });

  it('refuses another principal, a sibling scope and an action the role lacks', () => {
    expect(hasRoleAssignment(store, 'p2', subnet, 'Microsoft.Network/virtualNetworks/subnets/join/action')).toBe(false);
    expect(
      hasRoleAssignment(
        store,
        'p1',
        `${sub}/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt`,
        'Microsoft.Network/routeTables/write',
      ),
    ).toBe(false);
    expect(hasRoleAssignment(store, 'p1', subnet, 'Microsoft.Compute/virtualMachines/write')).toBe(false);
  });
});
