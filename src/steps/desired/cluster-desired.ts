import type { ManagedCluster } from '@azure/arm-containerservice';
import type { PropertyDiff } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { diffProperties } from './diff.js';
import { sameId } from '../../azure/ids.js';
import { failedStateDiff } from '../../azure/provisioning.js';
import { clusterPools, poolDiffs } from './cluster-pools.js';
import { tierModel } from './cluster-tier.js';
import { applyInsightsSettings, insightsClusterDiff } from './addon-defender.js';
import { applyPolicyKeyVaultAddons, policyKeyVaultAddonDiffs } from './cluster-addons-policy-keyvault.js';
import type { AddonKey } from '../../config/addons.js';

export { SYSTEM_POOL } from './cluster-pools.js';

export interface ClusterInputs {
  identityId: string;
  nodeSubnetId: string;
  /** Exact version to create with (resolved from the region's list when the config leaves it open). */
  kubernetesVersion?: string;
  /** The add-ons this deployment turned on (addon-ownership.ts): only those are turned off. */
  addonsTurnedOn: readonly AddonKey[];
}

/**
 * The settings step 5 owns, typed against the SDK model (whose names differ from the wire names, e.g.
 * enableAzureRbac for enableAzureRBAC). Secure by default (aks-baseline / AVM): private API server without
 * a public FQDN, egress only through the route table, Azure CNI Overlay with Cilium policy, Entra ID +
 * Azure RBAC with local accounts off, workload identity, patch + NodeImage auto-upgrades.
 */
export function ownedModel(ctx: Pick<StepContext, 'config'>): ManagedCluster {
  const c = ctx.config;
  return {
    location: c.location,
    apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFqdn: false },
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'cilium',
      networkDataplane: 'cilium',
      outboundType: 'userDefinedRouting',
      podCidr: c.podCidr,
      serviceCidr: c.serviceCidr,
      dnsServiceIP: c.dnsServiceIp,
    },
    identity: { type: 'UserAssigned' },
    aadProfile: { managed: true, enableAzureRbac: true },
    disableLocalAccounts: true,
    oidcIssuerProfile: { enabled: true },
    securityProfile: { workloadIdentity: { enabled: true } },
    autoUpgradeProfile: { upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' },
    ...tierModel(c.tier),
  };
}

/** ownedModel as dotted paths (location excluded: a cluster never moves), for diffing. */
export function ownedSettings(ctx: Pick<StepContext, 'config'>): Record<string, unknown> {
  const { location: _location, ...owned } = ownedModel(ctx);
  void _location;
  return flatten(owned as Record<string, unknown>);
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

/** "1.33" asks for any 1.33 patch; "1.33.3" for exactly that one. */
export function versionSatisfies(actual: string | undefined, wanted: string | undefined): boolean {
  if (!wanted) return true; // an open version never forces an upgrade on re-run
  return !!actual && (actual === wanted || actual.startsWith(`${wanted}.`));
}

export function clusterDiff(
  ctx: Pick<StepContext, 'config' | 'deploymentId' | 'names'>,
  current: ManagedCluster,
  inputs: ClusterInputs,
): PropertyDiff[] {
  const diffs = [
    ...failedStateDiff(current),
    ...diffProperties(current, ownedSettings(ctx)),
    ...insightsClusterDiff(ctx, current, inputs.addonsTurnedOn),
  ];
  if (!Object.keys(current.identity?.userAssignedIdentities ?? {}).some((id) => sameId(id, inputs.identityId))) {
    diffs.push({
      property: 'identity.userAssignedIdentities',
      current: Object.keys(current.identity?.userAssignedIdentities ?? {}),
      desired: [inputs.identityId],
    });
  }
  diffs.push(...poolDiffs(ctx.config, current, inputs.nodeSubnetId));
  diffs.push(...policyKeyVaultAddonDiffs(ctx.config, current, inputs.addonsTurnedOn));
  const actual = current.currentKubernetesVersion ?? current.kubernetesVersion;
  if (!versionSatisfies(actual, ctx.config.kubernetesVersion)) {
    diffs.push({ property: 'kubernetesVersion', current: actual, desired: ctx.config.kubernetesVersion });
  }
  return diffs;
}

function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = target;
  for (const k of keys.slice(0, -1)) cur = cur[k] = { ...(cur[k] ?? {}) };
  cur[keys[keys.length - 1]!] = value;
}

/** The cluster to PUT: our settings over what exists (pools and add-ons a user added are kept). */
export function clusterBody(
  ctx: Pick<StepContext, 'config' | 'names'>,
  tags: Record<string, string>,
  inputs: ClusterInputs,
  existing?: ManagedCluster,
): ManagedCluster {
  const body: Record<string, any> = {
    ...existing,
    location: existing?.location ?? ctx.config.location,
    tags,
    dnsPrefix: existing?.dnsPrefix ?? ctx.names.dnsPrefix,
  };
  for (const [path, value] of Object.entries(ownedSettings(ctx))) setPath(body, path, value);
  // Identity, pools and version are set below from the inputs.
  body.identity = { type: 'UserAssigned', userAssignedIdentities: { [inputs.identityId]: {} } };
  const version = inputs.kubernetesVersion ?? existing?.kubernetesVersion;
  if (version) body.kubernetesVersion = version;
  body.agentPoolProfiles = clusterPools(ctx.config, inputs.nodeSubnetId, tags, existing);
  applyInsightsSettings(ctx, body as ManagedCluster, existing, inputs.addonsTurnedOn);
  applyPolicyKeyVaultAddons(body, ctx.config, inputs.addonsTurnedOn);
  return body as ManagedCluster;
}
