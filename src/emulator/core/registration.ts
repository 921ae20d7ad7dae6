/**
 * Resource provider registration per subscription. The six namespaces the product uses start
 * Registered; others start NotRegistered. Registering takes a little simulated time, as in Azure.
 */
import type { EmulatorContext } from './contract.js';
import { SUBSCRIPTION_ID } from './ids.js';

export const DEFAULT_REGISTERED: readonly string[] = [
  'Microsoft.Resources',
  'Microsoft.ManagedIdentity',
  'Microsoft.Authorization',
  'Microsoft.Network',
  'Microsoft.ContainerService',
  'Microsoft.Compute',
];

/** Namespaces every subscription can always use (Azure never asks to register these). */
const ALWAYS_REGISTERED = ['microsoft.resources', 'microsoft.authorization'];
const REGISTRATION_AZURE_SECONDS = 30;

export type RegistrationState = 'Registered' | 'NotRegistered' | 'Registering';

interface Registration {
  state?: RegistrationState;
  /** When a registration started (ms), so Registering turns Registered after its simulated time. */
  since?: number;
}

const keyOf = (ns: string) => `/subscriptions/${SUBSCRIPTION_ID}/providers/${ns.toLowerCase()}`;

export function registrationState(ctx: EmulatorContext, namespace: string): RegistrationState {
  if (ALWAYS_REGISTERED.includes(namespace.toLowerCase())) return 'Registered';
  const reg = ctx.store.internal<Registration>(keyOf(namespace));
  if (!reg.state) return DEFAULT_REGISTERED.some((n) => n.toLowerCase() === namespace.toLowerCase()) ? 'Registered' : 'NotRegistered';
  if (reg.state === 'Registering' && ctx.now() - (reg.since ?? 0) >= (REGISTRATION_AZURE_SECONDS * 1000) / ctx.speed) {
    reg.state = 'Registered';
  }
  return reg.state;
}

export function setRegistrationState(ctx: EmulatorContext, namespace: string, state: RegistrationState): void {
  const reg = ctx.store.internal<Registration>(keyOf(namespace));
  reg.state = state;
  reg.since = ctx.now();
}
