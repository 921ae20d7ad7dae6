/** The names of the strictness rules (see strictness.ts), each with the Azure behaviour it stands for. */
export const STRICT_RULES = [
  /** A firewall being created or updated locks its policy's rule collection groups and its VNet's subnets. */
  'firewall-locks',
  /** AKS refuses a write while another operation runs on the cluster with 409 OperationNotAllowed. */
  'aks-pending-operation',
  /** Writes that depend on a resource still changing fail (429 ReferencedResourceNotProvisioned, or Failed inside the operation). */
  'dependent-operations',
  /** A new role assignment takes effect only after it has propagated (control plane and Kubernetes data plane). */
  'rbac-propagation',
  /** A private cluster with the system private DNS zone needs the identity's join permission on the whole VNet. */
  'private-dns-vnet-join',
  /** Per-type naming rules: AKS dnsPrefix, node pool names, node resource group, VM and computer names. */
  'naming',
  /** Node pools: VM size known and offered in the region, vCPU quota including surge nodes, a System pool with nodes. */
  'node-pool-validation',
] as const;

export type StrictRule = (typeof STRICT_RULES)[number];
