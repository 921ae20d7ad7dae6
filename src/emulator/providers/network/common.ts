/** Validation and helpers shared by every Microsoft.Network resource type. */
import { ArmError, type ArmRequest, type ArmResource, type EmulatorContext, type Store } from '../../core/contract.js';
import { assertName, normalizeLocation } from '../../core/validate.js';
import { badRequest } from './errors.js';

/**
 * Azure's rule for most network resource names (and their children): 1-80 characters of letters, digits,
 * underscores, periods and hyphens; starts with a letter or digit; ends with a letter, digit or underscore.
 */
const NAME_RULE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

export function checkName(name: string, typeLabel: string): void {
  assertName(name, typeLabel, {
    min: 1,
    max: 80,
    pattern: NAME_RULE,
    description:
      'use letters, digits, underscores, periods and hyphens, start with a letter or digit and end with a letter, digit or underscore',
  });
}

/** The region of a new or updated resource: required, one this emulator serves, unchanged on update. */
export function checkLocation(ctx: EmulatorContext, body: any, type: string, existing?: ArmResource): string {
  const location = normalizeLocation(ctx, body?.location, type);
  if (existing?.location && existing.location !== location) {
    // ARM's 409, worded as ARM words it (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors).
    const group = existing.id.split('/')[4];
    throw new ArmError(
      409,
      'InvalidResourceLocation',
      `The resource '${existing.name}' already exists in location '${existing.location}' in resource group '${group}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  return location;
}

export function requireBody(req: ArmRequest): any {
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw badRequest('InvalidRequestFormat', 'Cannot parse the request: the body must be a JSON object describing the resource.');
  }
  return req.body;
}

/** Network resources carry weak etags that change on every write. */
export function newEtag(ctx: Pick<EmulatorContext, 'newGuid'>): string {
  return `W/"${ctx.newGuid()}"`;
}

export function tagsOf(body: any): Record<string, string> | undefined {
  return body?.tags && typeof body.tags === 'object' ? { ...body.tags } : undefined;
}

/** Copies `properties` from a request body without the server-owned keys. */
export function writableProperties(body: any, readOnly: readonly string[]): Record<string, any> {
  const props = { ...(body?.properties ?? {}) };
  for (const key of ['provisioningState', 'resourceGuid', ...readOnly]) delete props[key];
  return props;
}

export function ofType(store: Store, type: string): ArmResource[] {
  const t = type.toLowerCase();
  return store.all().filter((r) => r.type.toLowerCase() === t);
}

export function listBody(items: ArmResource[]): { value: ArmResource[] } {
  return { value: items };
}

/** A deep copy with a given provisioningState (the store keeps its own objects). */
export function withState(resource: ArmResource, state: string): ArmResource {
  const copy: ArmResource = structuredClone(resource);
  copy.properties = { ...(copy.properties ?? {}), provisioningState: state };
  return copy;
}
