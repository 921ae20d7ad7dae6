import { AuthError, AzureOperationError, SecureAksError } from '../core/errors.js';
import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { subnetId } from '../azure/ids.js';
import { userTagsOutput } from '../core/tags.js';
import { ensureKeyVault, keyVaultChanges, keyVaultProblems, type KeyVaultInputs } from './key-vault.js';
import { apiServerEndpoint, collectApiServerEvidence, failingChecks, STEP_CHECKS, type Evidence } from '../verify/index.js';

const PE_TYPE = 'Microsoft.Network/privateEndpoints';
const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
const RECORD_TYPE = 'Microsoft.Network/privateDnsZones/A';
/**
 * Said on every creation this step reports: the wizard writes none of them, AKS does with step 5, and AKS
 * picks their names (the zone's is a generated sub-zone of privatelink.<region>.azmk8s.io), so a plan
 * names them in words rather than inventing names: https://learn.microsoft.com/azure/aks/private-clusters
 */
const BY_AKS = 'created by AKS with the cluster';

/**
 * What Azure has for the private API server, read by the same collector `verify` uses. A read that failed
 * for another reason than absence must stop the step: judging without it could pass a broken endpoint.
 */
async function inspect(ctx: StepContext): Promise<Evidence> {
  const evidence = await collectApiServerEvidence({
    azure: ctx.azure,
    resourceGroup: ctx.config.resourceGroup,
    clusterName: ctx.names.cluster,
  });
  if (evidence.readErrors.length) {
    const message = `Reading the private API server of cluster ${ctx.names.cluster} failed: ${evidence.readErrors.join('; ')}.`;
    if (evidence.readErrors.some((e) => /AuthorizationFailed|Forbidden/i.test(e))) {
      throw new AuthError(
        'AuthorizationFailed',
        message,
        'Ask for Reader on the node resource group of the cluster, then run `secure-aks status --resume`.',
      );
    }
    throw new AzureOperationError('AzureReadFailed', message, undefined, 'Retry with `secure-aks status --resume`.');
  }
  return evidence;
}

/** The API server's zone (the collector keeps only zones serving its private FQDN) and A record label. */
function dnsOf(e: Evidence) {
  const zone = e.privateDnsZones?.[0];
  const fqdn = e.cluster?.privateFqdn?.toLowerCase();
  const label = zone && fqdn ? fqdn.slice(0, -(zone.name.length + 1)) : undefined;
  return { zone, label, ips: zone?.aRecords.find((r) => r.name.toLowerCase() === label)?.ipv4s ?? [] };
}

/**
 * AKS creates the API server's private endpoint and DNS zone with the cluster; this step never writes.
 * Before the cluster exists it reports them as creations (they appear with step 5); afterwards each
 * is `none` when found, so a plan shows what will exist and a re-run shows nothing to do.
 */
function changesOf(e: Evidence): Change[] {
  const endpoint = e.cluster ? apiServerEndpoint(e) : undefined;
  const changes: Change[] = [
    endpoint
      ? { action: 'none', resourceType: PE_TYPE, name: endpoint.name, id: endpoint.id }
      : { action: 'create', resourceType: PE_TYPE, name: 'private endpoint of the API server', note: BY_AKS },
  ];
  if (e.cluster?.privateDnsZone?.toLowerCase() !== 'none') {
    const { zone, label, ips } = dnsOf(e);
    changes.push(
      zone
        ? { action: 'none', resourceType: ZONE_TYPE, name: zone.name, id: zone.id }
        : { action: 'create', resourceType: ZONE_TYPE, name: 'private DNS zone of the API server', note: BY_AKS },
      zone && ips.length
        ? { action: 'none', resourceType: RECORD_TYPE, name: `${zone.name}/${label}`, id: `${zone.id}/A/${label}` }
        : zone && label
          ? { action: 'create', resourceType: RECORD_TYPE, name: `${zone.name}/${label}`, note: BY_AKS }
          : { action: 'create', resourceType: RECORD_TYPE, name: 'A record of the API server', note: BY_AKS },
    );
  }
  return changes;
}

/** The post-condition is verify's API server checks: the step fails exactly when they do. */
function assertComplete(ctx: StepContext, e: Evidence): void {
  const problems = e.cluster
    ? failingChecks(e, STEP_CHECKS['private-endpoint']).map((c) => `${c.evidence} [${c.id}]`)
    : [`Cluster ${ctx.names.cluster} does not exist in resource group ${ctx.config.resourceGroup}.`];
  if (problems.length === 0) return;
  throw new SecureAksError(
    'PrivateEndpointIncomplete',
    `The private API server of cluster ${ctx.names.cluster} is not reachable as planned: ${problems.join(' ')}`,
    {
      source: 'azure',
      remediation:
        'AKS owns these resources in the node resource group; never edit or delete them. If the cluster was just created, ' +
        'wait for it to finish and run `secure-aks status --resume`; otherwise recreate the cluster.',
    },
  );
}

function outputsOf(e: Evidence): StepOutputs {
  const endpoint = apiServerEndpoint(e);
  return {
    privateFqdn: e.cluster?.privateFqdn,
    privateIp: endpoint?.privateIps[0],
    privateDnsZoneId: dnsOf(e).zone?.id,
    privateEndpointId: endpoint?.id,
  };
}

/** What the Key Vault part needs: the node subnet (network's output, or its name in a plan) and the cluster with its add-on identity. */
async function keyVaultInputs(ctx: StepContext): Promise<KeyVaultInputs> {
  const node = ctx.outputs('network').nodeSubnetId;
  const aks = await ctx.azure.containerService();
  const cluster = ctx.config.keyVault
    ? await azureCall(`Reading cluster ${ctx.names.cluster}`, () =>
        getOrUndefined(() => aks.managedClusters.get(ctx.config.resourceGroup, ctx.names.cluster)),
      )
    : undefined;
  return { nodeSubnetId: typeof node === 'string' ? node : subnetId(ctx, ctx.names.nodeSubnet), cluster };
}

export const step: Step = {
  number: 6,
  id: 'private-endpoint',
  title: 'API server private endpoint and DNS',
  // Reads the cluster from Azure (its node resource group, private FQDN and DNS zone mode); the Key Vault's
  // private endpoint goes into the node subnet.
  dependsOn: ['cluster', 'network'],

  async check(ctx) {
    return [...changesOf(await inspect(ctx)), ...(await keyVaultChanges(ctx, await keyVaultInputs(ctx)))];
  },

  async apply(ctx) {
    const evidence = await inspect(ctx);
    assertComplete(ctx, evidence);
    // The user tags recorded so the next run can take a retired one off the Key Vault's resources.
    const outputs = { ...outputsOf(evidence), ...(await ensureKeyVault(ctx, await keyVaultInputs(ctx))), ...userTagsOutput(ctx) };
    ctx.progress(
      `private endpoint ${apiServerEndpoint(evidence)?.name}: ${outputs.privateIp}${outputs.privateFqdn ? ` (${outputs.privateFqdn})` : ''}`,
    );
    return outputs;
  },

  async verify(ctx) {
    assertComplete(ctx, await inspect(ctx));
    const problems = await keyVaultProblems(ctx, await keyVaultInputs(ctx));
    if (problems.length)
      throw new SecureAksError(
        'KeyVaultIncomplete',
        `The private Key Vault of cluster ${ctx.names.cluster} is not as planned: ${problems.join('; ')}.`,
        {
          source: 'azure',
          remediation: 'Run `secure-aks init` again to put it back.',
        },
      );
  },
};
