/**
 * ARM's api-version gate, applied to every ARM call before anything else looks at it: a missing
 * version is 400 MissingApiVersionParameter; a version the type does not offer is 400
 * InvalidApiVersionParameter for Microsoft.Resources' own types and 400 NoRegisteredProviderFound for a
 * provider's types (the message lists the supported versions and locations, as ARM's does). Operation
 * status URLs (and AKS command results, a Location poll) are not checked: clients append whatever
 * version they were given.
 */
import type { ArmRequest, EmulatorContext } from './contract.js';
import { ArmError } from './contract.js';
import { ARM_API_VERSIONS, PROVIDER_API_VERSIONS } from './api-versions.js';
import { resourceGroupIdOf, segmentsOf } from './ids.js';

type Rule = { kind: 'arm' } | { kind: 'provider'; type: string; versions: readonly string[] } | { kind: 'exempt' };

const STATUS_TYPES = new Set(['operations', 'operationresults', 'commandresults']);

function ruleFor(path: string): Rule {
  const segs = segmentsOf(path);
  const lower = segs.map((s) => s.toLowerCase());
  const p = lower.lastIndexOf('providers');
  if (p < 0) return { kind: 'arm' };
  // `{sub}/providers`, `{sub}/providers/{ns}` and its register/unregister actions belong to ARM itself.
  const registration = segs.length - p === 3 && /^(un)?register$/.test(lower[p + 2]);
  if ((p === 0 || p === 2) && (segs.length - p <= 2 || registration)) return { kind: 'arm' };
  const namespace = segs[p + 1];
  const types = segs.slice(p + 2).filter((_, i) => i % 2 === 0);
  if (types.some((t) => STATUS_TYPES.has(t.toLowerCase()))) return { kind: 'exempt' };
  const versions = PROVIDER_API_VERSIONS[`${namespace}/${types[0] ?? ''}`.toLowerCase()] ?? PROVIDER_API_VERSIONS[namespace.toLowerCase()];
  return versions ? { kind: 'provider', type: types.join('/'), versions } : { kind: 'exempt' };
}

/** Where ARM would say the request was routed: the body's location, else the resource's or its group's. */
function locationOf(req: ArmRequest, ctx: EmulatorContext): string {
  const fromBody = typeof req.body?.location === 'string' ? req.body.location : undefined;
  if (fromBody) return fromBody.toLowerCase().replace(/\s/g, '');
  const segs = segmentsOf(req.path);
  const p = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  const topLevel = p >= 0 ? '/' + segs.slice(0, p + 4).join('/') : undefined;
  const rg = resourceGroupIdOf(req.path);
  return (topLevel && ctx.store.get(topLevel)?.location) || (rg && ctx.store.get(rg)?.location) || ctx.regions[0];
}

export function checkApiVersion(req: ArmRequest, ctx: EmulatorContext): void {
  const rule = ruleFor(req.path);
  if (rule.kind === 'exempt') return;
  const version = req.apiVersion;
  if (!version)
    throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  if (rule.kind === 'arm') {
    if (ARM_API_VERSIONS.includes(version)) return;
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${ARM_API_VERSIONS.join(',')}'.`,
    );
  }
  if (rule.versions.includes(version)) return;
  const locations = rule.type.toLowerCase() === 'privatednszones' ? 'global' : ctx.regions.join(', ');
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${locationOf(req, ctx)}' and API version '${version}' for type '${rule.type}'. The supported api-versions are '${rule.versions.join(', ')}'. The supported locations are '${locations}'.`,
  );
}
