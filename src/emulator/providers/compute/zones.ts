/**
 * Availability zones as the resource SKU API reports them: which served regions have zones, and where a
 * VM size is offered without zones or restricted in some of them.
 * - Australia Southeast is a real region without availability zones ("Availability zones: N/A",
 *   https://learn.microsoft.com/azure/reliability/regions-list); every other served region has three.
 * - A size may be offered in a zonal region without zones (AKS then answers "The supported zones for
 *   location ... are (empty)", MicrosoftDocs/azure-aks-docs pull request 416), and a subscription may be
 *   refused one zone of a size (a restriction of type Zone with reasonCode NotAvailableForSubscription,
 *   the ResourceSkuRestrictions shape of specification/compute/resource-manager/Microsoft.Compute/Skus).
 */

/** Regions without availability zones. */
const ZONELESS_REGIONS = new Set(['australiasoutheast']);

/** Sizes offered without zones in a region that has them (size in lower case -> regions). */
const NON_ZONAL: Record<string, string[]> = { standard_b2ms: ['westeurope'] };

/** Zones of a size the subscription may not use (size in lower case -> region -> zones). */
const ZONE_RESTRICTED: Record<string, Record<string, string[]>> = { standard_d8ds_v5: { eastus: ['3'] } };

export function regionZones(region: string): string[] {
  return ZONELESS_REGIONS.has(region) ? [] : ['1', '2', '3'];
}

/** Zones the SKU lists for a size in a region (restricted ones included, as locationInfo lists them). */
export function sizeZones(size: string, region: string): string[] {
  return NON_ZONAL[size.toLowerCase()]?.includes(region) ? [] : regionZones(region);
}

export function restrictedZones(size: string, region: string): string[] {
  return ZONE_RESTRICTED[size.toLowerCase()]?.[region] ?? [];
}

/** Zones this subscription may place a size in. */
export function offeredZones(size: string, region: string): string[] {
  const restricted = restrictedZones(size, region);
  return sizeZones(size, region).filter((z) => !restricted.includes(z));
}
