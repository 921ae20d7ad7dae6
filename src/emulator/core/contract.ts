/**
 * The contract between the emulator's core (HTTP, TLS, routing, store, LRO engine, faults, control API)
 * and its resource providers (resources, network, containerservice, compute, authorization, msi).
 *
 * A provider is a list of routes. The core matches routes case-insensitively (ARM paths are), collapses
 * repeated slashes, records every request, applies injected faults, enforces the caller's permissions
 * and turns a thrown ArmError into ARM's error body `{ error: { code, message, target?, details? } }`.
 */

import type { StrictRule } from './strict-rules.js';
import type { DurationKey } from './timing.js';

/** A resource as ARM returns it on GET (and as the control API lists it). */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown>;
  sku?: Record<string, unknown>;
  etag?: string;
  zones?: string[];
  kind?: string;
  properties?: Record<string, any>;
  [extra: string]: unknown;
}

/** An ARM error the core serialises as `{ error: { code, message, target?, details? } }`. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { target?: string; details?: Array<{ code: string; message: string }>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export interface ArmRequest {
  method: string;
  /** Path with repeated slashes collapsed, original case, no query string. */
  path: string;
  query: URLSearchParams;
  apiVersion: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when empty). */
  body: any;
  /** Named route parameters, e.g. { subscriptionId, resourceGroupName, virtualNetworkName }. */
  params: Record<string, string>;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The store: every resource keyed by its id (case-insensitive). Child resources (subnets, routes, security
 * rules, rule collection groups, role assignments, DNS records) are stored as their own entries so the
 * control API can list them; a parent's GET composes them with `children()`.
 */
export interface Store {
  get(id: string): ArmResource | undefined;
  put(resource: ArmResource): void;
  delete(id: string): boolean;
  /** Deletes a resource and everything below its id (children, extension resources); returns how many. */
  deleteTree(id: string): number;
  /** Every resource whose id starts with `prefix + '/'` (case-insensitive), optionally only of a type. */
  under(prefix: string, type?: string): ArmResource[];
  /** Direct children of `parentId` of the given type (e.g. Microsoft.Network/virtualNetworks/subnets). */
  children(parentId: string, type: string): ArmResource[];
  all(): ArmResource[];
  /** Resource groups: `/subscriptions/{s}/resourceGroups/{rg}` entries are ordinary resources. */
  resourceGroupExists(subscriptionId: string, name: string): boolean;
  /** Private data a provider keeps beside a resource (never returned by GET), e.g. node pool VM list. */
  internal<T extends object>(id: string): T;
}

export type LroMode = 'azure-async-operation' | 'location';

export interface LroOptions {
  /** The resource the operation acts on; it answers GET with `inFlightState` while running. */
  resourceId: string;
  mode: LroMode;
  /** Simulated duration in REAL Azure seconds; the core divides by the speed factor. */
  azureSeconds: number;
  /** provisioningState shown while running (Creating / Updating / Deleting; Succeeded when the resource is in place at once). */
  inFlightState: 'Creating' | 'Updating' | 'Deleting' | 'Succeeded';
  /**
   * What happens when the simulated time is up, computed up front so an operation survives an emulator
   * restart (the store and in-flight operations persist as data, never as closures):
   * - `final`: the resource as it ends (PUT), stored with provisioningState Succeeded and returned by the
   *   final GET / status body;
   * - `effects`: other store writes that land at completion (e.g. the AKS node resource group and its
   *   private endpoint, or deleting a resource and everything under it);
   * - `error`: end the operation Failed with this ARM code and message (the resource keeps
   *   provisioningState Failed);
   * - `failed`: the resource as it reads should the operation fail (stored with provisioningState Failed;
   *   by default the resource as it was in flight), e.g. a cluster whose new node pool is left Failed.
   * `result` is the body of the final Location poll (POST actions such as runCommand results).
   */
  outcome: LroOutcome;
  /** Status of the initial response: 201 for creates, 200 for updates, 202 for deletes and POST actions. */
  initialStatus: 200 | 201 | 202;
  /** Body of the initial response (for PUT: the resource with provisioningState = inFlightState). */
  initialBody?: unknown;
  /**
   * Azure-AsyncOperation operations that also hand out a Location URL for the same operation (network and
   * compute deletes answer 202 with both; clients poll the first and read the result from the second).
   * `monitor`: the Location is the status URL with `monitor=true`, as Microsoft.Compute hands it out.
   */
  alsoLocation?: boolean | 'monitor';
  /** `Retry-After` (seconds) on the initial answer, as Microsoft.Network sends on its first answers. */
  initialRetryAfter?: number;
}

export type StoreEffect = { put: ArmResource } | { delete: string; recursive?: boolean };

export interface LroOutcome {
  final?: ArmResource;
  effects?: StoreEffect[];
  error?: { code: string; message: string };
  failed?: ArmResource;
  result?: unknown;
}

export interface Lro {
  /** Start an operation, register it for polling, and return the initial response with the right headers. */
  start(req: ArmRequest, options: LroOptions): ArmResponse;
  /** True while an operation is running on this resource id (for 409 AnotherOperationInProgress). */
  inFlight(resourceId: string): boolean;
}

export interface EmulatorContext {
  store: Store;
  lro: Lro;
  /** The speed factor: simulated seconds per real second. */
  speed: number;
  /** Base URL of this emulator, e.g. https://127.0.0.1:8443 (for poll URLs). */
  baseUrl: string;
  /** Deterministic-looking GUID. */
  newGuid(): string;
  /** Regions this emulator serves (lowercase names such as eastus). */
  regions: readonly string[];
  /** Current time in ms (simulated clock equals the real clock; only durations are scaled). */
  now(): number;
  /** The calling principal's effective permissions (see PUT /_emulator/caller). */
  caller(): { actions: string[]; notActions: string[]; principalId: string };
  /** A stored resource as ARM's GET shows it (a provider's `views` entry composes children). */
  present(resource: ArmResource): ArmResource;
  /** Whether a strictness rule is on (all are unless a test relaxed one; see core/strictness.ts). */
  strict(rule: StrictRule): boolean;
  /** Azure seconds an operation of this kind takes under the timing profile (see core/timing.ts). */
  seconds(key: DurationKey): number;
  /** The blob service linked beside this emulator (Azurite), if any: containers created through ARM are made there too. */
  blobService?: BlobDataPlane;
}

/** The data plane of the storage accounts a linked blob service serves. */
export interface BlobDataPlane {
  /** Creates the container when `account` is one the service serves (a no-op for any other account). */
  createContainer(account: string, container: string): Promise<void>;
}

export type RouteHandler = (req: ArmRequest, ctx: EmulatorContext) => ArmResponse | Promise<ArmResponse>;

export interface Route {
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST' | 'HEAD';
  /**
   * Path template with `{name}` parameters, matched case-insensitively against the whole path, e.g.
   * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}`.
   * A parameter named `{scope*}` matches one or more segments (for role assignments at any scope).
   */
  path: string;
  /**
   * The Azure RBAC action this route needs, e.g. Microsoft.Network/virtualNetworks/write. `{param}`
   * placeholders are filled from the route's parameters (e.g. `{resourceProviderNamespace}/register/action`).
   */
  action?: string;
  handler: RouteHandler;
}

export interface Provider {
  /** e.g. Microsoft.Network */
  namespace: string;
  routes: Route[];
  /**
   * How a stored resource of a type (key: the type, e.g. Microsoft.Network/virtualNetworks; any case)
   * looks on GET when the core answers for it: the generic GET by id, generic lists and the control API.
   * Use it to compose child entries into the parent (subnets into a VNet).
   */
  views?: Record<string, (resource: ArmResource, ctx: EmulatorContext) => ArmResource>;
}
