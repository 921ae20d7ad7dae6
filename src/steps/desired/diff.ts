import { isWrite, type Change, type PropertyDiff } from '../../core/step.js';
import { sameId } from '../../azure/ids.js';

/**
 * Desired-vs-actual comparison. A step lists only the properties it owns as `path -> desired value`
 * (dotted paths into the SDK model, e.g. `networkProfile.outboundType`); everything else on the resource
 * belongs to Azure or the user and is never compared, so server-filled defaults never cause an update.
 */
export function diffProperties(current: unknown, desired: Record<string, unknown>): PropertyDiff[] {
  const diffs: PropertyDiff[] = [];
  for (const [property, want] of Object.entries(desired)) {
    if (want === undefined) continue; // "don't care"
    const have = readPath(current, property);
    if (!sameValue(have, want)) diffs.push({ property, current: have, desired: want });
  }
  return diffs;
}

export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * ARM compares names, ids and enum values case-insensitively and returns lists in its own order, so do we:
 * strings ignore case, arrays compare as multisets, objects compare the desired keys only.
 */
export function sameValue(have: unknown, want: unknown): boolean {
  if (typeof want === 'string') return typeof have === 'string' && have.toLowerCase() === want.toLowerCase();
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return false;
    const rest = [...have];
    return want.every((w) => {
      const i = rest.findIndex((h) => sameValue(h, w));
      if (i < 0) return false;
      rest.splice(i, 1);
      return true;
    });
  }
  if (want !== null && typeof want === 'object') {
    if (have === null || typeof have !== 'object') return false;
    return Object.entries(want).every(([k, v]) => v === undefined || sameValue((have as Record<string, unknown>)[k], v));
  }
  return have === want;
}

/** The Change for one resource: create when absent, update with the diffs, none otherwise. */
export function changeFor(resourceType: string, name: string, current: { id?: string } | undefined, diff: PropertyDiff[] = []): Change {
  if (!current) return { action: 'create', resourceType, name };
  if (diff.length > 0) return { action: 'update', resourceType, name, id: current.id, diff };
  return { action: 'none', resourceType, name, id: current.id };
}

/** The change check() planned for a resource (resource types and names compare case-insensitively). */
export function findChange(changes: readonly Change[], resourceType: string, name: string): Change | undefined {
  return changes.find((c) => sameId(c.resourceType, resourceType) && sameId(c.name, name));
}

/** True when check() planned a create or update for this resource. */
export function needsWrite(changes: readonly Change[], resourceType: string, name: string): boolean {
  const c = findChange(changes, resourceType, name);
  return !!c && isWrite(c);
}

/** True when nothing in the plan writes (read-only checks do not). */
export function noWrites(changes: readonly Change[]): boolean {
  return !changes.some(isWrite);
}
