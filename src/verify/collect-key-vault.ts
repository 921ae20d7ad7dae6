import type { AzureClients } from '../azure/types.js';
import type { ResourceNames } from '../config/types.js';
import type { KeyVaultEvidence } from './evidence.js';
import { tryRead } from './lib/read.js';

/**
 * The deployment's Key Vault as its add-on must reach it: the vault's own host name (from its URI) and the
 * private address of its private endpoint, which that name must resolve to from a pod. Known only when
 * auditing a secure-aks deployment (its names); undefined otherwise or when there is no such vault.
 */
export async function readKeyVault(
  azure: AzureClients,
  resourceGroup: string,
  names: Partial<ResourceNames> | undefined,
  readErrors: string[],
): Promise<KeyVaultEvidence | undefined> {
  if (!names?.keyVault) return undefined;
  const name = names.keyVault;
  const kv = await azure.keyVault();
  const vault = await tryRead(`key vault ${name}`, readErrors, () => kv.vaults.get(resourceGroup, name));
  const uri = vault?.properties.vaultUri;
  if (!uri) return undefined;
  const host = new URL(uri).hostname;
  if (!names.keyVaultPrivateEndpoint) return { name, host };
  const network = await azure.network();
  const endpointName = names.keyVaultPrivateEndpoint;
  const endpoint = await tryRead(`private endpoint ${endpointName}`, readErrors, () =>
    network.privateEndpoints.get(resourceGroup, endpointName),
  );
  const nicId = endpoint?.networkInterfaces?.[0]?.id;
  if (!nicId) return { name, host };
  const [, , , nicGroup, , , , nicName] = nicId.split('/').slice(1);
  const nic = await tryRead(`network interface of ${endpointName}`, readErrors, () =>
    network.networkInterfaces.get(nicGroup ?? resourceGroup, nicName ?? ''),
  );
  const endpointIp = nic?.ipConfigurations?.[0]?.privateIPAddress;
  return { name, host, ...(endpointIp ? { endpointIp } : {}) };
}
