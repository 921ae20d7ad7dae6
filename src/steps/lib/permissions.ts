import type { Permission } from '@azure/arm-authorization';
import type { ResolvedConfig } from '../../config/types.js';
import { AuthError } from '../../engine/errors.js';

/** The role that grants an action: Contributor cannot write role assignments (its notActions exclude Authorization writes). */
export type GrantingRole = 'Contributor' | 'User Access Administrator';

export interface RequiredAction {
  action: string;
  why: string;
  grantedBy: GrantingRole;
}

/** Every write the ten steps make, for this configuration (no Bastion/VM writes when they are off). */
export function requiredActions(config: Pick<ResolvedConfig, 'bastion' | 'jumphost'>): RequiredAction[] {
  const c = (action: string, why: string): RequiredAction => ({ action, why, grantedBy: 'Contributor' });
  return [
    c('Microsoft.Resources/subscriptions/resourceGroups/write', 'create the resource group'),
    c('Microsoft.ManagedIdentity/userAssignedIdentities/write', 'create the cluster identity'),
    c('Microsoft.Network/virtualNetworks/write', 'create the virtual network'),
    c('Microsoft.Network/virtualNetworks/subnets/write', 'create subnets and attach the route table and NSGs'),
    c('Microsoft.Network/publicIPAddresses/write', 'create the firewall (and Bastion) public IP'),
    c('Microsoft.Network/firewallPolicies/write', 'create the firewall policy'),
    c('Microsoft.Network/firewallPolicies/ruleCollectionGroups/write', 'write the egress rules'),
    c('Microsoft.Network/azureFirewalls/write', 'create the Azure Firewall'),
    c('Microsoft.Network/routeTables/write', 'create the route table'),
    c('Microsoft.Network/routeTables/routes/write', 'write the egress routes'),
    c('Microsoft.Network/networkSecurityGroups/write', 'create the NSGs'),
    ...(config.bastion ? [c('Microsoft.Network/bastionHosts/write', 'create the Bastion host')] : []),
    ...(config.jumphost
      ? [
          c('Microsoft.Network/networkInterfaces/write', 'create the jumphost network interface'),
          c('Microsoft.Compute/virtualMachines/write', 'create the jumphost VM'),
        ]
      : []),
    c('Microsoft.ContainerService/managedClusters/write', 'create the AKS cluster'),
    c('Microsoft.ContainerService/managedClusters/runcommand/action', 'run kubectl checks through the runCommand API'),
    {
      action: 'Microsoft.Authorization/roleAssignments/write',
      why: 'grant the cluster identity Network Contributor on the VNet and route table',
      grantedBy: 'User Access Administrator',
    },
  ];
}

/** Azure's action patterns: case-insensitive, `*` matches any run of characters (including `/`). */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$', 'i');
  return re.test(action);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An action is allowed when one permission entry lists it in actions and not in its notActions. */
export function isAllowed(permissions: readonly Permission[], action: string): boolean {
  return permissions.some(
    (p) => (p.actions ?? []).some((a) => actionMatches(a, action)) && !(p.notActions ?? []).some((n) => actionMatches(n, action)),
  );
}

export function missingActions(permissions: readonly Permission[], required: readonly RequiredAction[]): RequiredAction[] {
  return required.filter((r) => !isAllowed(permissions, r.action));
}

/** The exit-4 error: exactly which actions are missing, why we need each, and which built-in role grants them. */
export function missingPermissionsError(missing: readonly RequiredAction[], scope: string): AuthError {
  const roles = new Set(missing.map((m) => m.grantedBy));
  const grant = [
    roles.has('Contributor') ? 'Contributor' : undefined,
    roles.has('User Access Administrator') ? 'User Access Administrator (or Role Based Access Control Administrator)' : undefined,
  ].filter(Boolean);
  return new AuthError(
    'MissingPermissions',
    `The signed-in principal lacks ${missing.length} permission${missing.length > 1 ? 's' : ''} on ${scope}: ` +
      missing.map((m) => `${m.action} (to ${m.why})`).join('; ') +
      '.',
    `Ask an administrator to assign ${grant.join(' and ')} on ${scope}, or Owner, which grants all of them; then run again.`,
  );
}
