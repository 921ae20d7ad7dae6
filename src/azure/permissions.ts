import type { Permission } from '@azure/arm-authorization';
import type { ResolvedConfig } from '../config/types.js';
import { AuthError } from '../core/errors.js';

/**
 * The built-in role that grants an action: Contributor cannot write role assignments (its notActions exclude
 * Authorization writes); Reader is enough for what is only read.
 */
export type GrantingRole = 'Contributor' | 'User Access Administrator' | 'Reader';

export interface RequiredAction {
  action: string;
  why: string;
  grantedBy: GrantingRole;
  /**
   * Where it must hold. Default: the deployment's resource group (or the subscription while the group does
   * not exist). 'subscription': the node resource group MC_... is created by AKS and inherits roles only
   * from the subscription, and provider registration is a subscription action.
   */
  at?: 'subscription';
}

/** Every action the ten steps need, for this configuration (no Bastion/VM actions when they are off). */
export function requiredActions(
  config: Pick<ResolvedConfig, 'bastion' | 'jumphost'> &
    Partial<Pick<ResolvedConfig, 'monitoring' | 'defender' | 'logAnalyticsWorkspace' | 'policyBaseline' | 'keyVault'>>,
): RequiredAction[] {
  const c = (action: string, why: string): RequiredAction => ({ action, why, grantedBy: 'Contributor' });
  const nodeGroupRead = (action: string, why: string): RequiredAction => ({ action, why, grantedBy: 'Reader', at: 'subscription' });
  return [
    c('Microsoft.Resources/subscriptions/resourceGroups/write', 'create the resource group'),
    c('Microsoft.ManagedIdentity/userAssignedIdentities/write', 'create the cluster identity'),
    c('Microsoft.ManagedIdentity/userAssignedIdentities/assign/action', 'give the cluster its user-assigned identity'),
    c('Microsoft.Network/virtualNetworks/write', 'create the virtual network'),
    c('Microsoft.Network/virtualNetworks/subnets/write', 'create subnets and attach the route table and NSGs'),
    c('Microsoft.Network/virtualNetworks/subnets/join/action', 'place the firewall, Bastion, jumphost and node pool in their subnets'),
    c('Microsoft.Network/publicIPAddresses/write', 'create the firewall (and Bastion) public IP'),
    c('Microsoft.Network/publicIPAddresses/join/action', 'attach the public IPs to the firewall (and Bastion)'),
    c('Microsoft.Network/firewallPolicies/write', 'create the firewall policy'),
    c('Microsoft.Network/firewallPolicies/ruleCollectionGroups/write', 'write the egress rules'),
    c('Microsoft.Network/firewallPolicies/join/action', 'attach the policy to the firewall'),
    c('Microsoft.Network/azureFirewalls/write', 'create the Azure Firewall'),
    c('Microsoft.Network/routeTables/write', 'create the route table'),
    c('Microsoft.Network/routeTables/routes/write', 'write the egress routes'),
    c('Microsoft.Network/routeTables/join/action', 'associate the route table with the node and jumphost subnets'),
    c('Microsoft.Network/networkSecurityGroups/write', 'create the NSGs'),
    c('Microsoft.Network/networkSecurityGroups/join/action', 'associate the NSGs with their subnets'),
    ...(config.bastion ? [c('Microsoft.Network/bastionHosts/write', 'create the Bastion host')] : []),
    ...(config.jumphost
      ? [
          c('Microsoft.Network/networkInterfaces/write', 'create the jumphost network interface'),
          c('Microsoft.Network/networkInterfaces/join/action', 'attach the network interface to the jumphost VM'),
          c('Microsoft.Compute/virtualMachines/write', 'create the jumphost VM'),
        ]
      : []),
    ...insightsActions(config),
    c('Microsoft.ContainerService/managedClusters/write', 'create the AKS cluster'),
    c('Microsoft.ContainerService/managedClusters/runCommand/action', 'run kubectl checks through the runCommand API'),
    c('Microsoft.ContainerService/managedClusters/commandResults/read', 'read the results of those kubectl checks'),
    {
      action: 'Microsoft.Authorization/roleAssignments/write',
      why: 'grant the cluster identity Network Contributor on the VNet and route table',
      grantedBy: 'User Access Administrator',
    },
    nodeGroupRead(
      'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
      "list the API server's private endpoint and DNS zone in the node resource group",
    ),
    nodeGroupRead('Microsoft.Network/privateEndpoints/read', "read the API server's private endpoint in the node resource group"),
    nodeGroupRead('Microsoft.Network/privateDnsZones/read', 'read the private DNS zone in the node resource group'),
    ...policyKeyVaultActions(config),
  ];
}

/**
 * The baseline assignment is an Authorization write (Contributor excludes those; User Access Administrator
 * or Resource Policy Contributor grant it); the private Key Vault needs the vault, its endpoint in the node
 * subnet, the private DNS zone, its link and records.
 */
function policyKeyVaultActions(config: Partial<Pick<ResolvedConfig, 'policyBaseline' | 'keyVault'>>): RequiredAction[] {
  const c = (action: string, why: string): RequiredAction => ({ action, why, grantedBy: 'Contributor' });
  return [
    ...(config.policyBaseline
      ? [
          {
            action: 'Microsoft.Authorization/policyAssignments/write',
            why: 'assign the pod security baseline initiative to the cluster',
            grantedBy: 'User Access Administrator' as const,
          },
        ]
      : []),
    ...(config.keyVault
      ? [
          c('Microsoft.KeyVault/vaults/write', 'create the private Key Vault'),
          c('Microsoft.Network/privateEndpoints/write', "create the Key Vault's private endpoint"),
          // Without it the endpoint's connection waits for a manual approval
          // (https://learn.microsoft.com/azure/private-link/rbac-permissions#private-endpoint).
          c('Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action', "have the vault approve its endpoint's connection"),
          c('Microsoft.Network/privateDnsZones/write', 'create the privatelink.vaultcore zone'),
          c('Microsoft.Network/privateDnsZones/virtualNetworkLinks/write', 'link that zone to the virtual network'),
          c('Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write', "register the vault's A record in that zone"),
        ]
      : []),
  ];
}

/** Container Insights and Defender: our workspace, Monitor's rule and its association on the cluster. */
function insightsActions(config: Partial<Pick<ResolvedConfig, 'monitoring' | 'defender' | 'logAnalyticsWorkspace'>>): RequiredAction[] {
  const c = (action: string, why: string): RequiredAction => ({ action, why, grantedBy: 'Contributor' });
  const workspace = (config.monitoring || config.defender) && !config.logAnalyticsWorkspace;
  return [
    ...(workspace ? [c('Microsoft.OperationalInsights/workspaces/write', 'create the Log Analytics workspace')] : []),
    ...(config.monitoring
      ? [
          c('Microsoft.Insights/dataCollectionRules/write', 'create the Container Insights data collection rule'),
          c('Microsoft.Insights/dataCollectionRuleAssociations/write', 'associate the data collection rule with the cluster'),
        ]
      : []),
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

/** The roles to ask for, for these missing actions (Owner grants all of them). */
export function grantingRoles(missing: readonly RequiredAction[], scope: string): string {
  const roles = new Set(missing.map((m) => m.grantedBy));
  const subscription = scope.replace(/\/resourceGroups\/.*$/i, '');
  return [
    roles.has('Contributor') ? `Contributor on ${scope}` : undefined,
    roles.has('User Access Administrator')
      ? `User Access Administrator (or Role Based Access Control Administrator) on ${scope}`
      : undefined,
    roles.has('Reader') ? `Reader on ${subscription} (AKS's node resource group inherits roles only from the subscription)` : undefined,
  ]
    .filter(Boolean)
    .join(' and ');
}

/** The exit-4 error: exactly which actions are missing, why we need each, and which built-in role grants them. */
export function missingPermissionsError(missing: readonly RequiredAction[], scope: string): AuthError {
  return new AuthError(
    'MissingPermissions',
    `The signed-in principal lacks ${missing.length} permission${missing.length > 1 ? 's' : ''} on ${scope}: ` +
      missing.map((m) => `${m.action} (to ${m.why}; granted by ${m.grantedBy})`).join('; ') +
      '.',
    `Ask an administrator to assign ${grantingRoles(missing, scope)}, or Owner, which grants all of them; then run again.`,
  );
}
