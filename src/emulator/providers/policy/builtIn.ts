/**
 * The built-in policy set definitions (initiatives) the product assigns, with their real ids, names and
 * parameters, from Azure/azure-policy built-in-policies/policySetDefinitions/Kubernetes/
 * Kubernetes_PSPBaselineStandard.json (also listed on
 * https://learn.microsoft.com/azure/governance/policy/samples/built-in-initiatives#kubernetes).
 */
export interface PolicyParameter {
  type: 'String' | 'Array';
  allowedValues?: string[];
  defaultValue?: unknown;
}

export interface BuiltInPolicySet {
  name: string;
  displayName: string;
  version: string;
  parameters: Record<string, PolicyParameter>;
  policyDefinitionIds: string[];
}

const KUBERNETES_POD_SECURITY_BASELINE: BuiltInPolicySet = {
  name: 'a8640138-9b0a-4a28-b8cb-1666c838647d',
  displayName: 'Kubernetes cluster pod security baseline standards for Linux-based workloads',
  version: '1.2.0',
  parameters: {
    effect: { type: 'String', allowedValues: ['audit', 'Audit', 'deny', 'Deny', 'disabled', 'Disabled'], defaultValue: 'Audit' },
    excludedNamespaces: { type: 'Array', defaultValue: ['kube-system', 'gatekeeper-system', 'azure-arc'] },
    namespaces: { type: 'Array', defaultValue: [] },
  },
  policyDefinitionIds: [
    '95edb821-ddaf-4404-9732-666045e056b4',
    '82985f06-dc18-4a48-bc1c-b9f4f0098cfe',
    '47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8',
    'c26596ff-4d70-4e6a-9a30-c2506bd2f80c',
    '098fc59e-46c7-4d99-9b16-64990e543d75',
  ],
};

export const BUILT_IN_POLICY_SETS: readonly BuiltInPolicySet[] = [KUBERNETES_POD_SECURITY_BASELINE];

export const POLICY_SET_TYPE = 'Microsoft.Authorization/policySetDefinitions';

/** The built-in set a definition id names (`/providers/Microsoft.Authorization/policySetDefinitions/{guid}`). */
export function builtInPolicySet(id: string | undefined): BuiltInPolicySet | undefined {
  const m = /^\/providers\/Microsoft\.Authorization\/policySetDefinitions\/([^/]+)$/i.exec(id ?? '');
  return m ? BUILT_IN_POLICY_SETS.find((s) => s.name.toLowerCase() === m[1]!.toLowerCase()) : undefined;
}

/** GET /providers/Microsoft.Authorization/policySetDefinitions/{name}, as Azure answers a built-in. */
export function policySetBody(set: BuiltInPolicySet) {
  return {
    id: `/providers/${POLICY_SET_TYPE}/${set.name}`,
    name: set.name,
    type: POLICY_SET_TYPE,
    properties: {
      displayName: set.displayName,
      policyType: 'BuiltIn',
      metadata: { version: set.version, category: 'Kubernetes' },
      version: set.version,
      parameters: Object.fromEntries(Object.entries(set.parameters).map(([k, p]) => [k, { ...p, metadata: { displayName: k } }])),
      policyDefinitions: set.policyDefinitionIds.map((guid) => ({
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${guid}`,
      })),
    },
  };
}
