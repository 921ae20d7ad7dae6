/**
 * What to delete comes from Azure, not from the journal: a crashed init may have created more than it
 * recorded. Ownership is decided by tags and the journal, never by a name alone. Everything in the resource
 * group carrying this deployment's tag is ours; children that cannot carry tags are ours when their parent
 * is and the current configuration writes them (a rule collection group, a subnet: AzureBastionSubnet under
 * --no-bastion is the user's) or the journal records them; in an adopted virtual network only the subnets
 * it did not have before are ours. Role assignments are ours when their name is the GUID step 3 derives,
 * or, on our Key Vault, when their description names this deployment.
 * An adopted resource is put back as the state file recorded it, never deleted. All else is kept.
 */
import { isStateStoreType, stateStoreKeptReason } from '../azure/state-account.js';
import type { ResourceManagementClient } from '@azure/arm-resources';
import { DEPLOYMENT_TAG, createdByDeployment } from '../core/tags.js';
import { ROLE_ASSIGNMENT_TYPE, roleAssignmentGuid } from '../azure/role-assignments.js';
import { readOrUndefined } from './attempt.js';
import { nameOf, sameId } from '../azure/ids.js';
import { deleteRoleAssignment, isOurNodeGroup } from './other-actions.js';
import { ourLinksInForeignZone, ourPolicyAssignment, ourVaultRoleAssignments } from './policy-keyvault-actions.js';
import { buildPlan, stepOf, TYPES, type Restores } from './phases.js';
import { restoreNsg, restoreRouteTable, restoreVnet } from './adopted-actions.js';
import type { AdoptedResource } from '../state/schema.js';
import { desiredSubnets } from '../steps/desired/desired-network.js';
import type { KeptResource, OwnedResource, TeardownAction, TeardownEnv, TeardownPlan } from './types.js';

/** What the journal may still know that Azure can no longer tell (outputs of a partial or crashed run). */
export interface JournalHints {
  identityPrincipalId?: string;
  nodeResourceGroup?: string;
  /** Subnet ids the network step recorded (it created or reused them). */
  subnetIds?: string[];
  /** Rule collection group ids step 4 recorded writing. */
  ruleCollectionGroupIds?: string[];
  /** Existing resources this deployment adopted, as they were before its first write to them. */
  adopted?: readonly AdoptedResource[];
}

type Env = Pick<TeardownEnv, 'azure' | 'config' | 'names' | 'deploymentId'>;

const NOT_TAGGED = (id: string) => `not created by this deployment (it does not carry the tag ${DEPLOYMENT_TAG}=${id})`;

function foreignReason(tags: Record<string, string> | undefined, deploymentId: string): string {
  const other = tags?.[DEPLOYMENT_TAG];
  return other && other !== deploymentId
    ? `belongs to another secure-aks deployment (${DEPLOYMENT_TAG}=${other})`
    : NOT_TAGGED(deploymentId);
}

export async function discover(env: Env, hints: JournalHints = {}): Promise<TeardownPlan> {
  const rm = await env.azure.resources();
  const rgName = env.config.resourceGroup;
  const kept: KeptResource[] = [];
  const owned: OwnedResource[] = [];
  const extra: TeardownAction[] = [];
  const restores: Restores = { network: [], attachments: [] };
  const adoptedRecord = (id: string) => hints.adopted?.find((a) => sameId(a.id, id));

  const rg = await readOrUndefined(`resource group ${rgName}`, () => rm.resourceGroups.get(rgName));
  if (rg) {
    for await (const res of rm.resources.listByResourceGroup(rgName)) {
      const [id, type, name] = [res.id ?? '', res.type ?? '', res.name ?? ''];
      if (!createdByDeployment(res.tags, env.deploymentId)) {
        // An adopted resource is put back below (it may live in another resource group).
        if (!adoptedRecord(id)) kept.push({ id, type, reason: foreignReason(res.tags, env.deploymentId) });
        continue;
      }
      const step = stepOf(type, name, env.names);
      if (step) owned.push({ id, type, name, step });
      else if (isStateStoreType(type)) kept.push({ id, type, reason: stateStoreKeptReason(name, rgName) });
      else
        kept.push({
          id,
          type,
          reason: "carries this deployment's tag, but secure-aks never creates this type; delete it yourself if it is not needed",
        });
    }
    for (const prior of hints.adopted ?? []) addRestore(restores, prior, env.names);
    await subnets(env, owned, kept, hints);
    await ruleGroups(env, owned, kept, hints);
    extra.push(...(await roleAssignments(env, rg.id ?? '', owned, kept, hints)));
    const cluster = owned.find((r) => r.type.toLowerCase() === TYPES.cluster);
    const assignment = cluster ? await ourPolicyAssignment(env, cluster.id) : undefined;
    if (assignment) owned.push(assignment);
    owned.push(
      ...(await ourVaultRoleAssignments(
        env,
        owned.filter((r) => r.type.toLowerCase() === TYPES.keyVault),
      )),
    );
    owned.push(
      ...(await ourLinksInForeignZone(
        env,
        owned.some((r) => r.type.toLowerCase() === TYPES.privateDnsZone),
      )),
    );
  }
  if (!owned.some((r) => r.type.toLowerCase() === TYPES.cluster)) await orphanNodeGroup(env, rm, owned, kept, hints);

  if (rg) {
    if (createdByDeployment(rg.tags, env.deploymentId))
      owned.push({ id: rg.id ?? '', type: rg.type ?? 'Microsoft.Resources/resourceGroups', name: rgName, step: 'identity' });
    else
      kept.push({
        id: rg.id ?? '',
        type: 'Microsoft.Resources/resourceGroups',
        reason: `existed before this deployment: ${foreignReason(rg.tags, env.deploymentId)}`,
      });
  }
  return { phases: buildPlan(owned, extra, restores), kept };
}

const ADOPTED_TYPE: Record<AdoptedResource['kind'], string> = {
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  routeTable: 'Microsoft.Network/routeTables',
  networkSecurityGroup: 'Microsoft.Network/networkSecurityGroups',
};

/** Each restore reads its resource first: one the user deleted meanwhile is reported as such, never as deleted. */
function addRestore(restores: Restores, prior: AdoptedResource, names: Env['names']): void {
  const type = ADOPTED_TYPE[prior.kind];
  const resource: OwnedResource = { id: prior.id, type, name: prior.name, step: stepOf(type, prior.name, names) ?? 'network' };
  if (prior.kind === 'virtualNetwork') restores.network.push(restoreVnet(resource, prior));
  else restores.attachments.push(prior.kind === 'routeTable' ? restoreRouteTable(resource, prior) : restoreNsg(resource, prior));
}

/**
 * A subnet of our VNet is ours when this configuration writes it or the journal records it; in an adopted
 * VNet it must also be one the VNet did not have before. Any other subnet is the user's.
 */
async function subnets(env: Env, owned: OwnedResource[], kept: KeptResource[], hints: JournalHints): Promise<void> {
  const net = await env.azure.network();
  const written = new Set(desiredSubnets(env).map((s) => s.name.toLowerCase()));
  const recorded = (id: string) => (hints.subnetIds ?? []).some((r) => sameId(r, id));
  const adoptedVnet = hints.adopted?.find((a) => a.kind === 'virtualNetwork' && a.name.toLowerCase() === env.names.vnet.toLowerCase());
  const ownedVnets = owned.filter((r) => r.type.toLowerCase() === TYPES.vnet);
  const inspect = async (vnetName: string, existedBefore: (subnet: string) => boolean, whose: string) => {
    const vnet = await readOrUndefined(`virtual network ${vnetName}`, () => net.virtualNetworks.get(env.config.resourceGroup, vnetName));
    for (const s of vnet?.subnets ?? []) {
      const [id, name] = [s.id ?? '', s.name ?? ''];
      const ours = (written.has(name.toLowerCase()) || recorded(id)) && !existedBefore(name);
      if (ours) owned.push({ id, type: TYPES.subnetType, name, step: 'network' });
      else
        kept.push({ id, type: TYPES.subnetType, reason: `a subnet secure-aks did not create, in virtual network ${vnetName} (${whose})` });
    }
  };
  for (const v of ownedVnets) await inspect(v.name, () => false, 'which is kept for it');
  if (adoptedVnet) {
    const before = new Set((adoptedVnet.subnets ?? []).map((s) => s.name.toLowerCase()));
    await inspect(
      adoptedVnet.name,
      (name) => before.has(name.toLowerCase()),
      'adopted: it had this subnet before; its route table and NSG are put back',
    );
  }
  // Subnets named like ours inside a VNet the user brought (not adopted) stay: nothing proves we created them.
  if (!adoptedVnet && !ownedVnets.some((v) => v.name.toLowerCase() === env.names.vnet.toLowerCase())) {
    const theirs = await readOrUndefined(`virtual network ${env.names.vnet}`, () =>
      net.virtualNetworks.get(env.config.resourceGroup, env.names.vnet),
    );
    for (const s of theirs?.subnets ?? []) {
      if (written.has((s.name ?? '').toLowerCase())) {
        kept.push({
          id: s.id ?? '',
          type: TYPES.subnetType,
          reason: `in virtual network ${env.names.vnet}, which this deployment did not create; our route table and NSGs are detached from it`,
        });
      }
    }
  }
}

/**
 * Rule collection groups of our policy: ours when the configuration writes them (the jumphost's only with a
 * jumphost) or step 4 recorded them; a group someone added keeps the policy alive.
 */
async function ruleGroups(env: Env, owned: OwnedResource[], kept: KeptResource[], hints: JournalHints): Promise<void> {
  const net = await env.azure.network();
  const written = [env.names.aksRuleCollectionGroup, ...(env.config.jumphost ? [env.names.jumphostRuleCollectionGroup] : [])];
  const ours = new Set([...written, ...(hints.ruleCollectionGroupIds ?? []).map(nameOf)].map((n) => n.toLowerCase()));
  for (const p of owned.filter((r) => r.type.toLowerCase() === TYPES.policy)) {
    const groups = [];
    try {
      for await (const g of net.firewallPolicyRuleCollectionGroups.list(env.config.resourceGroup, p.name)) groups.push(g);
    } catch (error) {
      // A policy deleted between the listing and now has no groups left to find.
      if (!(await readOrUndefined(`firewall policy ${p.name}`, () => net.firewallPolicies.get(env.config.resourceGroup, p.name)))) continue;
      throw error;
    }
    for (const g of groups) {
      const [id, name] = [g.id ?? '', g.name ?? ''];
      if (ours.has(name.toLowerCase())) owned.push({ id, type: TYPES.rcgType, name, step: 'firewall-rules' });
      else
        kept.push({
          id,
          type: TYPES.rcgType,
          reason: `a rule collection group secure-aks did not create, in firewall policy ${p.name} (which is kept for it)`,
        });
    }
  }
}

/**
 * Step 3 grants the cluster identity Network Contributor under a GUID derived from principal, role and
 * scope; an assignment for the same principal under another name was made by someone else.
 */
async function roleAssignments(
  env: Env,
  rgId: string,
  owned: OwnedResource[],
  kept: KeptResource[],
  hints: JournalHints,
): Promise<TeardownAction[]> {
  const identity = owned.find((r) => r.type.toLowerCase() === TYPES.identity && r.name.toLowerCase() === env.names.identity.toLowerCase());
  let principalId = hints.identityPrincipalId;
  if (identity) {
    const msi = await env.azure.msi();
    const found = await readOrUndefined(`identity ${identity.name}`, () =>
      msi.userAssignedIdentities.get(env.config.resourceGroup, identity.name),
    );
    principalId = found?.principalId ?? principalId;
  }
  if (!principalId) return [];
  const auth = await env.azure.authorization();
  const actions: TeardownAction[] = [];
  const inGroup = (scope: string) => sameId(scope, rgId) || scope.toLowerCase().startsWith(rgId.toLowerCase() + '/');
  const listing = auth.roleAssignments.listForResourceGroup(env.config.resourceGroup, { filter: `principalId eq '${principalId}'` });
  for await (const ra of listing) {
    const [id, scope] = [ra.id ?? '', ra.scope ?? ''];
    if (!inGroup(scope)) continue; // above our resource group: never ours
    const expected = roleAssignmentGuid(principalId, nameOf(ra.roleDefinitionId ?? ''), scope);
    if ((ra.name ?? '').toLowerCase() === expected) {
      actions.push(
        deleteRoleAssignment({ id, type: ROLE_ASSIGNMENT_TYPE, name: ra.name ?? '', step: 'egress-route' }, scope, `on ${nameOf(scope)}`),
      );
    } else {
      kept.push({
        id,
        type: ROLE_ASSIGNMENT_TYPE,
        reason: `a role assignment for the cluster identity that secure-aks did not create (its name is not the one secure-aks derives)`,
      });
    }
  }
  return actions;
}

/** AKS deletes the node resource group with the cluster; one left behind (cluster gone) is removed only if provably ours. */
async function orphanNodeGroup(
  env: Env,
  rm: ResourceManagementClient,
  owned: OwnedResource[],
  kept: KeptResource[],
  hints: JournalHints,
): Promise<void> {
  const { resourceGroup, location } = env.config;
  const name = hints.nodeResourceGroup ?? `MC_${resourceGroup}_${env.names.cluster}_${location}`;
  const group = await readOrUndefined(`resource group ${name}`, () => rm.resourceGroups.get(name));
  if (!group) return;
  const resource = { id: group.id ?? '', type: 'Microsoft.Resources/resourceGroups', name, step: 'cluster' as const };
  if (isOurNodeGroup(group.tags, resourceGroup, env.names.cluster, env.deploymentId)) owned.push(resource);
  else
    kept.push({
      id: resource.id,
      type: resource.type,
      reason: `named like the node resource group of cluster ${env.names.cluster}, but without AKS's tags for it and this deployment's tag`,
    });
}
