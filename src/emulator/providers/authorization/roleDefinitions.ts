/** Role definitions: GET by id at any scope and list with `$filter=roleName eq '...'`. */
import type { ArmRequest, ArmResponse, Route } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { canonicalId } from '../../core/ids.js';
import { parseEqFilter } from '../../core/validate.js';
import { BUILT_IN_ROLES, builtInRole, type BuiltInRole } from './builtInRoles.js';

const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

function scopeOf(req: ArmRequest): string {
  return req.params.scope ? canonicalId(req.params.scope) : '';
}

export function roleDefinitionBody(role: BuiltInRole, scope: string) {
  return {
    id: `${scope}/providers/${ROLE_DEFINITION_TYPE}/${role.id}`,
    name: role.id,
    type: ROLE_DEFINITION_TYPE,
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: role.permissions,
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-01-01T00:00:00.0000000Z',
      // Built-in roles answer these as null (no user created them).
      createdBy: null,
      updatedBy: null,
    },
  };
}

function get(req: ArmRequest): ArmResponse {
  const role = builtInRole(req.params.roleDefinitionId);
  if (!role) {
    throw new ArmError(
      404,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${req.params.roleDefinitionId}' does not exist.`,
    );
  }
  return { status: 200, body: roleDefinitionBody(role, scopeOf(req)) };
}

function list(req: ArmRequest): ArmResponse {
  const filter = parseEqFilter(req.query.get('$filter'));
  const roles = BUILT_IN_ROLES.filter((r) => !filter.rolename || r.roleName.toLowerCase() === filter.rolename.toLowerCase());
  return { status: 200, body: { value: roles.map((r) => roleDefinitionBody(r, scopeOf(req))) } };
}

export const roleDefinitionRoutes: Route[] = [
  {
    method: 'GET',
    path: `{scope*}/providers/${ROLE_DEFINITION_TYPE}/{roleDefinitionId}`,
    action: `${ROLE_DEFINITION_TYPE}/read`,
    handler: get,
  },
  { method: 'GET', path: `{scope*}/providers/${ROLE_DEFINITION_TYPE}`, action: `${ROLE_DEFINITION_TYPE}/read`, handler: list },
];
