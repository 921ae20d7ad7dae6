/**
 * The places where Azure is strict and the emulator bites the same way. Every rule is on unless a test
 * relaxes it by name (`startEmulator({ relax: [...] })` or `PUT /_emulator/strictness { "<rule>": false }`),
 * one at a time: there is deliberately no switch that turns them all off, so a test says which Azure
 * behaviour it is not about.
 */
import { ArmError } from './contract.js';
import { STRICT_RULES, type StrictRule } from './strict-rules.js';

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
