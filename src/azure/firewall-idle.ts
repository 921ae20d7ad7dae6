import type { AzureContext } from './context.js';
import { azureCall, getOrUndefined } from './errors.js';
import { isProvisioning, waitWhileProvisioning } from './provisioning.js';

/**
 * Waits while the deployment's firewall is being created or updated (by a crashed run being resumed, or by
 * someone else). While it provisions Azure refuses rule collection group writes to its policy and subnet
 * writes in its VNet (AnotherOperationInProgress: "parallel updates aren't supported",
 * https://learn.microsoft.com/azure/firewall/firewall-known-issues), so those writes wait for it instead of
 * being refused. A firewall that does not exist, or is settled, costs one read.
 */
export async function waitWhileFirewallProvisions(ctx: AzureContext): Promise<void> {
  const net = await ctx.azure.network();
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.firewall;
  const firewall = await azureCall(`Reading firewall ${name}`, () => getOrUndefined(() => net.azureFirewalls.get(rg, name)));
  if (firewall && isProvisioning(firewall)) {
    await waitWhileProvisioning(ctx, `firewall ${name}`, firewall, () => net.azureFirewalls.get(rg, name));
  }
}
