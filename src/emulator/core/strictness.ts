/**
 * The places where Azure is strict and the emulator bites the same way. Every rule is on unless a test
 * relaxes it by name (`startEmulator({ relax: [...] })` or `PUT /_emulator/strictness { "<rule>": false }`),
 * one at a time: there is deliberately no switch that turns them all off, so a test says which Azure
 * behaviour it is not about.
 */
import { ArmError } from './contract.js';

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

function unknownRule(name: string): ArmError {
  return new ArmError(400, 'InvalidStrictnessRule', `'${name}' is not a strictness rule. Use one of: ${STRICT_RULES.join(', ')}.`);
}

function assertStrictRule(name: string): asserts name is StrictRule {
  if (!(STRICT_RULES as readonly string[]).includes(name)) throw unknownRule(name);
}

export class Strictness {
  private relaxed: Set<StrictRule>;

  /** `relax`: the rules this emulator starts (and resets to) without. */
  constructor(private readonly initiallyRelaxed: readonly string[] = []) {
    for (const rule of initiallyRelaxed) assertStrictRule(rule);
    this.relaxed = new Set(initiallyRelaxed as StrictRule[]);
  }

  enabled(rule: StrictRule): boolean {
    return !this.relaxed.has(rule);
  }

  /** Applies `{ "<rule>": true|false }` (false relaxes the rule); unknown names or non-booleans are refused whole. */
  update(changes: unknown): void {
    if (!changes || typeof changes !== 'object' || Array.isArray(changes)) {
      throw new ArmError(400, 'InvalidStrictnessRule', 'Send an object of rule names to booleans, e.g. { "rbac-propagation": false }.');
    }
    const entries = Object.entries(changes as Record<string, unknown>);
    for (const [name, on] of entries) {
      assertStrictRule(name);
      if (typeof on !== 'boolean')
        throw new ArmError(400, 'InvalidStrictnessRule', `Rule '${name}' must be set to true or false; got ${JSON.stringify(on)}.`);
    }
    for (const [name, on] of entries) {
      if (on) this.relaxed.delete(name as StrictRule);
      else this.relaxed.add(name as StrictRule);
    }
  }

  /** Every rule and whether it is on. */
  snapshot(): Record<StrictRule, boolean> {
    return Object.fromEntries(STRICT_RULES.map((r) => [r, this.enabled(r)])) as Record<StrictRule, boolean>;
  }

  reset(): void {
    this.relaxed = new Set(this.initiallyRelaxed as StrictRule[]);
  }
}
