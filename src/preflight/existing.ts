/**
 * What a re-run may not change: a resource group never moves (Azure answers 409
 * InvalidResourceGroupLocation and every resource in it stays where it is), and AKS refuses to change an
 * existing node pool's VM size, the cluster's address ranges, network plugin or private API server
 * (PropertyChangeNotAllowed). Caught here, before the first write, with what to do instead.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { ResolvedConfig } from '../config/types.js';
import { SYSTEM_POOL } from '../steps/desired/cluster-desired.js';
import { DOCS, type PreflightProblem } from './problems.js';

export interface RecordedDeployment {
  deploymentId: string;
  location: string;
  /** Whether the journal records anything built (after a full destroy every step is pending again). */
  deployed: boolean;
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export function locationProblems(
  config: ResolvedConfig,
  groupLocation: string | undefined,
  recorded?: RecordedDeployment,
): PreflightProblem[] {
  if (groupLocation && !same(groupLocation, config.location)) {
    return [
      {
        code: 'InvalidResourceGroupLocation',
        fields: ['location', 'resourceGroup'],
        kind: 'usage',
        docs: DOCS.move,
        message: `Resource group ${config.resourceGroup} already exists in ${groupLocation}, but location ${config.location} was requested; a resource group and the resources in it cannot move.`,
        remediation: `Pass -l ${groupLocation} to keep using it, or choose another --resource-group (and --state) to build in ${config.location}.`,
      },
    ];
  }
  if (recorded?.deployed && !groupLocation && !same(recorded.location, config.location)) {
    return [
      {
        code: 'DeploymentLocationChanged',
        fields: ['location'],
        kind: 'usage',
        message: `The state file records deployment ${recorded.deploymentId} in ${recorded.location}, but location ${config.location} was requested.`,
        remediation: `Pass -l ${recorded.location} to continue that deployment, run \`secure-aks destroy\` first to rebuild it in ${config.location}, or pass another --state file for a new deployment.`,
      },
    ];
  }
  return [];
}

interface Immutable {
  field: string;
  /** The config key that sets it, when the user can set it. */
  key?: keyof ResolvedConfig;
  current: unknown;
  requested: unknown;
  remediation: string;
}

/** Settings AKS will not change on an existing cluster (outboundType may change, so it is left out). */
export function immutableProblems(config: ResolvedConfig, cluster: ManagedCluster | undefined): PreflightProblem[] {
  if (!cluster) return [];
  const net = cluster.networkProfile ?? {};
  const pool = cluster.agentPoolProfiles?.find((p) => same(p.name, SYSTEM_POOL));
  const keep = (flag: string, value: unknown) =>
    `Keep the current value (pass ${flag} ${String(value)} or leave it out of the config), or destroy and re-create the cluster to change it.`;
  const fixed =
    'secure-aks builds private clusters with Azure CNI Overlay only; choose another --name for a new cluster, or destroy this one first.';
  const checks: Immutable[] = [
    {
      field: `agentPoolProfiles.${SYSTEM_POOL}.vmSize`,
      key: 'nodeVmSize',
      current: pool?.vmSize,
      requested: config.nodeVmSize,
      remediation: `Keep --node-vm-size ${pool?.vmSize}; to move to ${config.nodeVmSize}, add a new node pool of that size (az aks nodepool add) and delete the old one.`,
    },
    {
      field: 'networkProfile.podCidr',
      key: 'podCidr',
      current: net.podCidr,
      requested: config.podCidr,
      remediation: keep('--pod-cidr', net.podCidr),
    },
    {
      field: 'networkProfile.serviceCidr',
      key: 'serviceCidr',
      current: net.serviceCidr,
      requested: config.serviceCidr,
      remediation: keep('--service-cidr', net.serviceCidr),
    },
    {
      field: 'networkProfile.dnsServiceIP',
      key: 'dnsServiceIp',
      current: net.dnsServiceIP,
      requested: config.dnsServiceIp,
      remediation: keep('--dns-service-ip', net.dnsServiceIP),
    },
    { field: 'networkProfile.networkPlugin', current: net.networkPlugin, requested: 'azure', remediation: fixed },
    { field: 'networkProfile.networkPluginMode', current: net.networkPluginMode, requested: 'overlay', remediation: fixed },
    {
      field: 'apiServerAccessProfile.enablePrivateCluster',
      current: cluster.apiServerAccessProfile?.enablePrivateCluster === true,
      requested: true,
      remediation: 'secure-aks builds private clusters only; choose another --name for a new cluster, or destroy this one first.',
    },
  ];
  return checks
    .filter((c) => c.current !== undefined && !same(String(c.current), String(c.requested)))
    .map((c) => ({
      code: 'PropertyChangeNotAllowed',
      fields: c.key ? [c.key] : ['name'],
      kind: 'usage',
      message: `Cluster ${config.name} has ${c.field} ${String(c.current)}; AKS cannot change it to ${String(c.requested)} on an existing cluster${c.key ? ` (${c.key})` : ''}.`,
      remediation: c.remediation,
    }));
}
