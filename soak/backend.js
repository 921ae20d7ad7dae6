/**
 * Where the soak keeps each deployment's state: a local file (the default), or a blob on Azurite started in
 * this process (`--backend azurite`), so every run of the soak goes through the shared-state backend: its
 * ETag-conditional writes, its lease lock and its snapshots. Azurite outlives every killed CLI, as Azure
 * Storage would. A killed run's lease stays held until it expires (SECURE_AKS_STATE_LEASE_SECONDS, the
 * shortest Azure allows): a follow-up refused for it waits for the lease and tries again, and those waits
 * are counted on their own, never as another resume.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBlobEmulator, AZURITE_ACCOUNT } from '../dist/emulator/blob/azurite.js';
import { containerClient } from '../dist/state/blob/access.js';

/** The shortest lease Azure allows: a killed run's lock is free 15 s after its last renewal. */
const LEASE_SECONDS = 15;
const CONTAINER = 'soak';
const META = { revision: 'secureaksrevision' };

/** The file backend: what the soak always did. */
function fileBackend(work) {
  return {
    name: 'file',
    env: {},
    stateFor: (n) => join(work, `state-${n}.json`),
    hasState: async (state) => existsSync(state),
    read: async (state) => (existsSync(state) ? readFileSync(state, 'utf8') : undefined),
    check: async () => [],
    leased: async () => false,
    waitForLease: async () => false,
    stop: async () => undefined,
  };
}

async function azuriteBackend(work) {
  const azurite = await startBlobEmulator({ dataDir: join(work, 'azurite') });
  const access = { endpoint: azurite.endpoint, caFile: azurite.caFile };
  const container = await containerClient(AZURITE_ACCOUNT, CONTAINER, access);
  await container.createIfNotExists();
  const blobOf = (state) => container.getBlockBlobClient(state.slice(`az://${AZURITE_ACCOUNT}/${CONTAINER}/`.length));
  const props = async (state) => {
    try {
      return await blobOf(state).getProperties();
    } catch (err) {
      if (err.statusCode === 404) return undefined;
      throw err;
    }
  };
  const revisionOf = (metadata) => Number(metadata?.[META.revision] ?? 0);

  async function versions(state) {
    const name = blobOf(state).name;
    const out = [];
    for await (const item of container.listBlobsFlat({ prefix: name, includeSnapshots: true, includeMetadata: true }))
      if (item.name === name && item.snapshot) out.push({ version: item.snapshot, revision: revisionOf(item.metadata) });
    return out.sort((a, b) => (a.version < b.version ? 1 : -1));
  }

  return {
    name: 'azurite',
    env: {
      SECURE_AKS_STATE_ENDPOINT: azurite.endpoint,
      SECURE_AKS_STATE_CA: azurite.caFile,
      SECURE_AKS_STATE_LEASE_SECONDS: String(LEASE_SECONDS),
    },
    stateFor: (n) => `az://${AZURITE_ACCOUNT}/${CONTAINER}/run-${n}.json`,
    /** An empty blob is the placeholder a lock made before the first write: no state yet, as the CLI reads it. */
    hasState: async (state) => Boolean((await props(state))?.contentLength),
    read: async (state) => {
      const p = await props(state);
      return p?.contentLength ? (await blobOf(state).downloadToBuffer()).toString('utf8') : undefined;
    },
    /**
     * What the blob itself says after a finished run: no lease left held, the document parses, every kept
     * version parses, revisions only ever go up, and the final version is kept (a run snapshots it when it
     * releases the lease). Each problem is a lost or unkept state.
     */
    async check(state) {
      const problems = [];
      const p = await props(state);
      if (!p?.contentLength) return ['the state blob is missing or empty'];
      if (p.leaseState === 'leased') problems.push('the lease is still held after the run ended');
      try {
        JSON.parse((await blobOf(state).downloadToBuffer()).toString('utf8'));
      } catch {
        problems.push('the state blob does not parse');
      }
      const kept = await versions(state);
      const current = revisionOf(p.metadata);
      if (!kept.length) problems.push('no version of the state is kept');
      else if (kept[0].revision !== current)
        problems.push(`the newest kept version is revision ${kept[0].revision}, the blob is at ${current}`);
      for (let i = 1; i < kept.length; i++)
        if (kept[i].revision >= kept[i - 1].revision)
          problems.push(`kept versions go backwards: revision ${kept[i].revision} is older than ${kept[i - 1].revision}`);
      for (const v of kept) {
        try {
          JSON.parse((await blobOf(state).withSnapshot(v.version).downloadToBuffer()).toString('utf8'));
        } catch {
          problems.push(`kept version ${v.version} (revision ${v.revision}) does not parse`);
        }
      }
      return problems;
    },
    /** Whether a run holds the state's lease now (right after a kill: the killed run's, until it expires). */
    leased: async (state) => (await props(state))?.leaseState === 'leased',
    /** Waits until nobody holds the state's lease (a killed run's expires); false when it never came free. */
    async waitForLease(state) {
      const until = Date.now() + (LEASE_SECONDS * 2 + 10) * 1000;
      while (Date.now() < until) {
        if ((await props(state))?.leaseState !== 'leased') return true;
        await new Promise((r) => setTimeout(r, 1000));
      }
      return false;
    },
    stop: () => azurite.close(),
  };
}

export function openBackend(name, work) {
  if (name === 'file') return fileBackend(work);
  if (name === 'azurite') return azuriteBackend(work);
  throw new Error(`--backend ${name} is not file or azurite.`);
}
