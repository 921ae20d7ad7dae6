import { restrictedZones, sizeZones } from './zones.js';

/**
 * The VM sizes this emulator knows, per region, with Azure's resource SKU shape (capabilities and
 * restrictions), and the per-family vCPU quota the usages API reports.
 */

export interface VmSize {
  name: string;
  family: string;
  vCPUs: number;
  memoryGB: number;
  /** Regions where the subscription may not deploy this size (restriction NotAvailableForSubscription). */
  restrictedIn?: string[];
}

export const VM_SIZES: VmSize[] = [
  { name: 'Standard_B2s', family: 'standardBSFamily', vCPUs: 2, memoryGB: 4 },
  { name: 'Standard_B2ms', family: 'standardBSFamily', vCPUs: 2, memoryGB: 8 },
  { name: 'Standard_D2s_v5', family: 'standardDSv5Family', vCPUs: 2, memoryGB: 8 },
  { name: 'Standard_D4s_v5', family: 'standardDSv5Family', vCPUs: 4, memoryGB: 16 },
  { name: 'Standard_D2ds_v5', family: 'standardDDSv5Family', vCPUs: 2, memoryGB: 8 },
  { name: 'Standard_D4ds_v5', family: 'standardDDSv5Family', vCPUs: 4, memoryGB: 16 },
  { name: 'Standard_D8ds_v5', family: 'standardDDSv5Family', vCPUs: 8, memoryGB: 32 },
  { name: 'Standard_DS2_v2', family: 'standardDSv2Family', vCPUs: 2, memoryGB: 7 },
  { name: 'Standard_E4s_v5', family: 'standardESv5Family', vCPUs: 4, memoryGB: 32, restrictedIn: ['uksouth'] },
];

/** Default regional vCPU quota of a pay-as-you-go subscription, and per family. */
export const REGIONAL_VCPU_LIMIT = 100;
export const FAMILY_VCPU_LIMIT = 100;

export function findSize(name: string | undefined): VmSize | undefined {
  return VM_SIZES.find((s) => s.name.toLowerCase() === String(name ?? '').toLowerCase());
}

export function skuResource(size: VmSize, location: string): Record<string, unknown> {
  const restricted = size.restrictedIn?.includes(location);
  const zonesRestricted = restrictedZones(size.name, location);
  return {
    resourceType: 'virtualMachines',
    name: size.name,
    tier: 'Standard',
    size: size.name.replace(/^Standard_/, ''),
    family: size.family,
    locations: [location],
    locationInfo: [{ location, zones: sizeZones(size.name, location), zoneDetails: [] }],
    capabilities: [
      { name: 'vCPUs', value: String(size.vCPUs) },
      { name: 'MemoryGB', value: String(size.memoryGB) },
      { name: 'HyperVGenerations', value: 'V1,V2' },
      { name: 'PremiumIO', value: size.name.includes('s_') || size.name.includes('DS') ? 'True' : 'False' },
    ],
    restrictions: [
      ...(restricted
        ? [{ type: 'Location', values: [location], restrictionInfo: { locations: [location] }, reasonCode: 'NotAvailableForSubscription' }]
        : []),
      ...(zonesRestricted.length
        ? [
            {
              type: 'Zone',
              values: [location],
              restrictionInfo: { locations: [location], zones: zonesRestricted },
              reasonCode: 'NotAvailableForSubscription',
            },
          ]
        : []),
    ],
  };
}
