/**
 * The region of a VM or managed cluster body. Compute and AKS answer a missing location the same way as an
 * unknown one (LocationNotAvailableForResourceType naming ''), not with ARM's LocationRequired that
 * core/validate.ts gives the network types.
 */
import { ArmError, type EmulatorContext } from '../core/contract.js';

export function servedRegion(ctx: Pick<EmulatorContext, 'regions'>, location: unknown, resourceType: string): string {
  const region = String(location ?? '')
    .toLowerCase()
    .replace(/\s+/g, '');
  if (ctx.regions.includes(region)) return region;
  throw new ArmError(
    400,
    'LocationNotAvailableForResourceType',
    `The provided location '${location ?? ''}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${ctx.regions.join(',')}'.`,
  );
}
