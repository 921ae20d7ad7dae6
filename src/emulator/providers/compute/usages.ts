/** Compute usages (vCPU quota per region and family) and resource SKUs, for preflight checks. */
import { ArmError, type ArmRequest, type ArmResponse, type EmulatorContext } from '../../core/contract.js';
import { quotaOverrides } from './quota.js';
import { FAMILY_VCPU_LIMIT, findSize, REGIONAL_VCPU_LIMIT, skuResource, VM_SIZES } from './vm-sizes.js';

function region(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/** vCPUs in use in a region: VMs plus scale set instances (AKS node pools count against the same quota). */
export function vcpusInUse(ctx: EmulatorContext, location: string): Map<string, number> {
  const used = new Map<string, number>();
  for (const r of ctx.store.all()) {
    if (region(r.location ?? '') !== location) continue;
    const type = r.type.toLowerCase();
    const size =
      type === 'microsoft.compute/virtualmachines'
        ? findSize(r.properties?.hardwareProfile?.vmSize)
        : type === 'microsoft.compute/virtualmachinescalesets'
          ? findSize(r.sku?.name as string)
          : undefined;
    if (!size) continue;
    const count = type === 'microsoft.compute/virtualmachines' ? 1 : Number(r.sku?.capacity ?? 0);
    used.set(size.family, (used.get(size.family) ?? 0) + size.vCPUs * count);
  }
  return used;
}

function usage(name: string, localized: string, current: number, limit: number): Record<string, unknown> {
  return { unit: 'Count', currentValue: current, limit, name: { value: name, localizedValue: localized } };
}

export function listUsages(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const location = region(req.params.location);
  if (!ctx.regions.includes(location)) {
    throw new ArmError(
      404,
      'LocationNotFound',
      `The location '${req.params.location}' is not served here; use one of ${ctx.regions.join(', ')}.`,
    );
  }
  const used = vcpusInUse(ctx, location);
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  const families = [...new Set(VM_SIZES.map((s) => s.family))];
  const limits = quotaOverrides(ctx, req.params.subscriptionId, location);
  const vms = ctx.store
    .all()
    .filter((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachines' && region(r.location ?? '') === location).length;
  return {
    status: 200,
    body: {
      value: [
        usage('cores', 'Total Regional vCPUs', total, limits.cores ?? REGIONAL_VCPU_LIMIT),
        usage('virtualMachines', 'Virtual Machines', vms, 25000),
        usage(
          'virtualMachineScaleSets',
          'Virtual Machine Scale Sets',
          ctx.store
            .all()
            .filter((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets' && region(r.location ?? '') === location)
            .length,
          2500,
        ),
        ...families.map((f) =>
          usage(
            f,
            `${f.replace(/^standard/, 'Standard ').replace(/Family$/, ' Family')} vCPUs`,
            used.get(f) ?? 0,
            limits[f] ?? FAMILY_VCPU_LIMIT,
          ),
        ),
      ],
    },
  };
}

export function listSkus(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const filter = req.query.get('$filter') ?? '';
  const m = /location\s+eq\s+'([^']+)'/i.exec(filter);
  const locations = m ? [region(m[1])].filter((l) => ctx.regions.includes(l)) : [...ctx.regions];
  return { status: 200, body: { value: locations.flatMap((l) => VM_SIZES.map((s) => skuResource(s, l))) } };
}
