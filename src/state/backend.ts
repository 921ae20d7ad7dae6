/**
 * Where a deployment's state is kept, behind one contract: a local file (file-backend.ts) or a blob in
 * Azure Storage (blob/backend.ts). Both write atomically, refuse a write that would silently replace
 * another run's, and give one run at a time the lock. StateStore and loadState work on either.
 */
import type { LockInfo, StateLock } from './lock.js';

export interface StateBackend {
  readonly kind: 'file' | 'blob';
  /** What messages name and `--state` repeats: the file path or the `az://` URL, as given. */
  readonly location: string;
  /**
   * A local path whose directory holds what never leaves this machine (run logs, the jumphost's private
   * key, the embedded emulator's data): the file itself, or a blob's local mirror path (location.ts).
   */
  readonly localPath: string;
  /** The stored document, or undefined when there is none yet. */
  read(): Promise<string | undefined>;
  /**
   * Replaces the stored document atomically. The blob backend writes only over the version it last read
   * or wrote (its ETag) and only under its own lease: anything else fails instead of overwriting.
   */
  write(text: string): Promise<void>;
  /** Takes the run lock (exit 5 naming the holder when another live run has it). */
  /** `mustExist`: refuse (NoStateFile) instead of starting a new state, for commands that need one. */
  lock(command: string, what?: string, options?: { mustExist?: boolean }): Promise<StateLock>;
  /** The run holding the lock now, or undefined. */
  holder(): Promise<LockInfo | undefined>;
}
