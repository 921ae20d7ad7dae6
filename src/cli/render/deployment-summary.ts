import type { ChalkInstance } from 'chalk';
import type { CloudTarget } from '../../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../../config/types.js';
import type { Output } from './output.js';

function where(target: Pick<CloudTarget, 'kind' | 'cloud' | 'armEndpoint'>): string {
  if (target.kind === 'emulator') return 'the embedded ARM emulator';
  if (target.kind === 'endpoint') return `ARM endpoint ${target.armEndpoint}`;
  return `Azure (${target.cloud})`;
}

/**
 * What init is about to build, shown before the confirmation: names, the address plan and the optional
 * parts, so a wrong range or region is caught before Azure spends minutes refusing it. Goes to stderr.
 */
export function renderDeploymentSummary(
  output: Output,
  c: ChalkInstance,
  config: ResolvedConfig,
  names: ResourceNames,
  target: Pick<CloudTarget, 'kind' | 'cloud' | 'armEndpoint'>,
): void {
  const row = (k: string, v: string) => `  ${k.padEnd(22)} ${v}`;
  const opt = (on: boolean, what: string) => `${on ? c.green('yes') : c.dim('no ')} ${what}`;
  output.err(
    [
      c.bold(`secure-aks will build a private AKS cluster in ${where(target)}:`),
      row('subscription', config.subscriptionId),
      row('resource group', `${config.resourceGroup} (${config.location})`),
      row('cluster', `${names.cluster}, ${config.nodeCount} x ${config.nodeVmSize}, Kubernetes ${config.kubernetesVersion ?? 'newest supported'}`),
      row('identity', names.identity),
      row('virtual network', `${names.vnet} ${config.vnetCidr}`),
      row('  AzureFirewallSubnet', config.firewallSubnetCidr),
      row(`  ${names.nodeSubnet}`, config.nodeSubnetCidr),
      ...(config.bastion ? [row('  AzureBastionSubnet', config.bastionSubnetCidr)] : []),
      ...(config.jumphost ? [row(`  ${names.jumphostSubnet}`, config.jumphostSubnetCidr)] : []),
      row('pods / services / DNS', `${config.podCidr} / ${config.serviceCidr} / ${config.dnsServiceIp}`),
      row('egress', `${names.firewall} (policy ${names.firewallPolicy}), route table ${names.routeTable}`),
      row('optional parts', ''),
      `    ${opt(config.bastion, `Bastion ${names.bastion}`)}`,
      `    ${opt(config.jumphost, `jumphost ${names.jumphostVm} (no public IP)`)}`,
      `    ${opt(config.testDeployment, 'test deployment and egress proof')}`,
      '',
    ].join('\n'),
  );
}
