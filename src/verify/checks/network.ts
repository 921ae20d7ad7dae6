import type { NsgEvidence } from '../evidence.js';
import { type Flow, type FlowEnd, decidingRule, describeFlow, isAllowed, prefixMatches } from '../lib/nsg-eval.js';
import { type Check, fail, notApplicable, pass, warn } from './types.js';

const NSG_DOCS = 'https://learn.microsoft.com/azure/aks/concepts-network#network-security-groups';
const BASTION_NSG = 'https://learn.microsoft.com/azure/bastion/bastion-nsg';

const INTERNET: FlowEnd = { tags: ['Internet'], cidr: '203.0.113.10' };
const vnetEnd = (cidr?: string): FlowEnd => ({ cidr, inVnet: true });

/** Custom inbound Allow rules whose source includes Internet addresses (`Internet`, `*`, `0.0.0.0/0`). */
function internetInboundRules(nsg: NsgEvidence): string[] {
  return nsg.rules
    .filter((r) => r.direction === 'Inbound' && r.access === 'Allow' && r.sourcePrefixes.some((p) => prefixMatches(p, INTERNET)))
    .map((r) => `${r.name} (priority ${r.priority}, from ${r.sourcePrefixes.join(',')}, ports ${r.destinationPorts.join(',')})`);
}

/** Azure's required Bastion subnet flows (Bastion NSG docs); without them Azure rejects the Bastion. */
const BASTION_FLOWS = (bastionCidr?: string): Array<Flow & { label: string }> => {
  const bastion = vnetEnd(bastionCidr);
  const vnet = vnetEnd();
  const flows: Array<Flow & { label: string }> = [
    { label: 'inbound 443 from Internet', direction: 'Inbound', protocol: 'Tcp', port: 443, source: INTERNET, destination: bastion },
    {
      label: 'inbound 443 from GatewayManager',
      direction: 'Inbound',
      protocol: 'Tcp',
      port: 443,
      source: { tags: ['GatewayManager'] },
      destination: bastion,
    },
    {
      label: 'inbound 443 from AzureLoadBalancer',
      direction: 'Inbound',
      protocol: 'Tcp',
      port: 443,
      source: { tags: ['AzureLoadBalancer'] },
      destination: bastion,
    },
    ...[8080, 5701].map((port) => ({
      label: `inbound ${port} VirtualNetwork->VirtualNetwork`,
      direction: 'Inbound' as const,
      protocol: 'Tcp' as const,
      port,
      source: vnet,
      destination: bastion,
    })),
    ...[22, 3389].map((port) => ({
      label: `outbound ${port} to VirtualNetwork`,
      direction: 'Outbound' as const,
      protocol: 'Tcp' as const,
      port,
      source: bastion,
      destination: vnet,
    })),
    {
      label: 'outbound 443 to AzureCloud',
      direction: 'Outbound',
      protocol: 'Tcp',
      port: 443,
      source: bastion,
      destination: { tags: ['AzureCloud', 'Internet'] },
    },
    ...[8080, 5701].map((port) => ({
      label: `outbound ${port} VirtualNetwork->VirtualNetwork`,
      direction: 'Outbound' as const,
      protocol: 'Tcp' as const,
      port,
      source: bastion,
      destination: vnet,
    })),
    { label: 'outbound 80 to Internet', direction: 'Outbound', protocol: 'Tcp', port: 80, source: bastion, destination: INTERNET },
  ];
  return flows;
};

export const networkChecks: Check[] = [
  {
    id: 'network.node-nsg',
    area: 'network',
    title: 'Node subnet has an NSG',
    baseline: 'AKS baseline; CIS Azure 6.x',
    docs: NSG_DOCS,
    remediation: 'Associate a network security group with the node subnet (`secure-aks init` step 7).',
    run: (e) => {
      if (!e.nodeSubnet) return fail('The node subnet could not be read (node pools without vnetSubnetID use an AKS-managed VNet).');
      return e.nodeNsg ? pass(`Subnet ${e.nodeSubnet.name} has NSG ${e.nodeNsg.name}.`) : fail(`Subnet ${e.nodeSubnet.name} has no NSG.`);
    },
  },
  {
    id: 'network.node-nsg-no-internet-inbound',
    area: 'network',
    title: 'Node subnet NSG admits nothing from the Internet',
    baseline: 'AKS baseline; CIS Azure 6.1/6.2',
    docs: NSG_DOCS,
    remediation:
      'Delete inbound Allow rules whose source is Internet, * or 0.0.0.0/0 on the node subnet NSG; publish workloads through an ingress behind the firewall or an application gateway.',
    run: (e) => {
      if (!e.nodeNsg) return notApplicable('No node subnet NSG (see network.node-nsg).');
      const open = internetInboundRules(e.nodeNsg);
      return open.length
        ? fail(`NSG ${e.nodeNsg.name} allows Internet inbound: ${open.join('; ')}.`)
        : pass(`NSG ${e.nodeNsg.name} has no inbound rule admitting Internet traffic.`);
    },
  },
  {
    id: 'network.node-nsg-egress-open',
    area: 'network',
    title: 'Node subnet NSG does not block firewall-bound egress',
    baseline: 'Azure Firewall with AKS docs',
    docs: 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
    remediation:
      'Remove outbound Deny rules to Internet/* on the node subnet NSG: NSG rules match the original destination, so they also block traffic the route table sends through the firewall. Let the firewall enforce egress.',
    run: (e) => {
      if (!e.nodeNsg) return notApplicable('No node subnet NSG (see network.node-nsg).');
      const src = vnetEnd(e.nodeSubnet?.addressPrefixes[0]);
      const blocked = [443, 80]
        .map((port): Flow => ({ direction: 'Outbound', protocol: 'Tcp', port, source: src, destination: INTERNET }))
        .filter((f) => !isAllowed(e.nodeNsg, f));
      return blocked.length
        ? fail(
            `NSG ${e.nodeNsg.name} blocks ${blocked.map((f) => `${describeFlow(f)} (rule ${decidingRule(e.nodeNsg, f).name})`).join('; ')}.`,
          )
        : pass(`NSG ${e.nodeNsg.name} leaves outbound 80/443 to the firewall open.`);
    },
  },
  {
    id: 'network.bastion-nsg',
    area: 'network',
    title: "Bastion subnet NSG has Azure's required rules",
    baseline: 'Azure Bastion NSG docs',
    docs: BASTION_NSG,
    remediation: 'Add the rules Azure Bastion requires (see the documentation) to the AzureBastionSubnet NSG.',
    run: (e) => {
      if (!e.bastionSubnet) return notApplicable('The cluster VNet has no AzureBastionSubnet.');
      if (!e.bastionNsg)
        return warn('AzureBastionSubnet has no NSG.', 'Attach an NSG with the Bastion rules to control who reaches Bastion.');
      const missing = BASTION_FLOWS(e.bastionSubnet.addressPrefixes[0]).filter((f) => !isAllowed(e.bastionNsg, f));
      return missing.length
        ? fail(`NSG ${e.bastionNsg.name} does not allow: ${missing.map((f) => f.label).join(', ')}.`)
        : pass(`NSG ${e.bastionNsg.name} allows every flow Azure Bastion requires.`);
    },
  },
  {
    id: 'network.jumphost-no-public-ip',
    area: 'network',
    title: 'Jumphost has no public IP',
    baseline: 'AKS baseline (management through Bastion)',
    docs: 'https://learn.microsoft.com/azure/bastion/bastion-overview',
    remediation: 'Remove the public IP from the jumphost NIC; reach it through Azure Bastion.',
    run: (e) => {
      if (!e.jumphost) return notApplicable('No jumphost VM in the cluster VNet.');
      const j = e.jumphost;
      return j.publicIpIds.length
        ? fail(`Jumphost ${j.vmName} NIC ${j.nicName ?? ''} has public IP ${j.publicIpIds.map((id) => id.split('/').pop()).join(', ')}.`)
        : pass(`Jumphost ${j.vmName} has no public IP.`);
    },
  },
  {
    id: 'network.jumphost-ssh-from-bastion',
    area: 'network',
    title: 'Jumphost SSH only from Bastion',
    baseline: 'Azure Bastion docs',
    docs: BASTION_NSG,
    remediation: 'On the jumphost subnet NSG allow TCP 22 from the AzureBastionSubnet range and deny it from elsewhere.',
    run: (e) => {
      const j = e.jumphost;
      if (!j) return notApplicable('No jumphost VM in the cluster VNet.');
      const nsgs = [j.subnetNsg, j.nicNsg].filter((n): n is NsgEvidence => !!n);
      if (nsgs.length === 0) return fail(`Jumphost ${j.vmName} has no NSG on its subnet or NIC.`);
      const dst = vnetEnd(j.subnetPrefixes[0]);
      const ssh = (source: FlowEnd): Flow => ({ direction: 'Inbound', protocol: 'Tcp', port: 22, source, destination: dst });
      // Both NSGs (subnet and NIC) must allow a flow for it to pass.
      const allowed = (f: Flow) => nsgs.every((n) => isAllowed(n, f));
      if (allowed(ssh(INTERNET))) return fail(`SSH (22) to ${j.vmName} is allowed from the Internet.`);
      const fromBastion = e.bastionSubnet ? allowed(ssh(vnetEnd(e.bastionSubnet.addressPrefixes[0]))) : undefined;
      const other = e.nodeSubnet ? allowed(ssh(vnetEnd(e.nodeSubnet.addressPrefixes[0]))) : false;
      if (other)
        return warn(`SSH (22) to ${j.vmName} is allowed from other VNet subnets (e.g. ${e.nodeSubnet?.name}), not only from Bastion.`);
      if (fromBastion === false)
        return warn(
          `SSH (22) to ${j.vmName} is not allowed from AzureBastionSubnet: Bastion cannot reach it.`,
          'Allow TCP 22 from the AzureBastionSubnet range.',
        );
      return pass(
        `SSH (22) to ${j.vmName} is allowed ${fromBastion ? 'from AzureBastionSubnet only' : 'from nowhere outside its subnet'}.`,
      );
    },
  },
];
