/** Resource provider registration: GET/list `/subscriptions/{s}/providers[/{ns}]` and POST `.../register`. */
import type { ArmRequest, EmulatorContext, Route } from '../../core/contract.js';
import { REGION_DISPLAY_NAMES } from '../../core/ids.js';
import { DEFAULT_REGISTERED, registrationState, setRegistrationState } from '../../core/registration.js';

/** Resource types listed per namespace (the ones the product uses). */
const TYPES: Record<string, string[]> = {
  'Microsoft.Resources': ['resourceGroups', 'deployments'],
  'Microsoft.ManagedIdentity': ['userAssignedIdentities'],
  'Microsoft.Authorization': ['roleAssignments', 'roleDefinitions', 'permissions', 'policyAssignments', 'policySetDefinitions'],
  'Microsoft.Network': [
    'virtualNetworks',
    'routeTables',
    'networkSecurityGroups',
    'azureFirewalls',
    'firewallPolicies',
    'publicIPAddresses',
    'bastionHosts',
    'networkInterfaces',
    'privateEndpoints',
    'privateDnsZones',
  ],
  'Microsoft.ContainerService': ['managedClusters'],
  'Microsoft.Compute': ['virtualMachines', 'virtualMachineScaleSets', 'disks'],
  'Microsoft.OperationalInsights': ['workspaces'],
  'Microsoft.Insights': ['dataCollectionRules', 'dataCollectionRuleAssociations'],
  'Microsoft.Security': ['pricings'],
  'Microsoft.KeyVault': ['vaults', 'deletedVaults'],
  'Microsoft.Storage': ['storageAccounts', 'checkNameAvailability'],
  'Microsoft.PolicyInsights': ['policyStates', 'remediations'],
};

function canonicalNamespace(ns: string): string {
  return Object.keys(TYPES).find((n) => n.toLowerCase() === ns.toLowerCase()) ?? ns;
}

function providerBody(ctx: EmulatorContext, subscriptionId: string, ns: string) {
  const namespace = canonicalNamespace(ns);
  const locations = ctx.regions.map((r) => REGION_DISPLAY_NAMES[r] ?? r);
  return {
    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    namespace,
    registrationState: registrationState(ctx, namespace),
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: (TYPES[namespace] ?? []).map((resourceType) => ({ resourceType, locations, apiVersions: [] })),
  };
}

function register(req: ArmRequest, ctx: EmulatorContext) {
  const { subscriptionId, resourceProviderNamespace: ns } = req.params;
  if (registrationState(ctx, ns) !== 'Registered') setRegistrationState(ctx, ns, 'Registering');
  return { status: 200, body: providerBody(ctx, subscriptionId, ns) };
}

function unregister(req: ArmRequest, ctx: EmulatorContext) {
  setRegistrationState(ctx, req.params.resourceProviderNamespace, 'NotRegistered');
  return { status: 200, body: providerBody(ctx, req.params.subscriptionId, req.params.resourceProviderNamespace) };
}

const PROVIDER = '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}';

export const resourceProviderRoutes: Route[] = [
  {
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/providers',
    action: 'Microsoft.Resources/subscriptions/providers/read',
    handler: (req, ctx) => ({
      status: 200,
      body: { value: DEFAULT_REGISTERED.map((ns) => providerBody(ctx, req.params.subscriptionId, ns)) },
    }),
  },
  {
    method: 'GET',
    path: PROVIDER,
    action: 'Microsoft.Resources/subscriptions/providers/read',
    handler: (req, ctx) => ({ status: 200, body: providerBody(ctx, req.params.subscriptionId, req.params.resourceProviderNamespace) }),
  },
  { method: 'POST', path: `${PROVIDER}/register`, action: '{resourceProviderNamespace}/register/action', handler: register },
  { method: 'POST', path: `${PROVIDER}/unregister`, action: '{resourceProviderNamespace}/unregister/action', handler: unregister },
];
