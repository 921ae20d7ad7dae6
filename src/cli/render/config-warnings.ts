import type { ResolvedConfig } from '../../config/types.js';
import { resourceNames } from '../../config/names.js';

/**
 * Choices that are valid but leave something less useful than the user may expect. They change nothing
 * about what is built; the summary, plan and access summary say them so nobody finds out later.
 */
export function configWarnings(config: ResolvedConfig): string[] {
  const out: string[] = [];
  if (config.jumphost && !config.bastion) {
    const n = resourceNames(config);
    out.push(
      `jumphost ${n.jumphostVm} without Bastion: reachable only from a peered network or VPN, and its NSG admits SSH only from ` +
        `${config.bastionSubnetCidr} (the Bastion range, where no Bastion is created): add an NSG rule for your network, ` +
        'or drop --no-bastion.',
    );
  }
  if (config.bastion && !config.jumphost) {
    const n = resourceNames(config);
    out.push(
      `Bastion ${n.bastion} without a jumphost: no VM of this deployment for it to connect to (the cluster's nodes take no ` +
        'SSH logins), at the price of a Bastion: pass --no-bastion too, or drop --no-jumphost.',
    );
  }
  if (!config.testDeployment) {
    out.push(
      'no test deployment: nothing proves that workloads reach the internet only through the firewall; run `secure-aks verify` ' +
        'after the deployment, or drop --no-test-deployment.',
    );
  }
  return out;
}
