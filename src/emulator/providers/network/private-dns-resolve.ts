/**
 * How a name resolves from inside a virtual network through Azure DNS (168.63.129.16): a private DNS zone
 * linked to the VNet answers every name under it (a name without a record is NXDOMAIN: the zone is
 * authoritative); a service with a private link answers its public name with a CNAME into its privatelink
 * zone (`<vault>.vault.azure.net` -> `<vault>.privatelink.vaultcore.azure.net`), which the linked zone then
 * answers (https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration#azure-services-dns-zone-configuration).
 * Any other name resolves publicly, to an address the emulator cannot know.
 */
import type { Store } from '../../core/contract.js';
import { T, refId, sameId } from './ids.js';

/** The privatelink CNAMEs this emulator knows: Key Vault's, per cloud. */
const PRIVATE_LINK_ALIASES: ReadonlyArray<{ publicSuffix: string; zone: string }> = [
  { publicSuffix: 'vault.azure.net', zone: 'privatelink.vaultcore.azure.net' },
  { publicSuffix: 'vault.azure.cn', zone: 'privatelink.vaultcore.azure.cn' },
  { publicSuffix: 'vault.usgovcloudapi.net', zone: 'privatelink.vaultcore.usgovcloudapi.net' },
];

export type Resolution = { address: string } | { nxdomain: true } | { public: true };

function linkedZone(store: Store, vnetId: string, name: string) {
  return store
    .all()
    .filter((z) => z.type === T.dnsZone && (name === z.name.toLowerCase() || name.endsWith(`.${z.name.toLowerCase()}`)))
    .find((z) => store.children(z.id, T.dnsLink).some((l) => sameId(refId(l.properties?.virtualNetwork), vnetId)));
}

export function resolveFromVnet(store: Store, vnetId: string, host: string): Resolution {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const alias = PRIVATE_LINK_ALIASES.find(
    (a) => lower.endsWith(`.${a.publicSuffix}`) && !lower.slice(0, -a.publicSuffix.length - 1).includes('.'),
  );
  const names = alias ? [lower, `${lower.slice(0, -alias.publicSuffix.length - 1)}.${alias.zone}`] : [lower];
  for (const name of names) {
    const zone = linkedZone(store, vnetId, name);
    if (!zone) continue;
    const label = name === zone.name.toLowerCase() ? '@' : name.slice(0, -zone.name.length - 1);
    const record = store.children(zone.id, `${T.dnsZone}/A`).find((r) => r.name.toLowerCase() === label);
    const address: string | undefined = record?.properties?.aRecords?.[0]?.ipv4Address;
    return address ? { address } : { nxdomain: true };
  }
  return { public: true };
}
