/**
 * The blob state backend against Azurite (the official Storage emulator, in this process): the same contract
 * as the local file (no state, placeholder, round trip, a write over someone else's version refused), the
 * storage refusals a user can cause named with what to do, and the lease lock's life: renewed while a run
 * outlasts the lease, a lost lease stops every write, released (holder gone) when the run ends, and a
 * version kept at lock and release without duplicates.
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { RestError } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { ExitCode, SecureAksError } from '../../src/core/errors.js';
import { describeHolder } from '../../src/drift/check.js';
import { BlobStateBackend, SNAPSHOTS_KEPT } from '../../src/state/blob/backend.js';
import { storageError } from '../../src/state/blob/errors.js';
import { META } from '../../src/state/blob/metadata.js';
import { blobLocation } from '../../src/state/location.js';
import { AZURITE_ACCOUNT, useTestAzurite } from '../helpers/azurite.js';

const azurite = useTestAzurite();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A backend of `url` on this Azurite with a 15 s lease. */
function open(url: string): BlobStateBackend {
  return new BlobStateBackend(blobLocation(url)!, { endpoint: azurite.endpoint, caFile: azurite.caFile }, 15);
}

/** A backend of a fresh blob in an existing container, and the blob as another client sees it. */
async function backend(container = 'states') {
  const url = azurite.url(container, `team/${randomUUID()}.json`);
  const b = open(url);
  return { b, url, blob: (await azurite.container(container)).getBlockBlobClient(blobLocation(url)!.blob) };
}

const doc = (n: number) => JSON.stringify({ deploymentId: 'd-1', command: 'init', updatedAt: `2026-01-0${n}`, steps: {} });

async function failure(p: Promise<unknown>): Promise<SecureAksError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecureAksError);
  return err as SecureAksError;
}

describe('the backend contract', () => {
  it('reads no state when there is no blob, and when there is only the empty placeholder of a lock', async () => {
    const { b } = await backend();
    expect(await b.read()).toBeUndefined();
    const lock = await b.lock('init');
    expect(await b.read()).toBeUndefined();
    await lock.release();
    expect(await open(b.loc.url).read()).toBeUndefined();
  });

  it('reads back what it wrote, with and without the lock', async () => {
    const { b, url } = await backend();
    await b.write(doc(1));
    expect(await b.read()).toBe(doc(1));
    const lock = await b.lock('init');
    await b.write(doc(2));
    await lock.release();
    expect(await open(url).read()).toBe(doc(2));
  });

  it('refuses a write over a version someone else wrote after this run read it, keeping theirs', async () => {
    const { b, blob } = await backend();
    await b.write(doc(1));
    expect(await b.read()).toBe(doc(1));
    await blob.upload(doc(3), doc(3).length);
    const err = await failure(b.write(doc(2)));
    expect(err.code).toBe('StateChangedElsewhere');
    expect(err.exitCode).toBe(ExitCode.locked);
    expect(err.message).toContain('nothing was overwritten');
    expect((await blob.downloadToBuffer()).toString()).toBe(doc(3));
  });

  it('refuses to create a state another run created first', async () => {
    const { b, blob } = await backend();
    expect(await b.read()).toBeUndefined();
    await blob.upload(doc(3), doc(3).length);
    expect((await failure(b.write(doc(1)))).code).toBe('StateChangedElsewhere');
    expect((await blob.downloadToBuffer()).toString()).toBe(doc(3));
  });
});

describe('storage refusals a user can cause', () => {
  it('names a missing container and how to create it (exit 2)', async () => {
    const b = open(azurite.url(`missing-${Date.now()}`, 'x.json'));
    for (const attempt of [b.read(), b.lock('init')]) {
      const err = await failure(attempt);
      expect(err.code).toBe('StateContainerNotFound');
      expect(err.exitCode).toBe(ExitCode.usage);
      expect(err.message).toContain(`container ${b.loc.container} of storage account ${AZURITE_ACCOUNT}`);
      expect(err.options.remediation).toContain('az storage container create --auth-mode login');
    }
  });

  it('names an account the endpoint does not serve', async () => {
    const err = await failure(open('az://otheraccount/states/x.json').read());
    expect(err.code).toBe('StateAccountNotFound');
    expect(err.exitCode).toBe(ExitCode.usage);
    expect(err.message).toContain('Storage account otheraccount');
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it('maps 403 AuthorizationPermissionMismatch to exit 4 naming the data role', () => {
    // Azurite grants every valid token every right, so Azure's refusal is built the way the SDK reports it.
    const refused = new RestError('This request is not authorized to perform this operation using this permission.', {
      statusCode: 403,
      code: 'AuthorizationPermissionMismatch',
    });
    const err = storageError(blobLocation('az://acct/states/x.json')!, refused)!;
    expect(err.code).toBe('StatePermissionDenied');
    expect(err.exitCode).toBe(ExitCode.auth);
    expect(err.message).toContain('container states of storage account acct');
    expect(err.options.remediation).toContain('Storage Blob Data Contributor');
  });

  it('maps 403 AuthorizationFailure (network rules) to exit 4 naming the network, not a role', () => {
    const refused = new RestError('This request is not authorized to perform this operation.', {
      statusCode: 403,
      code: 'AuthorizationFailure',
    });
    const err = storageError(blobLocation('az://acct/states/x.json')!, refused)!;
    expect(err.code).toBe('StateNetworkDenied');
    expect(err.exitCode).toBe(ExitCode.auth);
    expect(err.message).toMatch(/network rules/);
    expect(err.options.remediation).not.toContain('Storage Blob Data Contributor');
  });
});

describe('the lease lock', () => {
  it('refuses a second run while the first holds it, naming the holder', async () => {
    const { b, url } = await backend();
    const lock = await b.lock('init');
    const second = open(url);
    const err = await failure(second.lock('status'));
    expect(err.code).toBe('StateLocked');
    expect(err.exitCode).toBe(ExitCode.locked);
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toContain('command "init"');
    expect(err.options.remediation).toContain('az storage blob lease break');
    expect(await second.holder()).toMatchObject({ pid: process.pid, command: 'init' });
    await lock.release();
  });

  it("names a pipeline holder's user and CI run", async () => {
    const { b, url } = await backend();
    const ci = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'team/infra', GITHUB_RUN_ID: '42' };
    const saved = Object.fromEntries(Object.keys(ci).map((k) => [k, process.env[k]]));
    Object.assign(process.env, ci);
    const lock = await b.lock('init').finally(() => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });
    const holder = (await open(url).holder())!;
    expect(holder.runUrl).toBe('https://github.com/team/infra/actions/runs/42');
    expect(describeHolder(holder)).toBe(
      `an init run (pid ${process.pid} on ${hostname()} as ${userInfo().username}, started ${holder.startedAt}, https://github.com/team/infra/actions/runs/42)`,
    );
    await lock.release();
  });

  it.concurrent(
    'keeps the lease through a run longer than the lease (renewal)',
    async () => {
      const { b, blob } = await backend();
      const lock = await b.lock('init');
      await b.write(doc(1));
      await sleep(21_000);
      expect((await blob.getProperties()).leaseState).toBe('leased');
      await b.write(doc(2));
      const thief = blob.getBlobLeaseClient(randomUUID());
      await expect(thief.acquireLease(15)).rejects.toMatchObject({ statusCode: 409 });
      await lock.release();
      expect((await blob.downloadToBuffer()).toString()).toBe(doc(2));
    },
    40_000,
  );

  it.concurrent(
    'stops writing once another client broke the lease and took it, overwriting nothing',
    async () => {
      const { b, blob } = await backend();
      const lock = await b.lock('init');
      await b.write(doc(1));
      const other = blob.getBlobLeaseClient(randomUUID());
      await other.breakLease(0);
      await other.acquireLease(15);
      await blob.upload(doc(3), doc(3).length, { conditions: { leaseId: other.leaseId } });
      // The renewal (every 5 s) finds the lease gone too: writes stay refused after the other run lets it go.
      await sleep(6_000);
      await other.releaseLease();
      const err = await failure(b.write(doc(2)));
      expect(err.code).toBe('StateLeaseLost');
      expect(err.exitCode).toBe(ExitCode.locked);
      // Refused by what the renewal was told (a lease operation), before this write reached Azure at all.
      expect(err.cause).toMatchObject({ statusCode: 409, code: 'LeaseIdMismatchWithLeaseOperation' });
      expect((await blob.downloadToBuffer()).toString()).toBe(doc(3));
      await lock.release();
      // Releasing a lost lease touches nothing: the other run's version and metadata stay.
      expect((await blob.getProperties()).leaseState).toBe('available');
      expect((await blob.downloadToBuffer()).toString()).toBe(doc(3));
    },
    30_000,
  );

  it('is free and names no holder once the run released it', async () => {
    const { b, blob } = await backend();
    const lock = await b.lock('init');
    expect((await blob.getProperties()).metadata?.[META.holder]).toBeTruthy();
    await b.write(doc(1));
    await lock.release();
    await lock.release();
    const props = await blob.getProperties();
    expect(props.leaseState).toBe('available');
    expect(props.metadata?.[META.holder]).toBeUndefined();
    expect(await b.holder()).toBeUndefined();
  });
});

describe('kept versions', () => {
  it('keeps a version at lock and at release, none twice for an unchanged revision', async () => {
    const { b } = await backend();
    let lock = await b.lock('init');
    expect(await b.history()).toEqual([]); // the placeholder is no version
    await b.write(doc(1));
    await b.write(doc(2));
    await lock.release();
    expect((await b.history()).map((v) => v.revision)).toEqual([2]);
    lock = await b.lock('status');
    await lock.release(); // nothing written: the version is kept already
    expect((await b.history()).map((v) => v.revision)).toEqual([2]);
    lock = await b.lock('init');
    await b.write(doc(3));
    await lock.release();
    const history = await b.history();
    expect(history.map((v) => v.revision)).toEqual([3, 2]);
    expect(history[0].summary).toMatchObject({ deploymentId: 'd-1', command: 'init', updatedAt: '2026-01-03' });
    expect(await b.readVersion(history[1].version)).toBe(doc(2));
  });

  it(`keeps at most ${SNAPSHOTS_KEPT}`, async () => {
    const { b } = await backend();
    for (let i = 1; i <= SNAPSHOTS_KEPT + 2; i++) {
      const lock = await b.lock('init');
      await b.write(doc(i % 10));
      await lock.release();
    }
    const history = await b.history();
    expect(history).toHaveLength(SNAPSHOTS_KEPT);
    expect(history[0].revision).toBe(SNAPSHOTS_KEPT + 2);
    // Taking the lock again without a write keeps them all (no version is dropped for nothing).
    await (await b.lock('status')).release();
    expect(await b.history()).toHaveLength(SNAPSHOTS_KEPT);
  }, 60_000);
});
