import { SecureAksError } from '../engine/errors.js';
import type { Change, Step, StepContext, StepOutputs } from '../engine/step.js';
import { inspectApiServerEndpoint, type ApiServerEndpointView } from './lib/kube-private-endpoint.js';

const PE_TYPE = 'Microsoft.Network/privateEndpoints';
const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
const RECORD_TYPE = 'Microsoft.Network/privateDnsZones/A';

/**
 * AKS creates the API server's private endpoint and DNS zone with the cluster; this step never writes.
 * Before the cluster exists it reports them as creations (they appear with step 5); afterwards each
 * is `none` when found, so a plan shows what will exist and a re-run shows nothing to do.
 */
function changesOf(ctx: StepContext, view: ApiServerEndpointView): Change[] {
  const pending = !view.cluster;
  const region = ctx.config.location;
  const changes: Change[] = [
    pending || !view.endpoint
      ? { action: 'create', resourceType: PE_TYPE, name: 'kube-apiserver' }
      : { action: 'none', resourceType: PE_TYPE, name: view.endpoint.name ?? 'kube-apiserver', id: view.endpoint.id },
  ];
  if (view.dnsZoneMode?.toLowerCase() !== 'none') {
    const zoneName = view.zoneId?.split('/').pop() ?? `<guid>.privatelink.${region}.azmk8s.io`;
    changes.push(
      view.zoneId ? { action: 'none', resourceType: ZONE_TYPE, name: zoneName, id: view.zoneId } : { action: 'create', resourceType: ZONE_TYPE, name: zoneName },
      view.recordIps?.length
        ? { action: 'none', resourceType: RECORD_TYPE, name: `${zoneName}/${view.recordName}`, id: `${view.zoneId}/A/${view.recordName}` }
        : { action: 'create', resourceType: RECORD_TYPE, name: `${zoneName}/${view.recordName ?? '<api server>'}` },
    );
  }
  return changes;
}

function assertComplete(ctx: StepContext, view: ApiServerEndpointView): void {
  if (view.problems.length === 0) return;
  throw new SecureAksError('PrivateEndpointIncomplete', `The private API server of cluster ${ctx.names.cluster} is not reachable as planned: ${view.problems.join('; ')}.`, {
    source: 'azure',
    remediation:
      'AKS owns these resources in the node resource group; never edit or delete them. If the cluster was just created, ' +
      'wait for it to finish and run `secure-aks status --resume`; otherwise recreate the cluster.',
  });
}

function outputsOf(view: ApiServerEndpointView): StepOutputs {
  return {
    privateFqdn: view.privateFqdn,
    privateIp: view.privateIp,
    privateDnsZoneId: view.zoneId,
    privateEndpointId: view.endpoint?.id,
  };
}

export const step: Step = {
  number: 6,
  id: 'private-endpoint',
  title: 'API server private endpoint and DNS',
  // Reads the cluster from Azure (its node resource group, private FQDN and DNS zone mode).
  dependsOn: ['cluster'],

  async check(ctx) {
    return changesOf(ctx, await inspectApiServerEndpoint(ctx));
  },

  async apply(ctx) {
    const view = await inspectApiServerEndpoint(ctx);
    assertComplete(ctx, view);
    ctx.progress(`private endpoint ${view.endpoint?.name}: ${view.privateIp}${view.privateFqdn ? ` (${view.privateFqdn})` : ''}`);
    return outputsOf(view);
  },

  async verify(ctx) {
    assertComplete(ctx, await inspectApiServerEndpoint(ctx));
  },
};
