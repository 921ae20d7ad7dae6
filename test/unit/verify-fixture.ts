import type { AppRuleEvidence, Evidence, NetworkRuleEvidence, NsgRuleEvidence } from '../../src/verify/evidence.js';
import { CORE_FQDNS, RECOMMENDED_FQDNS } from '../../src/verify/required-fqdns.js';

/** A deployment as the wizard builds it, in evidence form: every check passes on it. */
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const RG = `${SUB}/resourceGroups/rg-demo/providers`;
const VNET = `${RG}/Microsoft.Network/virtualNetworks/vnet-demo`;
const NODE_SUBNET = `${VNET}/subnets/snet-aks-nodes`;

export const nsgRule = (r: Partial<NsgRuleEvidence> & Pick<NsgRuleEvidence, 'name' | 'priority'>): NsgRuleEvidence => ({
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  sourcePrefixes: ['*'],
  destinationPrefixes: ['*'],
  destinationPorts: ['*'],
  ...r,
});

export const appRule = (
  name: string,
  fqdns: string[],
  protocols = [{ type: 'Https', port: 443 }],
  sources = ['10.42.1.0/24'],
): AppRuleEvidence => ({
  ruleType: 'ApplicationRule',
  name,
  protocols,
  targetFqdns: fqdns,
  targetUrls: [],
  fqdnTags: [],
  webCategories: [],
  sourceAddresses: sources,
  sourceIpGroups: [],
});

export const networkRule = (name: string, r: Partial<NetworkRuleEvidence>): NetworkRuleEvidence => ({
  ruleType: 'NetworkRule',
  name,
  ipProtocols: ['TCP'],
  sourceAddresses: ['10.42.1.0/24'],
  sourceIpGroups: [],
  destinationAddresses: [],
  destinationFqdns: [],
  destinationIpGroups: [],
  destinationPorts: ['443'],
  ...r,
});

const BASTION_RULES: NsgRuleEvidence[] = [
  nsgRule({ name: 'AllowHttpsInbound', priority: 120, sourcePrefixes: ['Internet'], destinationPorts: ['443'] }),
  nsgRule({ name: 'AllowGatewayManagerInbound', priority: 130, sourcePrefixes: ['GatewayManager'], destinationPorts: ['443'] }),
  nsgRule({ name: 'AllowAzureLoadBalancerInbound', priority: 140, sourcePrefixes: ['AzureLoadBalancer'], destinationPorts: ['443'] }),
  nsgRule({
    name: 'AllowBastionHostCommunication',
    priority: 150,
    protocol: '*',
    sourcePrefixes: ['VirtualNetwork'],
    destinationPrefixes: ['VirtualNetwork'],
    destinationPorts: ['8080', '5701'],
  }),
  nsgRule({
    name: 'AllowSshRdpOutbound',
    priority: 100,
    direction: 'Outbound',
    protocol: '*',
    destinationPrefixes: ['VirtualNetwork'],
    destinationPorts: ['22', '3389'],
  }),
  nsgRule({
    name: 'AllowAzureCloudOutbound',
    priority: 110,
    direction: 'Outbound',
    destinationPrefixes: ['AzureCloud'],
    destinationPorts: ['443'],
  }),
  nsgRule({
    name: 'AllowBastionCommunication',
    priority: 120,
    direction: 'Outbound',
    protocol: '*',
    sourcePrefixes: ['VirtualNetwork'],
    destinationPrefixes: ['VirtualNetwork'],
    destinationPorts: ['8080', '5701'],
  }),
  nsgRule({
    name: 'AllowHttpOutbound',
    priority: 130,
    direction: 'Outbound',
    protocol: '*',
    destinationPrefixes: ['Internet'],
    destinationPorts: ['80'],
  }),
  nsgRule({ name: 'DenyAllInbound', priority: 4096, access: 'Deny', protocol: '*' }),
];

export function goodEvidence(): Evidence {
  const clusterId = `${RG}/Microsoft.ContainerService/managedClusters/aks-demo`;
  const nodeRg = `${SUB}/resourceGroups/MC_rg-demo_aks-demo_eastus/providers`;
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg-demo',
    clusterName: 'aks-demo',
    readErrors: [],
    supportedVersions: ['1.33', '1.32', '1.31'],
    cluster: {
      id: clusterId,
      name: 'aks-demo',
      location: 'eastus',
      provisioningState: 'Succeeded',
      kubernetesVersion: '1.33.3',
      currentKubernetesVersion: '1.33.3',
      nodeResourceGroup: 'MC_rg-demo_aks-demo_eastus',
      enablePrivateCluster: true,
      enablePrivateClusterPublicFqdn: false,
      privateDnsZone: 'system',
      privateFqdn: 'aks-demo-abc123.4f1e.privatelink.eastus.azmk8s.io',
      outboundType: 'userDefinedRouting',
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'cilium',
      aadManaged: true,
      enableAzureRbac: true,
      disableLocalAccounts: true,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      upgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      enabledAddons: [],
      agentPools: [{ name: 'system', mode: 'System', vnetSubnetId: NODE_SUBNET, enableNodePublicIp: false }],
    },
    nodeVnet: {
      id: VNET,
      name: 'vnet-demo',
      addressSpace: ['10.42.0.0/16'],
      subnets: [],
    },
    nodeSubnet: {
      id: NODE_SUBNET,
      name: 'snet-aks-nodes',
      addressPrefixes: ['10.42.1.0/24'],
      routeTableId: `${RG}/Microsoft.Network/routeTables/rt-demo`,
      nsgId: `${RG}/Microsoft.Network/networkSecurityGroups/nsg-demo-nodes`,
    },
    routeTable: {
      id: `${RG}/Microsoft.Network/routeTables/rt-demo`,
      name: 'rt-demo',
      routes: [
        { name: 'default-to-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4' },
        { name: 'firewall-public-ip', addressPrefix: '20.1.2.3/32', nextHopType: 'Internet' },
      ],
    },
    nodeNsg: {
      id: `${RG}/Microsoft.Network/networkSecurityGroups/nsg-demo-nodes`,
      name: 'nsg-demo-nodes',
      rules: [
        nsgRule({
          name: 'AllowVnetInbound',
          priority: 100,
          protocol: '*',
          sourcePrefixes: ['VirtualNetwork'],
          destinationPrefixes: ['VirtualNetwork'],
        }),
      ],
    },
    firewalls: [
      {
        id: `${RG}/Microsoft.Network/azureFirewalls/afw-demo`,
        name: 'afw-demo',
        provisioningState: 'Succeeded',
        privateIp: '10.42.0.4',
        publicIps: [],
        policyId: `${RG}/Microsoft.Network/firewallPolicies/afwp-demo`,
      },
    ],
    firewall: {
      id: `${RG}/Microsoft.Network/azureFirewalls/afw-demo`,
      name: 'afw-demo',
      provisioningState: 'Succeeded',
      privateIp: '10.42.0.4',
      publicIps: ['20.1.2.3'],
      policyId: `${RG}/Microsoft.Network/firewallPolicies/afwp-demo`,
    },
    firewallPolicy: {
      id: `${RG}/Microsoft.Network/firewallPolicies/afwp-demo`,
      name: 'afwp-demo',
      dnsProxyEnabled: true,
      ruleCollectionGroups: [
        {
          name: 'rcg-aks-egress',
          priority: 200,
          ruleCollections: [
            {
              name: 'aks-network',
              priority: 100,
              kind: 'FirewallPolicyFilterRuleCollection',
              action: 'Allow',
              rules: [networkRule('ntp', { ipProtocols: ['UDP'], destinationFqdns: ['ntp.ubuntu.com'], destinationPorts: ['123'] })],
            },
            {
              name: 'aks-app',
              priority: 200,
              kind: 'FirewallPolicyFilterRuleCollection',
              action: 'Allow',
              rules: [
                { ...appRule('aks-tag', []), fqdnTags: ['AzureKubernetesService'] },
                appRule(
                  'required',
                  CORE_FQDNS.map((f) => f.fqdn),
                ),
                appRule(
                  'ubuntu-http',
                  RECOMMENDED_FQDNS.filter((f) => f.port === 80).map((f) => f.fqdn),
                  [{ type: 'Http', port: 80 }],
                ),
                appRule(
                  'ubuntu-https',
                  RECOMMENDED_FQDNS.filter((f) => f.port === 443).map((f) => f.fqdn),
                ),
              ],
            },
          ],
        },
      ],
    },
    privateEndpoints: [
      {
        id: `${nodeRg}/Microsoft.Network/privateEndpoints/kube-apiserver`,
        name: 'kube-apiserver',
        provisioningState: 'Succeeded',
        subnetId: NODE_SUBNET,
        privateIps: ['10.42.1.6'],
        connections: [{ targetId: clusterId, groupIds: ['management'], status: 'Approved' }],
      },
    ],
    privateDnsZones: [
      {
        id: `${nodeRg}/Microsoft.Network/privateDnsZones/4f1e.privatelink.eastus.azmk8s.io`,
        name: '4f1e.privatelink.eastus.azmk8s.io',
        aRecords: [{ name: 'aks-demo-abc123', ipv4s: ['10.42.1.6'] }],
      },
    ],
    bastionSubnet: {
      id: `${VNET}/subnets/AzureBastionSubnet`,
      name: 'AzureBastionSubnet',
      addressPrefixes: ['10.42.0.64/26'],
      nsgId: `${RG}/Microsoft.Network/networkSecurityGroups/nsg-demo-bastion`,
    },
    bastionNsg: { id: `${RG}/Microsoft.Network/networkSecurityGroups/nsg-demo-bastion`, name: 'nsg-demo-bastion', rules: BASTION_RULES },
    jumphost: {
      vmName: 'vm-demo-jump',
      nicName: 'nic-demo-jump',
      publicIpIds: [],
      subnetId: `${VNET}/subnets/snet-jumphost`,
      subnetPrefixes: ['10.42.0.128/28'],
      subnetNsg: {
        id: `${RG}/Microsoft.Network/networkSecurityGroups/nsg-demo-jumphost`,
        name: 'nsg-demo-jumphost',
        rules: [
          nsgRule({ name: 'AllowSshFromBastion', priority: 100, sourcePrefixes: ['10.42.0.64/26'], destinationPorts: ['22'] }),
          nsgRule({ name: 'DenySshOther', priority: 200, access: 'Deny', protocol: '*', destinationPorts: ['22'] }),
        ],
      },
    },
    inCluster: {
      nodes: {
        command: 'kubectl get nodes',
        ok: true,
        exitCode: 0,
        logs: 'NAME                             STATUS   ROLES    AGE   VERSION\naks-system-12345678-vmss000000   Ready    <none>   10m   v1.33.3\n',
      },
      systemPods: {
        command: 'kubectl get pods -n kube-system',
        ok: true,
        exitCode: 0,
        logs: 'NAME                       READY   STATUS    RESTARTS   AGE\ncoredns-6f8b9d5c7-abcde    1/1     Running   0          10m\nkonnectivity-agent-xyz     1/1     Running   0          10m\n',
      },
      egress: {
        command: 'kubectl run secure-aks-egress-allowed-abc ...; kubectl run secure-aks-egress-blocked-abc ...',
        ok: false,
        exitCode: 1,
        logs: 'allowed=200\npod "secure-aks-egress-allowed-abc" deleted\ncurl: (35) Recv failure: Connection reset by peer\nblocked=000\n',
        allowed: { url: 'https://mcr.microsoft.com/v2/', httpCode: 200 },
        blocked: { url: 'https://www.bing.com/', httpCode: 0 },
      },
    },
  };
}
