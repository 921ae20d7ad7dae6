/**
 * GET /providers/Microsoft.ManagedIdentity/operations: the provider's operation list
 * (https://learn.microsoft.com/en-us/rest/api/managedidentity/operations/list), as Azure answers it.
 */
import type { ArmResponse } from '../../core/contract.js';

const PROVIDER = 'Microsoft Managed Identity';
const UAI = 'User Assigned Identities';

const OPERATIONS: [name: string, resource: string, operation: string, description: string][] = [
  ['identities/read', 'System Assigned Identities', 'Get System Assigned Identity', 'Gets an existing system assigned identity'],
  [
    'operations/read',
    'Managed Identity operations',
    'List Managed Identity operations',
    'Lists operations available on Microsoft.ManagedIdentity resource provider',
  ],
  [
    'register/action',
    'Managed Identity Resource Provider',
    'Registers the Managed Identity Resource Provider',
    'Registers the subscription for the managed identity resource provider',
  ],
  [
    'userAssignedIdentities/assign/action',
    UAI,
    'Assign User Assigned Identity',
    'RBAC action for assigning an existing user assigned identity to a resource',
  ],
  ['userAssignedIdentities/delete', UAI, 'Delete User Assigned Identity', 'Deletes an existing user assigned identity'],
  [
    'userAssignedIdentities/listAssociatedResources/action',
    UAI,
    'List associated resources for User Assigned Identity',
    'Lists all associated resources for an existing user assigned identity',
  ],
  ['userAssignedIdentities/read', UAI, 'Get User Assigned Identity', 'Gets an existing user assigned identity'],
  [
    'userAssignedIdentities/write',
    UAI,
    'Create/Update User Assigned Identity',
    'Creates a new user assigned identity or updates the tags associated with an existing user assigned identity',
  ],
];

export function listOperations(): ArmResponse {
  const value = OPERATIONS.map(([name, resource, operation, description]) => ({
    name: `Microsoft.ManagedIdentity/${name}`,
    display: { provider: PROVIDER, resource, operation, description },
  }));
  return { status: 200, body: { value } };
}
