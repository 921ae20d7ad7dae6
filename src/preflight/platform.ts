/**
 * Subscription-level preconditions: resource providers, the caller's permissions (the same check step 1
 * makes), the Kubernetes version, and whether the cluster name is already taken by someone else.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { Permission } from '@azure/arm-authorization';
import type { ResolvedConfig } from '../config/types.js';
import { grantingRoles, isAllowed, missingActions, requiredActions } from '../azure/permissions.js';
import { compareVersions, newestStable, type KubernetesVersionInfo } from './catalog.js';
import { DOCS, type PreflightNote, type PreflightProblem } from './problems.js';
import { DEPLOYMENT_TAG } from '../core/tags.js';

export interface ProviderState {
  namespace: string;
  registrationState: string;
}

/**
 * Every action the run needs, each where it must hold: the deployment's actions on its resource group (or
 * the subscription before the group exists), the node resource group's reads and provider registration on
 * the subscription (AKS's MC_ group inherits roles only from there).
 */
export function permissionProblems(
  config: ResolvedConfig,
  at: { scope: string; permissions: readonly Permission[] },
  subscription: { scope: string; permissions: readonly Permission[] },
): PreflightProblem[] {
  const required = requiredActions(config);
  const missing = [
    ...missingActions(
      at.permissions,
      required.filter((r) => r.at !== 'subscription'),
    ),
    ...missingActions(
      subscription.permissions,
      required.filter((r) => r.at === 'subscription'),
    ),
  ];
  if (missing.length === 0) return [];
  return [
    {
      code: 'MissingPermissions',
      fields: ['permissions'],
      kind: 'auth',
      docs: DOCS.permissions,
      message:
        `The signed-in principal lacks ${missing.length} permission(s): ` +
        missing
          .map((m) => `${m.action} on ${m.at === 'subscription' ? subscription.scope : at.scope} (to ${m.why}; granted by ${m.grantedBy})`)
          .join('; ') +
        '.',
      remediation: `Ask an administrator to assign ${grantingRoles(missing, at.scope)} (or Owner), then run again.`,
    },
  ];
}

/**
 * A provider that is not registered is registered by step 1 when the caller may (Contributor on the
 * subscription may: it holds `*\/register/action` there; registration is a subscription action, so
 * `permissions` are the subscription's); only when the caller may not is it a refusal needing an administrator.
 */
export function providerFindings(
  config: ResolvedConfig,
  providers: readonly ProviderState[],
  permissions: readonly Permission[],
): { problems: PreflightProblem[]; notes: PreflightNote[] } {
  const problems: PreflightProblem[] = [];
  const notes: PreflightNote[] = [];
  for (const p of providers.filter((x) => x.registrationState !== 'Registered')) {
    if (p.registrationState === 'Registering') {
      notes.push({ code: 'ProviderRegistering', message: `resource provider ${p.namespace} is registering; step 1 waits for it` });
    } else if (isAllowed(permissions, `${p.namespace}/register/action`)) {
      notes.push({
        code: 'ProviderWillRegister',
        message: `resource provider ${p.namespace} is ${p.registrationState}; step 1 registers it (a few minutes)`,
      });
    } else {
      problems.push({
        code: 'ProviderNotRegistered',
        fields: ['subscription'],
        kind: 'auth',
        docs: DOCS.providers,
        message: `Resource provider ${p.namespace} is ${p.registrationState} in subscription ${config.subscriptionId}, and the signed-in principal may not register it (${p.namespace}/register/action).`,
        remediation: `Ask an administrator to run \`az provider register --namespace ${p.namespace} --subscription ${config.subscriptionId}\`, or choose another --subscription.`,
      });
    }
  }
  return { problems, notes };
}

/**
 * The chosen version must be offered in the region; without one, AKS gets the newest non-preview. The
 * premium tier is sent with long-term support (cluster-tier.ts), which AKS offers only on the versions
 * that list AKSLongTermSupport, so a premium cluster needs such a version.
 */
export function versionFindings(
  config: ResolvedConfig,
  versions: readonly KubernetesVersionInfo[],
): { problems: PreflightProblem[]; notes: PreflightNote[] } {
  const wanted = config.kubernetesVersion;
  if (!wanted) {
    const newest = newestStable(versions);
    return {
      problems: newest ? ltsProblems(config, versions, newest, newest.version) : [],
      notes: newest
        ? [{ code: 'KubernetesVersion', message: `Kubernetes ${newest.version} (newest non-preview in ${config.location})` }]
        : [],
    };
  }
  const hit = versions.find((v) => v.minor === wanted || v.patches.includes(wanted));
  if (hit) {
    return {
      problems: ltsProblems(config, versions, hit, wanted),
      notes: hit.isPreview
        ? [{ code: 'KubernetesVersionPreview', message: `Kubernetes ${wanted} is a preview version in ${config.location}` }]
        : [],
    };
  }
  const offered = versions
    .flatMap((v) => v.patches)
    .sort(compareVersions)
    .reverse();
  return {
    problems: [
      {
        code: 'KubernetesVersionNotSupported',
        fields: ['kubernetesVersion'],
        kind: 'usage',
        docs: DOCS.versions,
        message: `kubernetesVersion ${wanted} is not offered in ${config.location}; offered: ${offered.join(', ') || 'none'}.`,
        remediation: `Pass one of those with --kubernetes-version, or leave it out to get ${newestStable(versions)?.version ?? 'the newest'}.`,
      },
    ],
    notes: [],
  };
}

const LTS = 'AKSLongTermSupport';

/** Premium on a version without long-term support; a listing without support plans cannot tell, so passes. */
function ltsProblems(
  config: ResolvedConfig,
  versions: readonly KubernetesVersionInfo[],
  chosen: KubernetesVersionInfo,
  shown: string,
): PreflightProblem[] {
  if (config.tier !== 'premium' || !chosen.supportPlans || chosen.supportPlans.includes(LTS)) return [];
  const withLts = versions.filter((v) => !v.isPreview && v.supportPlans?.includes(LTS)).map((v) => v.minor);
  return [
    {
      code: 'LongTermSupportUnavailable',
      fields: ['tier', 'kubernetesVersion'],
      kind: 'usage',
      docs: DOCS.lts,
      message: `tier premium comes with long-term support, but Kubernetes ${shown}${config.kubernetesVersion ? '' : ' (the newest non-preview)'} does not offer long-term support in ${config.location}.`,
      remediation: withLts.length
        ? `Pass a version with long-term support (--kubernetes-version ${withLts.join(' or ')}), or choose --tier standard.`
        : 'No version offers long-term support in this region now: choose --tier standard.',
    },
  ];
}

/** A cluster of that name in the group that another deployment (or a person) made is never adopted. */
export function nameProblems(config: ResolvedConfig, deploymentId: string, cluster: ManagedCluster | undefined): PreflightProblem[] {
  if (!cluster) return [];
  const owner = cluster.tags?.[DEPLOYMENT_TAG];
  if (owner === deploymentId) return [];
  return [
    {
      code: 'ClusterNameTaken',
      fields: ['name'],
      kind: 'usage',
      docs: DOCS.names,
      message: `A cluster named ${config.name} already exists in resource group ${config.resourceGroup}${owner ? ` (created by secure-aks deployment ${owner})` : ' and was not created by secure-aks'}.`,
      remediation: 'Choose another --name or --resource-group; secure-aks never takes over a cluster it did not create.',
    },
  ];
}
