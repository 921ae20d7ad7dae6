import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPLICATION_AZURE_SECONDS } from '../../src/emulator/providers/authorization/principals.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/** Field names of Microsoft's published ARM examples (resources, msi, authorization), one level deep. */
const EXAMPLES = {
  rg: { keys: ['id', 'location', 'name', 'properties'], properties: ['provisioningState'] },
  identityCreate: {
    keys: ['id', 'location', 'name', 'properties', 'tags', 'type'],
    properties: ['clientId', 'isolationScope', 'principalId', 'tenantId'],
  },
  identityGet: {
    keys: ['id', 'location', 'name', 'properties', 'tags', 'type'],
    properties: ['clientId', 'isolationScope', 'principalId', 'tenantId'],
  },
  roleAssignmentCreate: {
    keys: ['id', 'name', 'properties', 'type'],
    properties: ['principalId', 'principalType', 'roleDefinitionId', 'scope'],
  },
  roleAssignmentGet: {
    keys: ['id', 'name', 'properties', 'type'],
    properties: ['principalId', 'principalType', 'roleDefinitionId', 'scope'],
  },
  permissions: { keys: ['nextLink', 'value'], value0: ['actions', 'notActions'] },
};
const keys = (o: object) => Object.keys(o).sort();
/** Every field the example shows is present in ours (nested one level for `properties`). */
function expectSameFields(ours: Record<string, any>, theirs: { keys: string[]; properties?: string[] }) {
  expect(keys(ours)).toEqual(expect.arrayContaining(theirs.keys));
  if (theirs.properties) expect(keys(ours.properties)).toEqual(expect.arrayContaining(theirs.properties));
}

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });

describe("responses carry the fields of Microsoft's examples", () => {
  it('resource group, identity, role assignment, permissions', async () => {
    const rg = await emu.http('PUT', `/subscriptions/${SUB}/resourcegroups/rg-shape?api-version=2025-04-01`, { location: 'eastus' });
    expectSameFields(rg.body, EXAMPLES.rg);

    const idPath = `/subscriptions/${SUB}/resourceGroups/rg-shape/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-s?api-version=2024-11-30`;
    const created = await emu.http('PUT', idPath, { location: 'eastus', tags: { a: 'b' } });
    expectSameFields(created.body, EXAMPLES.identityCreate);
    expectSameFields((await emu.http('GET', idPath)).body, EXAMPLES.identityGet);

    // Past the new identity's replication delay.
    await emu.control.advanceClock(REPLICATION_AZURE_SECONDS);
    const name = randomUUID();
    const ra = await emu.http(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-shape/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
      {
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`,
          principalId: created.body.properties.principalId,
          principalType: 'ServicePrincipal',
        },
      },
    );
    expect(ra.status).toBe(201);
    expectSameFields(ra.body, EXAMPLES.roleAssignmentCreate);
    const got = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/rg-shape/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
    );
    expectSameFields(got.body, EXAMPLES.roleAssignmentGet);

    const perms = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourcegroups/rg-shape/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
    );
    // nextLink is a paging marker: absent when there is no next page.
    expect(keys(perms.body)).toEqual(EXAMPLES.permissions.keys.filter((k) => k !== 'nextLink'));
    expect(keys(perms.body.value[0])).toEqual(expect.arrayContaining(EXAMPLES.permissions.value0));
  });
});
