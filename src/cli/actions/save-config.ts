import type { AzureClients, CloudTarget } from '../../azure/types.js';
import { saveConfig } from '../../config/file.js';
import type { ResolvedConfig } from '../../config/types.js';
import { listKubernetesVersions, newestStable } from '../../preflight/catalog.js';
import type { DeploymentState } from '../../state/schema.js';
import type { Session } from '../session.js';

/**
 * The Kubernetes version a saved file pins: the one chosen, else the one the deployment runs, else the
 * region's newest non-preview now. Left open, a later run would take whatever is newest then (AKS adds
 * and retires versions every few months: https://learn.microsoft.com/azure/aks/supported-kubernetes-versions).
 */
async function pinnedVersion(config: ResolvedConfig, state: DeploymentState | undefined, azure: AzureClients): Promise<string | undefined> {
  if (config.kubernetesVersion) return config.kubernetesVersion;
  const running = state?.steps.cluster?.outputs?.kubernetesVersion;
  if (typeof running === 'string') return running;
  return newestStable(await listKubernetesVersions(azure, config.location))?.version;
}

export interface SaveAnswers {
  path: string;
  config: ResolvedConfig;
  target: CloudTarget;
  state?: DeploymentState;
  azure: AzureClients;
  session: Session;
  /** The command the saved file is for, named in how to reuse it. */
  command: 'init' | 'plan';
}

/** --save-config: the answers as YAML for `--config`, the version pinned; the emulator's implicit subscription is left out. */
export async function saveAnswers(o: SaveAnswers): Promise<void> {
  const kubernetesVersion = await pinnedVersion(o.config, o.state, o.azure);
  const pinned: Partial<ResolvedConfig> = { ...o.config, ...(kubernetesVersion ? { kubernetesVersion } : {}) };
  if (o.target.kind !== 'azure') delete pinned.subscriptionId;
  await saveConfig(o.path, pinned);
  const reuse =
    o.command === 'plan'
      ? `secure-aks plan --config ${o.path}\` or \`secure-aks init --config ${o.path}`
      : `secure-aks init --config ${o.path}`;
  o.session.io.notify({ code: 'info', message: `Saved the configuration to ${o.path}; reuse it with \`${reuse}\`.` });
}
