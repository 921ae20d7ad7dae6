import type { ResolvedConfig } from './types.js';

/** Defaults that work together: every subnet is carved from the default VNet, cluster ranges stay clear of it. */
export const DEFAULTS = {
  vnetCidr: '10.42.0.0/16',
  firewallSubnetCidr: '10.42.0.0/26',
  bastionSubnetCidr: '10.42.0.64/26',
  jumphostSubnetCidr: '10.42.0.128/28',
  nodeSubnetCidr: '10.42.1.0/24',
  podCidr: '192.168.0.0/16',
  serviceCidr: '172.16.0.0/16',
  dnsServiceIp: '172.16.0.10',
  nodeCount: 2,
  nodeVmSize: 'Standard_D4ds_v5',
  bastion: true,
  jumphost: true,
  testDeployment: true,
  // Standard (uptime SLA) for anything real; the embedded emulator's demo defaults to free (src/cli/actions/prepare.ts).
  tier: 'standard',
  zones: [],
  userPool: false,
  userPoolCount: 2,
  userPoolZones: [],
  tags: [],
  monitoring: false,
  azurePolicy: false,
  policyBaseline: false,
  defender: false,
  keyVault: false,
} satisfies Partial<ResolvedConfig>;

/** The emulator's only subscription; a run against the emulator without --subscription uses it. */
export const EMULATOR_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
