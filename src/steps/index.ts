import type { Step } from '../engine/step.js';
import { step as identity } from './01-identity.js';
import { step as network } from './02-network.js';
import { step as egressRoute } from './03-egress-route.js';
import { step as firewallRules } from './04-firewall-rules.js';
import { step as cluster } from './05-cluster.js';
import { step as privateEndpoint } from './06-private-endpoint.js';
import { step as nsg } from './07-nsg.js';
import { step as bastion } from './08-bastion.js';
import { step as health } from './09-health.js';
import { step as testDeployment } from './10-test-deployment.js';

/** The ten steps in article order; the engine schedules them by their own dependsOn declarations. */
export const STEPS: readonly Step[] = [
  identity,
  network,
  egressRoute,
  firewallRules,
  cluster,
  privateEndpoint,
  nsg,
  bastion,
  health,
  testDeployment,
];
