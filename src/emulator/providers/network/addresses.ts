/**
 * Address checks as Microsoft.Network answers them (on the emulator's own IPv4 math, core/ip.ts), plus
 * the allocation of private IPs inside subnets and of public IPs from a fake public range.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { containsIp, firstUsable, formatIp, lastAddress, networkOf, parseCidr, parseIp, type Cidr } from '../../core/ip.js';
import { badRequest } from './errors.js';
import { ofType } from './common.js';
import { T, sameId } from './ids.js';

/** Azure's InvalidCIDRNotation, including its hint when host bits are set (10.0.0.1/24). */
export function parsePrefix(text: unknown, resourceId: string): Cidr {
  const cidr = parseCidr(String(text ?? ''));
  if (cidr) return cidr;
  let hint = ' Use a network address and prefix length such as 10.0.0.0/24.';
  const m = /^([^/]+)\/(\d{1,2})$/.exec(String(text ?? '').trim());
  const ip = m ? parseIp(m[1]) : undefined;
  if (m && ip !== undefined && Number(m[2]) <= 32) {
    const prefix = Number(m[2]);
    hint = ` For the given prefix length, the address prefix should be ${formatIp(networkOf(ip, prefix))}/${prefix}.`;
  }
  throw badRequest(
    'InvalidCIDRNotation',
    `The address prefix ${String(text)} in resource ${resourceId} has an invalid CIDR notation.${hint}`,
  );
}

/** A subnet's prefixes: `addressPrefix` or `addressPrefixes`. */
export function subnetPrefixes(subnet: ArmResource): string[] {
  const p = subnet.properties ?? {};
  if (typeof p.addressPrefix === 'string') return [p.addressPrefix];
  return Array.isArray(p.addressPrefixes) ? p.addressPrefixes.map(String) : [];
}

export function subnetCidrs(subnet: ArmResource): Cidr[] {
  return subnetPrefixes(subnet).map((p) => parsePrefix(p, subnet.id));
}

/** Every private IP in use in a subnet (NIC ip configurations, private endpoint NICs, firewalls) and its holder. */
export function usedPrivateIps(store: Store, subnetId: string): Map<string, string> {
  const used = new Map<string, string>();
  for (const owner of [...ofType(store, T.nic), ...ofType(store, T.firewall)]) {
    for (const cfg of owner.properties?.ipConfigurations ?? []) {
      const ip = cfg?.properties?.privateIPAddress;
      if (ip && sameId(cfg.properties?.subnet?.id, subnetId)) used.set(ip, owner.id);
    }
  }
  return used;
}

/** The first free address Azure would hand out (network + 4 onwards, the broadcast address excluded). */
export function allocatePrivateIp(store: Store, subnet: ArmResource, exclude: Iterable<string> = []): string | undefined {
  const used = new Set(usedPrivateIps(store, subnet.id).keys());
  for (const ip of exclude) used.add(ip);
  for (const cidr of subnetCidrs(subnet)) {
    for (let ip = firstUsable(cidr); ip < lastAddress(cidr); ip++) {
      const text = formatIp(ip);
      if (!used.has(text)) return text;
    }
  }
  return undefined;
}

export function subnetContainsIp(subnet: ArmResource, ip: string): boolean {
  const parsed = parseIp(ip);
  return parsed !== undefined && subnetCidrs(subnet).some((c) => containsIp(c, parsed));
}

/** FNV-1a of the lower-cased text: a resource id always maps to the same fake address (public IP, MAC). */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text.toLowerCase()) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** A public IP in 20.0.0.0/8, derived from the resource id and unique among the emulator's public IPs. */
export function allocatePublicIp(store: Store, resourceId: string): string {
  const used = new Set(
    ofType(store, T.publicIp)
      .map((p) => p.properties?.ipAddress)
      .filter(Boolean),
  );
  let n = stableHash(resourceId) & 0x00ffffff;
  for (;;) {
    const last = n & 255;
    const text = formatIp(((20 << 24) | n) >>> 0);
    if (last !== 0 && last !== 255 && !used.has(text)) return text;
    n = (n + 1) & 0x00ffffff;
  }
}
