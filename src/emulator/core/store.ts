/**
 * The emulator's store: resources keyed by lower-cased id, plus private per-id data. With a data
 * directory it persists to store.json (temp file + rename, so a crash never leaves half a file),
 * batching every mutation of one event-loop turn into one write.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource, Store } from './contract.js';
import { resourceGroupId } from './ids.js';

interface StoreFile {
  version: 1;
  resources: ArmResource[];
  internal: Record<string, object>;
}

const key = (id: string) => id.toLowerCase();

/** store.json cannot be used (not JSON, or not the store's shape): the file and why, for the one who starts us. */
export class StoreFileCorrupt extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`The emulator store ${file} is not usable: ${reason}.`);
    this.name = 'StoreFileCorrupt';
  }
}

function readStoreFile(file: string): StoreFile {
  let data: Partial<StoreFile> | null;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreFile> | null;
  } catch (err) {
    throw new StoreFileCorrupt(file, err instanceof SyntaxError ? `it is not valid JSON (${err.message})` : (err as Error).message);
  }
  const validResources = Array.isArray(data?.resources) && data.resources.every((r) => typeof r?.id === 'string');
  if (!data || typeof data !== 'object' || !validResources || typeof data.internal !== 'object' || data.internal === null) {
    throw new StoreFileCorrupt(file, "it does not hold the emulator's resources");
  }
  return data as StoreFile;
}

export class EmulatorStore implements Store {
  private resources = new Map<string, ArmResource>();
  private privateData = new Map<string, object>();
  private flushPending: NodeJS.Immediate | undefined;
  private readonly file: string | undefined;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'store.json');
    if (existsSync(this.file)) {
      const data = readStoreFile(this.file);
      for (const r of data.resources) this.resources.set(key(r.id), r);
      for (const [id, value] of Object.entries(data.internal)) this.privateData.set(key(id), value);
    }
  }

  get(id: string): ArmResource | undefined {
    return this.resources.get(key(id));
  }

  /**
   * ARM keeps the casing a resource was created with: a later write through a differently cased URL
   * updates it but neither renames it nor re-cases its id.
   */
  put(resource: ArmResource): void {
    const prior = this.resources.get(key(resource.id));
    const sameName = prior && prior.name.toLowerCase() === resource.name.toLowerCase();
    const kept =
      prior && (prior.id !== resource.id || (sameName && prior.name !== resource.name))
        ? { ...resource, id: prior.id, name: sameName ? prior.name : resource.name }
        : resource;
    this.resources.set(key(resource.id), kept);
    this.changed();
  }

  delete(id: string): boolean {
    this.privateData.delete(key(id));
    const existed = this.resources.delete(key(id));
    this.changed();
    return existed;
  }

  /** Deletes a resource and everything whose id lies below it (children, extension resources). */
  deleteTree(id: string): number {
    const prefix = key(id) + '/';
    let count = 0;
    for (const k of [...this.resources.keys()]) {
      if (k === key(id) || k.startsWith(prefix)) {
        this.resources.delete(k);
        count++;
      }
    }
    for (const k of [...this.privateData.keys()]) if (k === key(id) || k.startsWith(prefix)) this.privateData.delete(k);
    this.changed();
    return count;
  }

  under(prefix: string, type?: string): ArmResource[] {
    const p = key(prefix) + '/';
    return [...this.resources.entries()]
      .filter(([k, r]) => k.startsWith(p) && (!type || r.type.toLowerCase() === type.toLowerCase()))
      .map(([, r]) => r);
  }

  children(parentId: string, type: string): ArmResource[] {
    const depth = parentId.split('/').filter(Boolean).length + 2;
    return this.under(parentId, type).filter((r) => r.id.split('/').filter(Boolean).length === depth);
  }

  all(): ArmResource[] {
    return [...this.resources.values()];
  }

  resourceGroupExists(subscriptionId: string, name: string): boolean {
    return this.resources.has(key(resourceGroupId(subscriptionId, name)));
  }

  /** Callers may mutate the returned object: every access schedules a save. */
  internal<T extends object>(id: string): T {
    let value = this.privateData.get(key(id));
    if (!value) {
      value = {};
      this.privateData.set(key(id), value);
    }
    this.changed();
    return value as T;
  }

  /** Private data for reading only (no save scheduled); call `touch()` after changing it. */
  peekInternal<T extends object>(id: string): T {
    let value = this.privateData.get(key(id));
    if (!value) {
      value = {};
      this.privateData.set(key(id), value);
    }
    return value as T;
  }

  /** Schedules a save after a change made through `peekInternal`. */
  touch(): void {
    this.changed();
  }

  clear(): void {
    this.resources.clear();
    this.privateData.clear();
    this.changed();
  }

  /** Writes pending changes now (on close, so nothing batched is lost). */
  flush(): void {
    if (this.flushPending) clearImmediate(this.flushPending);
    this.flushPending = undefined;
    if (!this.file) return;
    const data: StoreFile = { version: 1, resources: this.all(), internal: Object.fromEntries(this.privateData) };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  private changed(): void {
    if (!this.file || this.flushPending) return;
    this.flushPending = setImmediate(() => this.flush());
  }
}
