/** Reading ARM ids (segments compare case-insensitively: ARM spells resourceGroups both ways). */

/** The value after `segment` in `id` (e.g. segmentValue(id, 'virtualNetworks')). */
export function segmentValue(id: string, segment: string): string | undefined {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === segment.toLowerCase());
  return i >= 0 ? parts[i + 1] : undefined;
}

export function resourceGroupOfId(id: string): string {
  return segmentValue(id, 'resourceGroups') ?? '';
}

export function lastName(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

/** `.../networkInterfaces/nic-x/ipConfigurations/ipconfig1` -> `.../networkInterfaces/nic-x`: who uses a subnet or IP. */
export function ownerOf(childId: string): string {
  return childId.replace(/\/(ipConfigurations|frontendIPConfigurations|bastionHostIpConfigurations)\/[^/]+$/i, '');
}

export function sameResource(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}
