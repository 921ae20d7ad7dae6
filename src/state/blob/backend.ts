/**
 * A deployment's state as a block blob, the way Terraform's azurerm backend keeps one: the run lock is a
 * lease on the state blob itself (a new state starts as an empty blob to hold it), renewed while the run
 * lives and left to expire when it dies; every write is conditional on the ETag this run last read or
 * wrote and carries the lease id, so no write can silently replace another run's. A snapshot keeps each
 * run's starting and final version for `state history` / `state restore`
 * (https://learn.microsoft.com/rest/api/storageservices/lease-blob,
 * https://learn.microsoft.com/rest/api/storageservices/snapshot-blob,
 * https://learn.microsoft.com/azure/storage/blobs/concurrency-manage).
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { LockError, UsageError } from '../../core/errors.js';
import type { StateBackend } from '../backend.js';
import { localStatePath, type BlobStateLocation } from '../location.js';
import type { LockInfo, StateLock } from '../lock.js';
import { processIdentity } from '../process-identity.js';
import { containerClient, type BlobAccess } from './access.js';
import { leaseLost, stateChanged, storageCode, storageError } from './errors.js';
import { holdLease } from './held-leases.js';
import { META, encode, holderOf, revisionOf, summarize, summaryOf, type VersionSummary } from './metadata.js';

/** Lease length (Azure allows 15-60 s or infinite); renewed every third of it. A killed run's lease is free this long after its last renewal. */
export const DEFAULT_LEASE_SECONDS = 60;
/** Snapshots kept per state blob; older ones are deleted when a run ends. */
export const SNAPSHOTS_KEPT = 50;

/** How often a held lease is renewed: three chances per lease period, so one slow or failed renewal does not lose it. */
export function renewalSeconds(lease: number): number {
  return Math.floor(lease / 3);
}

export interface StateVersion {
  /** The snapshot's timestamp, which `state restore` takes. */
  version: string;
  revision: number;
  summary: VersionSummary;
}

export function leaseSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.SECURE_AKS_STATE_LEASE_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_LEASE_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 15 || n > 60)
    throw new UsageError(
      'InvalidLeaseSeconds',
      `SECURE_AKS_STATE_LEASE_SECONDS="${raw}" is not a whole number of seconds from 15 to 60 (Azure's lease bounds).`,
      'Unset it (60 s) or set e.g. 30.',
    );
  return n;
}

function holderInfo(command: string): LockInfo {
  // Boot id and start time: a later process reusing the pid on this host is not taken for the holder.
  const identity = processIdentity('self');
  const ci = process.env.GITHUB_ACTIONS === 'true' && process.env.GITHUB_RUN_ID;
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = undefined;
  }
  return {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: new Date().toISOString(),
    ...(identity ? { process: identity } : {}),
    ...(user ? { user } : {}),
    ...(ci
      ? { runUrl: `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` }
      : {}),
  };
}

export function describeBlobHolder(info: LockInfo): string {
  const who = info.user ? `${info.user} on ${info.host}` : info.host;
  return `pid ${info.pid} of ${who}, command "${info.command}", started ${info.startedAt}${info.runUrl ? ` (${info.runUrl})` : ''}`;
}

async function bodyOf(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A lease whose holder has not recorded itself yet (it has just acquired it), or a holder of another tool. */
function unnamedHolder(): LockInfo {
  return {
    pid: 0,
    host: 'a host not recorded yet (a run that is just starting, or another tool)',
    command: 'unknown',
    startedAt: 'unknown',
  };
}

function noState(loc: BlobStateLocation): UsageError {
  return new UsageError(
    'NoStateFile',
    `There is no state at ${loc.url}.`,
    `Check the path (\`secure-aks list --backend az://${loc.account}/${loc.container}\` shows the states there).`,
  );
}

/** What a run that takes over an expired or broken lease says about the run that held it. */
function tookOver(what: string, url: string, before: { leaseState?: string; metadata?: Record<string, string> }): { tookOver?: string } {
  const previous = holderOf(before.metadata);
  if (!previous) return {};
  const why =
    before.leaseState === 'broken'
      ? 'its lease was broken (if that run is still alive, it stops at its next write)'
      : 'its lease expired without being released (that run stopped)';
  return { tookOver: `Took over the ${what} on ${url} of ${describeBlobHolder(previous)}: ${why}.` };
}

function withoutHolder(metadata: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([k]) => k !== META.holder));
}

export class BlobStateBackend implements StateBackend {
  readonly kind = 'blob' as const;
  readonly location: string;
  private container?: Promise<ContainerClient>;
  /** The version this run last read or wrote; a write over any other is refused. */
  private etag: string | undefined;
  private revision = 0;
  private leaseId: string | undefined;
  private holding: LockInfo | undefined;
  private lost: Error | undefined;
  private renewal: NodeJS.Timeout | undefined;
  /** Drops this lease from the ones a hard exit gives back. */
  private forget: (() => void) | undefined;

  constructor(
    readonly loc: BlobStateLocation,
    private readonly access: BlobAccess,
    private readonly lease = DEFAULT_LEASE_SECONDS,
  ) {
    this.location = loc.url;
  }

  get localPath(): string {
    return localStatePath(this.loc.url);
  }

  private containerClient(): Promise<ContainerClient> {
    return (this.container ??= containerClient(this.loc.account, this.loc.container, this.access));
  }

  private async blob(): Promise<BlockBlobClient> {
    return (await this.containerClient()).getBlockBlobClient(this.loc.blob);
  }

  /** Runs a storage call, turning what Azure refuses into an error naming the account, container or role. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storageError(this.loc, err) ?? err;
    }
  }

  async read(): Promise<string | undefined> {
    const blob = await this.blob();
    try {
      // One response carries the content with its ETag and metadata: a write between a download and a
      // separate properties call would pair old content with the new ETag, and a later write would pass.
      const res = await blob.download(0, undefined, this.leaseId ? { conditions: { leaseId: this.leaseId } } : {});
      const buffer = await bodyOf(res.readableStreamBody);
      this.etag = res.etag;
      this.revision = revisionOf(res.metadata);
      // An empty blob is the placeholder a lock made before the first write: no state yet.
      return buffer.length === 0 ? undefined : buffer.toString('utf8');
    } catch (err) {
      const { status, code } = storageCode(err);
      if (status === 404 && code === 'BlobNotFound') {
        this.etag = undefined;
        this.revision = 0;
        return undefined;
      }
      throw storageError(this.loc, err) ?? err;
    }
  }

  async write(text: string): Promise<void> {
    if (this.lost) throw this.lost;
    const blob = await this.blob();
    const metadata: Record<string, string> = {
      [META.revision]: String(this.revision + 1),
      [META.summary]: encode(summarize(text)),
      ...(this.holding ? { [META.holder]: encode(this.holding) } : {}),
    };
    const body = Buffer.from(text, 'utf8');
    try {
      const res = await blob.upload(body, body.length, {
        metadata,
        blobHTTPHeaders: { blobContentType: 'application/json' },
        conditions: {
          ...(this.etag ? { ifMatch: this.etag } : { ifNoneMatch: '*' }),
          ...(this.leaseId ? { leaseId: this.leaseId } : {}),
        },
      });
      this.etag = res.etag;
      this.revision += 1;
    } catch (err) {
      const { status, code } = storageCode(err);
      if (status === 412 && code === 'ConditionNotMet') throw stateChanged(this.loc, this.etag, err);
      if (status === 409 && code === 'BlobAlreadyExists') throw stateChanged(this.loc, this.etag, err);
      throw storageError(this.loc, err) ?? err;
    }
  }

  async holder(): Promise<LockInfo | undefined> {
    const blob = await this.blob();
    try {
      const props = await blob.getProperties();
      // A lease being broken still holds until its break period ends: the holder is named until then.
      if (props.leaseState !== 'leased' && props.leaseState !== 'breaking') return undefined;
      return holderOf(props.metadata) ?? unnamedHolder();
    } catch (err) {
      if (storageCode(err).status === 404) return undefined;
      throw storageError(this.loc, err) ?? err;
    }
  }

  /**
   * Takes the lease. `mustExist`: a command that only works on an existing state (pull, restore) refuses
   * a missing blob instead of leaving an empty placeholder behind in the team's container.
   */
  async lock(command: string, what = 'state lease', { mustExist = false } = {}): Promise<StateLock> {
    const blob = await this.blob();
    if (mustExist && !(await this.call(() => blob.exists()))) throw noState(this.loc);
    // A lease needs a blob: a new state starts as an empty one, which read() takes for "no state yet".
    await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((err: unknown) => {
      // The blob is there already: 409 BlobAlreadyExists or 412 ConditionNotMet, or, when another run holds
      // its lease, 412 LeaseIdMissing (Azure may check the lease before the condition): the lease says who.
      const { status } = storageCode(err);
      if (status !== 409 && status !== 412) throw storageError(this.loc, err) ?? err;
    });
    const before = await this.call(() => blob.getProperties());
    const leaseClient = blob.getBlobLeaseClient(randomUUID());
    try {
      await leaseClient.acquireLease(this.lease);
    } catch (err) {
      const { status, code } = storageCode(err);
      if (status === 409 && code === 'LeaseAlreadyPresent') throw await this.heldError(what);
      throw storageError(this.loc, err) ?? err;
    }
    this.leaseId = leaseClient.leaseId;
    this.lost = undefined;
    const info = holderInfo(command);
    this.holding = info;
    try {
      // Metadata as it is now, under our lease: a run that released just before we acquired may have written since `before`.
      const current = await this.call(() => blob.getProperties());
      const set = await this.call(() =>
        blob.setMetadata({ ...current.metadata, [META.holder]: encode(info) }, { conditions: { leaseId: this.leaseId } }),
      );
      this.etag = set.etag;
      this.revision = revisionOf(current.metadata);
      this.startRenewal(leaseClient);
      this.forget = holdLease(() => leaseClient.releaseLease());
      await this.keepVersion();
    } catch (err) {
      this.forget?.();
      // Nothing may keep the lease (or its renewal) alive once lock() has failed: the caller has no lock to release.
      this.stopRenewal();
      this.leaseId = undefined;
      this.holding = undefined;
      await leaseClient.releaseLease().catch(() => undefined);
      throw err;
    }
    return {
      file: this.loc.url,
      info,
      ...(before.leaseState === 'expired' || before.leaseState === 'broken' ? tookOver(what, this.loc.url, before) : {}),
      release: () => this.release(leaseClient),
    };
  }

  private async heldError(what: string): Promise<LockError> {
    const holder = await this.holder().catch(() => undefined);
    const who = holder ? describeBlobHolder(holder) : 'a run that did not say who it is';
    if (holder?.stopped)
      return new LockError(
        `A secure-aks run that has stopped still holds the ${what} on ${this.loc.url}: ${who} (${holder.stopped}).`,
        `Its lease frees itself at most ${this.lease} s after its last renewal; run the same command again then and it takes over.`,
      );
    return new LockError(
      `Another secure-aks run holds the ${what} on ${this.loc.url}: ${who}.`,
      `Wait for that run to finish: it releases the lease when it ends. A live run renews it every ${renewalSeconds(this.lease)} s; if that run was stopped (killed, its machine gone), the lease frees itself at most ${this.lease} s after its last renewal, and the same command run again then takes over. Only if you are sure that run is gone, break the lease at once: az storage blob lease break --auth-mode login --lease-break-period 0 --account-name ${this.loc.account} --container-name ${this.loc.container} --blob-name ${this.loc.blob}`,
    );
  }

  private startRenewal(leaseClient: ReturnType<BlockBlobClient['getBlobLeaseClient']>): void {
    const every = renewalSeconds(this.lease) * 1000;
    let renewed = Date.now();
    this.renewal = setInterval(() => {
      leaseClient.renewLease().then(
        () => void (renewed = Date.now()),
        (err: unknown) => {
          const { status } = storageCode(err);
          // 409/412: another run has the lease now. Otherwise (network, timeout) try again next time, but once
          // a whole lease period passed without a renewal, another run may have taken it: stop writing.
          if (status === 409 || status === 412 || Date.now() - renewed >= this.lease * 1000) {
            this.lost = leaseLost(this.loc, err);
            this.stopRenewal();
          }
        },
      );
    }, every);
    this.renewal.unref();
  }

  private stopRenewal(): void {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = undefined;
  }

  private async release(leaseClient: ReturnType<BlockBlobClient['getBlobLeaseClient']>): Promise<void> {
    if (!this.leaseId) return;
    this.stopRenewal();
    this.forget?.();
    const leaseId = this.leaseId;
    this.leaseId = undefined;
    if (this.lost) return;
    const blob = await this.blob();
    try {
      await this.keepVersion({ prune: true });
      const props = await blob.getProperties();
      this.etag = (await blob.setMetadata(withoutHolder(props.metadata), { conditions: { leaseId } })).etag;
    } finally {
      this.holding = undefined;
      // Released even when keeping the version failed: the next run must not wait for the lease to expire.
      await leaseClient.releaseLease();
    }
  }

  private async snapshots(): Promise<StateVersion[]> {
    const container = await this.containerClient();
    const versions: StateVersion[] = [];
    for await (const item of container.listBlobsFlat({ prefix: this.loc.blob, includeSnapshots: true, includeMetadata: true })) {
      if (item.name !== this.loc.blob || !item.snapshot) continue;
      versions.push({ version: item.snapshot, revision: revisionOf(item.metadata), summary: summaryOf(item.metadata) });
    }
    return versions.sort((a, b) => (a.version < b.version ? 1 : -1));
  }

  /**
   * Snapshots the current version unless it is kept already (or is the empty placeholder). Old versions are
   * pruned to the newest SNAPSHOTS_KEPT only when a run ends (`prune`): a run that takes the lock to restore
   * a version must still find it.
   */
  private async keepVersion({ prune = false } = {}): Promise<void> {
    const blob = await this.blob();
    const props = await this.call(() => blob.getProperties());
    const revision = revisionOf(props.metadata);
    if (!props.contentLength || revision === 0) return;
    const kept = await this.call(() => this.snapshots());
    const fresh = kept[0]?.revision !== revision;
    if (fresh) await this.call(() => blob.createSnapshot({ metadata: withoutHolder(props.metadata) }));
    if (!prune) return;
    // Room for the one just taken; a run that kept nothing new drops nothing.
    for (const old of kept.slice(fresh ? SNAPSHOTS_KEPT - 1 : SNAPSHOTS_KEPT))
      await blob
        .withSnapshot(old.version)
        .delete()
        .catch(() => undefined);
  }

  /** The current blob's revision and summary (what `state history` marks as current); undefined when there is no state yet. */
  async current(): Promise<{ revision: number; summary: VersionSummary } | undefined> {
    const blob = await this.blob();
    try {
      const props = await blob.getProperties();
      return props.contentLength ? { revision: revisionOf(props.metadata), summary: summaryOf(props.metadata) } : undefined;
    } catch (err) {
      if (storageCode(err).status === 404) return undefined;
      throw storageError(this.loc, err) ?? err;
    }
  }

  /** The kept versions, newest first. */
  history(): Promise<StateVersion[]> {
    return this.call(() => this.snapshots());
  }

  /** The document of one kept version; undefined when there is no such snapshot. */
  async readVersion(version: string): Promise<string | undefined> {
    const blob = (await this.blob()).withSnapshot(version);
    try {
      return (await blob.downloadToBuffer()).toString('utf8');
    } catch (err) {
      if (storageCode(err).status === 404) return undefined;
      throw storageError(this.loc, err) ?? err;
    }
  }
}
