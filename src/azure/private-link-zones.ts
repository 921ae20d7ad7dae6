import type { CloudName } from '../config/regions.js';

/**
 * The private DNS zone a Key Vault private endpoint's A record lives in, per cloud
 * (https://learn.microsoft.com/azure/private-link/private-endpoint-dns: "Key Vault", in the commercial,
 * Government and China tables). A vault's name resolves through a CNAME to this zone once the zone is
 * linked to the VNet.
 */
export const KEY_VAULT_PRIVATE_DNS_ZONE: Readonly<Record<CloudName, string>> = {
  AzureCloud: 'privatelink.vaultcore.azure.net',
  AzureUSGovernment: 'privatelink.vaultcore.usgovcloudapi.net',
  AzureChinaCloud: 'privatelink.vaultcore.azure.cn',
};
