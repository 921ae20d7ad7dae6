/**
 * The well-known ways an AKS create fails behind a firewall, recognised by Azure's code and message. Azure's
 * own text names a node extension and an exit status; what the user needs is which part of THIS deployment
 * to look at. Each entry cites the Learn troubleshooting page it was taken from (also listed in
 * docs/azure-behaviour.md, "AKS provisioning failures").
 */
import type { StepId } from '../core/step.js';

export interface AksFailure {
  /** A short stable name (tests and docs use it). */
  id: string;
  /** One sentence: what went wrong, in this deployment's terms. */
  explanation: string;
  remediation: string;
  /** The Learn page the fact comes from. */
  docs: string;
  /** Steps whose read-only check can name the missing piece right after the failure. */
  probe?: readonly StepId[];
}

interface Entry extends AksFailure {
  /** Codes that mean this failure on their own (AKS's newer, specific names). */
  codes: readonly string[];
  /** The node bootstrap script's (vmssCSE) exit status that means it under a generic wrapper code. */
  exitStatus?: number;
}

const VERIFY = 'Run `secure-aks verify` to probe the deployment from inside the cluster';
const RESUME = 'then `secure-aks status --resume`';

/** Codes AKS wraps a node bootstrap (vmssCSE) failure in; the exit status tells which one it was. */
const CSE_WRAPPERS = new Set(['VMExtensionProvisioningError', 'VMExtensionError', 'CreateVMSSAgentPoolFailed']);

const CATALOGUE: readonly Entry[] = [
  {
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-outboundconnfailvmextensionerror
    // Exit status 50 (ERR_OUTBOUND_CONN_FAIL): the nodes could not reach mcr.microsoft.com and the other required endpoints.
    id: 'outbound-connection',
    codes: ['OutboundConnFailVMExtensionError', 'VMExtensionError_OutboundConnFail'],
    exitStatus: 50,
    explanation:
      'The nodes could not reach the internet endpoints AKS needs (vmssCSE exit status 50): the firewall is missing an application ' +
      "rule, or the node subnet's route table does not send 0.0.0.0/0 to the firewall.",
    remediation:
      `${VERIFY} (it tests egress through the firewall), check the route table (step 3 egress-route) and the firewall rules ` +
      `(step 4 firewall-rules), ${RESUME}.`,
    docs: 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-outboundconnfailvmextensionerror',
    probe: ['egress-route', 'firewall-rules'],
  },
  {
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-cnidownloadtimeoutvmextensionerror
    // Exit status 41 (ERR_CNI_DOWNLOAD_TIMEOUT): the network plugin download timed out, a connectivity problem.
    id: 'cni-download',
    codes: ['CniDownloadTimeoutVMExtensionError'],
    exitStatus: 41,
    explanation:
      'The nodes timed out downloading the container network (CNI) plugin (vmssCSE exit status 41): the firewall does not let ' +
      'them reach the host AKS downloads it from.',
    remediation:
      `${VERIFY} (it tests egress through the firewall), check the firewall rules (step 4 firewall-rules) and the route table ` +
      `(step 3 egress-route), ${RESUME}.`,
    docs: 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-cnidownloadtimeoutvmextensionerror',
    probe: ['egress-route', 'firewall-rules'],
  },
  {
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-k8sapiserverconnfailvmextensionerror
    // Exit status 51 (ERR_K8S_API_SERVER_CONN_FAIL): the nodes cannot connect to the cluster's API server.
    id: 'api-server-connection',
    codes: ['K8SAPIServerConnFailVMExtensionError', 'VMExtensionError_K8SAPIServerConnFail'],
    exitStatus: 51,
    explanation:
      "The nodes could not connect to the cluster's private API server (vmssCSE exit status 51): an NSG rule or a route sends " +
      'traffic to its private endpoint somewhere else.',
    remediation: `${VERIFY}, check the node subnet's NSG (step 7 nsg) and that no route overrides the VNet, ${RESUME}.`,
    docs: 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-k8sapiserverconnfailvmextensionerror',
    probe: ['nsg'],
  },
  {
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-k8sapiserverdnslookupfailvmextensionerror
    // Exit status 52 (ERR_K8S_API_SERVER_DNS_LOOKUP_FAIL): the nodes cannot resolve the API server's name.
    id: 'api-server-dns',
    codes: ['K8SAPIServerDNSLookupFailVMExtensionError', 'VMExtensionError_K8SAPIServerDNSLookupFail'],
    exitStatus: 52,
    explanation:
      "The nodes could not resolve the private API server's name (vmssCSE exit status 52): the private DNS zone is not linked to " +
      'the VNet, or a custom DNS server does not forward to Azure DNS (168.63.129.16).',
    remediation: `${VERIFY}, check the private DNS zone link (step 6 private-endpoint) and the VNet's DNS servers, ${RESUME}.`,
    docs: 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-k8sapiserverdnslookupfailvmextensionerror',
  },
  {
    // https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-subnetisfull-upgrade
    id: 'subnet-full',
    codes: ['SubnetIsFull'],
    explanation: 'The node subnet has no free addresses left for the nodes (and the upgrade surge node) AKS asked for.',
    remediation: `Choose a larger --node-subnet-cidr or a lower --node-count, ${RESUME}.`,
    docs: 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-subnetisfull-upgrade',
  },
  {
    // https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-policy-requestdisallowedbypolicy
    id: 'policy',
    codes: ['RequestDisallowedByPolicy'],
    explanation: "An Azure Policy assignment on the subscription or resource group refused one of this deployment's resources.",
    remediation:
      'The message names the policy assignment: ask its owner for an exemption for this resource group, or change the value it ' +
      `forbids (\`az policy assignment show --name <assignment>\` shows its rule), ${RESUME}.`,
    docs: 'https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-policy-requestdisallowedbypolicy',
  },
];

/** The node bootstrap's exit status in a vmssCSE failure message ("exit status=50", "exit status 50"). */
export function cseExitStatus(message: string): number | undefined {
  if (!/vmssCSE/i.test(message)) return undefined;
  const m = /exit status\s*[=:]?\s*(\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** The catalogue entry an Azure failure is, by code and message; undefined when it is none of them. */
export function recognizeAksFailure(code: string, message: string): AksFailure | undefined {
  const exit = CSE_WRAPPERS.has(code) ? cseExitStatus(message) : undefined;
  const entry = CATALOGUE.find((e) => e.codes.includes(code) || (exit !== undefined && e.exitStatus === exit));
  if (!entry) return undefined;
  const { id, explanation, remediation, docs, probe } = entry;
  return { id, explanation, remediation, docs, ...(probe ? { probe } : {}) };
}

/** Every entry's codes and source, for the docs check. */
export const AKS_FAILURE_SOURCES: ReadonlyArray<{ id: string; codes: readonly string[]; exitStatus?: number; docs: string }> = CATALOGUE;
