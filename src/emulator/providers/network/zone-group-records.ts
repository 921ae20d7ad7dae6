/** The A records a private endpoint's private DNS zone groups registered (removed with the group or the endpoint). */
import type { ArmResource, EmulatorContext } from '../../core/contract.js';
import { T } from './ids.js';

export const ZONE_GROUP_TYPE = `${T.privateEndpoint}/privateDnsZoneGroups`;

export function recordIds(group: ArmResource | undefined): string[] {
  return (group?.properties?.privateDnsZoneConfigs ?? []).flatMap((c: any) =>
    (c.properties?.recordSets ?? []).map((r: any) => `${c.properties.privateDnsZoneId}/A/${r.recordSetName}`),
  );
}

export function zoneGroupRecords(ctx: Pick<EmulatorContext, 'store'>, endpointId: string): string[] {
  return ctx.store.children(endpointId, ZONE_GROUP_TYPE).flatMap(recordIds);
}
