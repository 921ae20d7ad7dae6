import type { StepId, StepOutputs } from '../../core/step.js';
import type { DeploymentState } from '../../state/schema.js';
import { JUMPHOST_ADMIN } from '../../steps/desired/vm-jumphost.js';

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
}

/** The last segment of an ARM id: the resource's name. */
const nameOf = (id: unknown): string | undefined => (typeof id === 'string' && id ? id.split('/').pop() : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function recordedResources(state: Readonly<DeploymentState>): RecordedResources {
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
      keyFile: text(access.sshKeyPath),
      vmId: String(access.jumphostVmId),
      ...(bastion ? { bastion } : {}),
    };
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
