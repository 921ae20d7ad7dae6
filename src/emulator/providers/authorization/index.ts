/** Microsoft.Authorization: role assignments, built-in role definitions and the permissions API. */
import type { Provider } from '../../core/contract.js';
import { permissionRoutes } from './permissions.js';
import { roleAssignmentRoutes } from './roleAssignments.js';
import { roleDefinitionRoutes } from './roleDefinitions.js';

export { grantsDataAction, hasPropagated, hasRoleAssignment, scopeCovers, ROLE_ASSIGNMENT_TYPE } from './access.js';
export { BUILT_IN_ROLES, builtInRole } from './builtInRoles.js';

export const provider: Provider = {
  namespace: 'Microsoft.Authorization',
  routes: [...roleAssignmentRoutes, ...roleDefinitionRoutes, ...permissionRoutes],
};
