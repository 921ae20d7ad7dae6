/** Validation every provider shares: locations, names and `$filter` expressions of list calls. */
import type { EmulatorContext } from './contract.js';
import { ArmError } from './contract.js';

/**
 * The lower-case region name for a PUT's `location` (Azure accepts display names such as "East US"),
 * or ARM's refusal when it is missing or not served.
 */
export function normalizeLocation(ctx: EmulatorContext, location: unknown, resourceType: string): string {
  if (typeof location !== 'string' || !location.trim()) {
    throw new ArmError(
      400,
      'LocationRequired',
      `The location property is required for resource type '${resourceType}'. Set 'location' to one of ${ctx.regions.join(', ')}.`,
    );
  }
  const name = location.toLowerCase().replace(/\s+/g, '');
  if (ctx.regions.includes(name)) return name;
  const list = ctx.regions.join(',');
  if (resourceType.toLowerCase() === 'microsoft.resources/resourcegroups') {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${location}' is not available for resource group. List of available regions is '${list}'.`,
    );
  }
  throw new ArmError(
    400,
    'LocationNotAvailableForResourceType',
    `The provided location '${location}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${list}'.`,
  );
}

export interface NameRule {
  min: number;
  max: number;
  /** Whole-name pattern. */
  pattern: RegExp;
  /** Said in the error so the user knows what to change. */
  description: string;
  code?: string;
}

export function assertName(name: string, kind: string, rule: NameRule): void {
  if (name.length < rule.min || name.length > rule.max || !rule.pattern.test(name)) {
    throw new ArmError(
      400,
      rule.code ?? 'InvalidResourceName',
      `The ${kind} name '${name}' is invalid. It must be ${rule.min}-${rule.max} characters long and ${rule.description}.`,
    );
  }
}

/** `$filter` terms of the form `field eq 'value'` joined by `and` (what ARM list calls accept). */
export function parseEqFilter(filter: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!filter) return out;
  for (const m of filter.matchAll(/(\w+)\s+eq\s+'((?:[^']|'')*)'/gi)) out[m[1].toLowerCase()] = m[2].replace(/''/g, "'");
  return out;
}

/** Matches ARM's tag filter (`tagName eq 'k' and tagValue eq 'v'`). */
export function matchesTagFilter(tags: Record<string, string> | undefined, filter: Record<string, string>): boolean {
  const name = filter.tagname;
  if (name === undefined) return true;
  const entry = Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  if (!entry) return false;
  return filter.tagvalue === undefined || entry[1] === filter.tagvalue;
}
