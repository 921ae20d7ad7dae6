import type { TokenCredential } from '@azure/core-auth';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import type { MonitorClient } from '@azure/arm-monitor';
import type { SecurityCenter } from '@azure/arm-security';
import type { PolicyClient } from '@azure/arm-policy';
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import type { StorageManagementClient } from '@azure/arm-storage';
import type { CloudName } from '../config/regions.js';
import type { RetryWaits } from './retry.js';

/** Where a deployment points: recorded in the state file so status/verify/destroy reach the same place. */
export interface CloudTarget {
  kind: 'azure' | 'emulator' | 'endpoint';
  cloud: CloudName;
  armEndpoint: string;
  /** Path of the CA certificate PEM to trust (emulator / custom endpoint). */
  caFile?: string;
  /** --emulator: the data directory of the embedded emulator. */
  emulatorData?: string;
}

/**
 * SDK clients, created lazily (each command loads only the packages it uses) by src/azure/clients.ts with
 * one shared pipeline configuration: endpoint, TLS trust, retry options and the verbose logging policy.
 */
export interface AzureClients {
  readonly subscriptionId: string;
  readonly target: CloudTarget;
  /** The x-ms-correlation-request-id every request of this run carries (clients.ts). */
  readonly correlationId: string;
  readonly credential: TokenCredential;
  network(): Promise<NetworkManagementClient>;
  containerService(): Promise<ContainerServiceClient>;
  resources(): Promise<ResourceManagementClient>;
  authorization(): Promise<AuthorizationManagementClient>;
  compute(): Promise<ComputeManagementClient>;
  msi(): Promise<ManagedServiceIdentityClient>;
  /** Log Analytics workspaces (monitoring, Defender). */
  operationalInsights(): Promise<OperationalInsightsManagementClient>;
  /** Data collection rules and their associations (monitoring). */
  monitor(): Promise<MonitorClient>;
  /** Defender for Cloud plans, only read. */
  security(): Promise<SecurityCenter>;
  policy(): Promise<PolicyClient>;
  keyVault(): Promise<KeyVaultManagementClient>;
  privateDns(): Promise<PrivateDnsManagementClient>;
  /** Storage accounts and containers (only `--create-state-account` uses it). */
  storage(): Promise<StorageManagementClient>;
  /** The object id of the principal running the wizard. */
  callerPrincipalId(): Promise<string>;
  /** Entra token for the AKS server application (scope 6dae42f8-4368-4678-94ff-3960e28e3630/.default), for runCommand. */
  clusterToken(): Promise<string>;
  /** LRO poll interval in ms (small against the emulator, SDK default against Azure). */
  readonly pollIntervalMs: number;
  /** Bounds and back-off of the retry module's waits (retry.ts). */
  readonly waits: RetryWaits;
}
