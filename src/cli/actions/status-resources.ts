import type { StepId, StepOutputs } from '../../core/step.js';
import type { DeploymentState } from '../../state/schema.js';
import { JUMPHOST_ADMIN } from '../../steps/desired/vm-jumphost.js';
import { plannedPools } from '../../steps/desired/cluster-pools.js';
import { MAINTENANCE_OUTPUT } from '../../steps/desired/maintenance.js';
import { ADDONS, enabledAddons } from '../../config/addons.js';
import type { ResolvedConfig } from '../../config/types.js';

/**
 * What the deployment built, as its steps recorded it in the state file: names, addresses and how to reach
 * the jumphost. Recorded, not read from Azure: the drift check beside it says whether Azure still matches.
 * A part appears once its step has published it (a step that never ran, or was destroyed, adds nothing).
 */
export interface RecordedResources {
  resourceGroup?: { name: string; createdByDeployment: boolean };
  cluster?: { name: string; kubernetesVersion?: string; nodeResourceGroup?: string };
  apiServer?: { privateFqdn?: string; privateIp?: string };
  firewall?: { name: string; publicIp?: string; privateIp?: string; policy?: string };
  routeTable?: { name: string; nextHop?: string };
  bastion?: { name: string };
  jumphost?: {
    vmName: string;
    vmId: string;
    privateIp?: string;
    adminUsername: string;
    keyFile?: string;
    /** Set only when the deployment has a Bastion to tunnel through. */
    bastion?: string;
  };
  testDeployment?: { deployment: string; image?: string; allowedProbe?: string; blockedProbe?: string };
  /** The production options, each only when it is on and the step that builds it has recorded it (the tier always). */
  tier?: 'free' | 'standard' | 'premium';
  pools?: Array<{ name: string; mode: 'System' | 'User'; vmSize: string; count: number; min?: number; max?: number; zones: string[] }>;
  /** Microsoft's names of the add-ons the cluster runs. */
  addons?: string[];
  logAnalyticsWorkspace?: { name: string; id: string; createdByDeployment: boolean };
  dataCollectionRule?: { name: string };
  keyVault?: { name: string; privateEndpoint?: string };
  policyAssignment?: { name: string };
  maintenanceWindows?: Array<{ name: string; window?: string }>;
}

/** The maintenance configuration each window option writes. */
const WINDOW_OF: Record<string, keyof ResolvedConfig> = {
  aksManagedAutoUpgradeSchedule: 'autoUpgradeWindow',
  aksManagedNodeOSUpgradeSchedule: 'nodeOsUpgradeWindow',
};

/** The last segment of an ARM id: the resource's name. */
const nameOf = (id: unknown): string | undefined => (typeof id === 'string' && id ? id.split('/').pop() : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * `keyPath`: where this machine keeps the jumphost key (jumphost-key.ts). The path the jumphost step recorded
 * is where the run that ran it kept the key: with a shared (blob) state, possibly another machine's.
 */
export function recordedResources(state: Readonly<DeploymentState>, keyPath?: string): RecordedResources {
  const out = (id: StepId): StepOutputs => (state.steps[id]?.status === 'pending' ? {} : (state.steps[id]?.outputs ?? {}));
  const identity = out('identity');
  const egress = out('egress-route');
  const cluster = out('cluster');
  const endpoint = out('private-endpoint');
  const access = out('bastion');
  const test = out('test-deployment');
  const r: RecordedResources = {};

  const group = nameOf(identity.resourceGroupId);
  if (group) r.resourceGroup = { name: group, createdByDeployment: identity.resourceGroupCreated === true };
  const clusterName = nameOf(cluster.clusterId);
  if (clusterName)
    r.cluster = {
      name: clusterName,
      kubernetesVersion: text(cluster.kubernetesVersion),
      nodeResourceGroup: text(cluster.nodeResourceGroup),
    };
  const fqdn = text(endpoint.privateFqdn) ?? text(cluster.privateFqdn);
  if (fqdn || text(endpoint.privateIp)) r.apiServer = { privateFqdn: fqdn, privateIp: text(endpoint.privateIp) };
  const firewall = nameOf(egress.firewallId);
  if (firewall)
    r.firewall = {
      name: firewall,
      publicIp: text(egress.firewallPublicIp),
      privateIp: text(egress.firewallPrivateIp),
      policy: nameOf(egress.firewallPolicyId),
    };
  const table = nameOf(egress.routeTableId);
  if (table) r.routeTable = { name: table, nextHop: text(egress.firewallPrivateIp) };
  const bastion = nameOf(access.bastionId);
  if (bastion) r.bastion = { name: bastion };
  const vm = nameOf(access.jumphostVmId);
  if (vm)
    r.jumphost = {
      vmName: vm,
      privateIp: text(access.jumphostPrivateIp),
      adminUsername: JUMPHOST_ADMIN,
      keyFile: text(access.sshKeyPath) && (keyPath ?? text(access.sshKeyPath)),
      vmId: String(access.jumphostVmId),
      ...(bastion ? { bastion } : {}),
    };
  if (clusterName) Object.assign(r, recordedOptions(state.config, cluster, endpoint));
  const deployment = text(test.deployment);
  if (deployment)
    r.testDeployment = {
      deployment,
      image: text(test.image),
      allowedProbe: text(test.allowedProbe),
      blockedProbe: text(test.blockedProbe),
    };
  return r;
}

/**
 * What the production options built, as the configuration of the last run asked and its steps recorded:
 * the tier and pools once step 5 recorded the cluster, the workspace, rule, policy assignment and windows
 * from step 5's outputs, the Key Vault from step 6's. An option that is off adds nothing; the tier is always
 * shown (every cluster has one), the pools only when zones, the autoscaler or a User pool are on.
 */
function recordedOptions(config: Partial<ResolvedConfig>, cluster: StepOutputs, endpoint: StepOutputs): RecordedResources {
  const r: RecordedResources = {};
  if (config.tier === 'free' || config.tier === 'standard' || config.tier === 'premium') r.tier = config.tier;
  const poolOptions =
    config.userPool === true || (config.zones ?? []).length > 0 || config.nodeMinCount !== undefined || config.nodeMaxCount !== undefined;
  if (poolOptions && config.nodeVmSize && config.nodeCount !== undefined)
    r.pools = plannedPools(config as ResolvedConfig).map((p) => ({
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      count: p.count,
      ...(p.min !== undefined && p.max !== undefined ? { min: p.min, max: p.max } : {}),
      zones: p.zones,
    }));
  const addons = enabledAddons(config).map((a) => ADDONS[a].title);
  if (addons.length) r.addons = addons;
  const workspace = text(cluster.logAnalyticsWorkspaceId);
  const workspaceName = nameOf(workspace);
  if (workspace && workspaceName)
    r.logAnalyticsWorkspace = { name: workspaceName, id: workspace, createdByDeployment: !config.logAnalyticsWorkspace };
  const rule = nameOf(cluster.dataCollectionRuleId);
  if (rule) r.dataCollectionRule = { name: rule };
  const vault = nameOf(endpoint.keyVaultId);
  if (vault) r.keyVault = { name: vault, privateEndpoint: nameOf(endpoint.keyVaultPrivateEndpointId) };
  const assignment = nameOf(cluster.policyBaselineAssignmentId);
  if (assignment) r.policyAssignment = { name: assignment };
  const windows = cluster[MAINTENANCE_OUTPUT];
  if (Array.isArray(windows) && windows.length)
    r.maintenanceWindows = windows.map((name) => {
      const key = WINDOW_OF[name];
      return { name, window: key ? text(config[key]) : undefined };
    });
  return r;
}
