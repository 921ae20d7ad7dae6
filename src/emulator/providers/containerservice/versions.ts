/** Kubernetes versions the emulated AKS offers (newest last), as `az aks get-versions` would list them. */
import { ArmError } from '../../core/contract.js';

export const SUPPORTED_VERSIONS = ['1.31.11', '1.32.7', '1.33.3'] as const;

/**
 * The minors that offer long-term support: AKS lists it per version in `capabilities.supportPlan`
 * (https://learn.microsoft.com/azure/aks/long-term-support; Azure/AKS#4292), and only some versions carry
 * it. 1.31 is modelled without it, so a version lacking long-term support exists here to be refused.
 */
const LTS_MINORS = new Set(['1.32', '1.33']);

/** The support plans AKS lists for a version (full or minor). */
export function supportPlansOf(version: string): string[] {
  const minor = version.split('.').slice(0, 2).join('.');
  return LTS_MINORS.has(minor) ? ['KubernetesOfficial', 'AKSLongTermSupport'] : ['KubernetesOfficial'];
}

/**
 * Resolves the requested version: empty means the newest; `1.33` picks the newest patch of that minor.
 * AKS answers an unknown version with AgentPoolK8sVersionNotSupported.
 */
export function resolveKubernetesVersion(requested: string | undefined, field = 'properties.kubernetesVersion'): string {
  const wanted = (requested ?? '').trim();
  if (!wanted) return SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];
  const exact = SUPPORTED_VERSIONS.find((v) => v === wanted);
  const minor = [...SUPPORTED_VERSIONS].reverse().find((v) => /^\d+\.\d+$/.test(wanted) && v.startsWith(`${wanted}.`));
  const found = exact ?? minor;
  if (!found) {
    throw new ArmError(
      400,
      'AgentPoolK8sVersionNotSupported',
      `Version ${wanted} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
      { target: field },
    );
  }
  return found;
}
