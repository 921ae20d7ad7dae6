/**
 * `--create-state-account` on init and plan: the storage account and container of an `az://` state, made
 * in the deployment's resource group before the run takes its lease (the lease needs the container), and
 * shown by plan among step 1's creates. The configuration is resolved before the state can be read, so
 * every value comes from flags, env or --config (or the state, when the store already exists): nothing is
 * asked before the store is there.
 */
import { resourceNames } from '../../config/names.js';
import type { ResolvedConfig } from '../../config/types.js';
import type { AzureContext } from '../../azure/context.js';
import { rolePropagationPolicy, withRetries } from '../../azure/retry.js';
import { CONTAINER_TYPE, STORAGE_ACCOUNT_TYPE, ensureStateStore, planStateStore, type StateStoreSpec } from '../../azure/state-account.js';
import { SecureAksError, UsageError } from '../../core/errors.js';
import type { Change } from '../../core/step.js';
import { resourceTags } from '../../core/tags.js';
import type { RunResult } from '../../engine/result.js';
import type { StateBackend } from '../../state/backend.js';
import type { StateLock } from '../../state/lock.js';
import { blobLocation } from '../../state/location.js';
import { StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import type { DeployOptions } from '../commands/deploy-options.js';
import type { Factory } from '../factory.js';
import { deploymentIdFor, prepareDeployment } from './prepare.js';

/** What the blob backend says while the store (account or container) is not there yet. */
const STORE_MISSING = new Set(['StateContainerNotFound', 'StateAccountNotFound']);
/**
 * What it also says while the store is missing (a new account's name does not resolve yet; no data role
 * yet), but equally for an existing store the run cannot reach (network rules, a private endpoint) or may
 * not read: taken as "not created" only until ARM says the account and container exist.
 */
const STORE_MAYBE_MISSING = new Set(['StateUnreachable', 'StatePermissionDenied']);
/** Per run: whether the state read worked, found no store, or failed in a way ARM must tell apart. */
const storeRead = new WeakMap<Factory, 'readable' | 'missing' | SecureAksError>();

function specOf(state: string): StateStoreSpec {
  const loc = blobLocation(state);
  if (!loc)
    throw new UsageError(
      'CreateStateAccountNeedsBlobState',
      `--create-state-account creates the storage account of a shared state, but --state ${state} is a local file.`,
      'Pass --state az://<storage account>/<container>/<path>, or leave out --create-state-account.',
    );
  return { account: loc.account, container: loc.container };
}

/** The backend as it reads while its store does not exist yet: no state. */
function notYetCreated(backend: StateBackend): StateBackend {
  const refuse = () => Promise.reject(new Error('The state store is created before anything is written to it.'));
  return {
    kind: backend.kind,
    location: backend.location,
    localPath: backend.localPath,
    read: async () => undefined,
    write: refuse,
    lock: refuse,
    holder: async () => undefined,
  };
}

/** The state, or none while the account or container is missing. */
async function readableState(f: Factory): Promise<StateBackend> {
  try {
    await StateStore.open(f.state());
    storeRead.set(f, 'readable');
    return f.state();
  } catch (err) {
    if (err instanceof SecureAksError && (STORE_MISSING.has(err.code) || STORE_MAYBE_MISSING.has(err.code))) {
      storeRead.set(f, STORE_MISSING.has(err.code) ? 'missing' : err);
      return notYetCreated(f.state());
    }
    throw err;
  }
}

/** The Azure helpers' context for the store: this deployment's group, location and tags. */
async function storeContext(f: Factory, ctx: CommandContext, o: DeployOptions): Promise<AzureContext> {
  // Nothing is asked: a prompt now would be asked again once the state is readable.
  const session = f.session();
  const quiet = {
    ...session,
    io: new Proxy(session.io, {
      get: (target, key) => {
        if (key === 'interactive') return false;
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }),
  };
  const prepared = await prepareDeployment(ctx, o, quiet, await readableState(f));
  const config: ResolvedConfig = prepared.config;
  // The clients need the target resolved (flags, or what the state records).
  await f.target(prepared.store?.state.target);
  const deploymentId = prepared.store?.state.deploymentId ?? deploymentIdFor(config);
  return {
    config,
    names: resourceNames(config),
    deploymentId,
    tags: resourceTags(deploymentId, config.tags),
    azure: f.clients(config.subscriptionId),
    progress: (message) => session.io.notify({ code: 'info', message }),
    recordOperation: async () => undefined,
    inFlight: () => undefined,
    signal: ctx.signal,
  };
}

/**
 * init: creates what is missing of the store, then takes the lease. A data role this run granted takes
 * minutes to apply: until then the blob answers 403, which is waited out, said, within the propagation budget.
 */
export async function createStateStoreAndLock(f: Factory, ctx: CommandContext, o: DeployOptions, command: string): Promise<StateLock> {
  const spec = specOf(o.common.state);
  const azure = await storeContext(f, ctx, o);
  const { created, roleCreated } = await ensureStateStore(azure, spec, { dataAccess: storeRead.get(f) === 'readable' });
  for (const change of created)
    f.session().io.notify({ code: 'info', message: `state store: created ${change.resourceType} ${change.name}` });
  if (roleCreated) {
    // Reading needs the same role as the lease: once a read is allowed, so is the lease.
    const waiting = rolePropagationPolicy(azure.azure.waits, {
      matches: (error) => error instanceof SecureAksError && error.code === 'StatePermissionDenied',
      exhausted: (error) => error as Error,
    });
    await withRetries(azure, 'state store data role', [waiting], () => f.state().read());
  }
  return f.lock(command);
}

/** plan: what the store would need, as creates of step 1 (the step that makes the resource group). */
export async function withStateStorePlan(f: Factory, ctx: CommandContext, o: DeployOptions, result: RunResult): Promise<RunResult> {
  const changes = await planStateStore(await storeContext(f, ctx, o), specOf(o.common.state));
  // The store exists, so its state could not be read for another reason: planning a new deployment would be false.
  const missed = storeRead.get(f);
  const storeExists = !changes.some(
    (c) => c.action === 'create' && (c.resourceType === STORAGE_ACCOUNT_TYPE || c.resourceType === CONTAINER_TYPE),
  );
  if (missed instanceof SecureAksError && storeExists) throw missed;
  const store: Change[] = changes
    .filter((c) => c.resourceType !== 'Microsoft.Resources/resourceGroups')
    .map((c) => ({ ...c, note: c.note ? `state store; ${c.note}` : 'state store' }));
  return { ...result, steps: result.steps.map((s) => (s.id === 'identity' ? { ...s, changes: [...store, ...(s.changes ?? [])] } : s)) };
}

/** plan reads the state as it is, or none while --create-state-account has yet to create its store. */
export async function planState(f: Factory, o: { createStateAccount?: boolean }): Promise<StateBackend> {
  return o.createStateAccount ? readableState(f) : f.state();
}
