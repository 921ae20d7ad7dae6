/** The default backend: a local JSON file, written atomically (temp, fsync, rename) and locked by `<file>.lock`. */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic.js';
import type { StateBackend } from './backend.js';
import { acquireLock, liveHolder, type LockInfo, type StateLock } from './lock.js';
import { notWritable } from './not-writable.js';
import { realStatePath } from './real-path.js';

export class FileStateBackend implements StateBackend {
  readonly kind = 'file' as const;

  constructor(readonly location: string) {}

  get localPath(): string {
    return this.location;
  }

  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.location, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new UsageError(
        'StateFileUnreadable',
        `Cannot read state file ${this.location} (${(err as NodeJS.ErrnoException).code}).`,
        'Check the --state path and its permissions.',
      );
    }
  }

  /** A symlink is followed: the rename replaces its target, and the link stays a link. Mode 0600, directory 0700. */
  async write(text: string): Promise<void> {
    const target = realStatePath(this.location);
    try {
      await writeFileAtomic(target, text, { mode: 0o600, dirMode: 0o700 });
    } catch (err) {
      throw notWritable(err, dirname(target), 'the state file') ?? err;
    }
  }

  lock(command: string, what?: string): Promise<StateLock> {
    return acquireLock(this.location, command, what);
  }

  holder(): Promise<LockInfo | undefined> {
    return liveHolder(this.location);
  }
}
