/**
 * What stops the emulator from starting that the one starting it can fix, as usage errors (exit 2) naming
 * the path or port and what to do: `secure-aks emulator` and `--emulator` runs both start it.
 */
import { mkdirSync, statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { StoreFileCorrupt } from './core/store.js';

/** Creates the data directory (mode 0700) or refuses a path that cannot be one. */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (statSync(dataDir).isDirectory()) return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(
        'EmulatorDataUnwritable',
        `Cannot create the emulator data directory ${dataDir} (${code}).`,
        'Pass a --data directory you can write to, or fix its permissions.',
      );
    }
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
  }
  throw new UsageError(
    'EmulatorDataNotDirectory',
    `The emulator data path ${dataDir} (or a folder above it) is a file, not a directory.`,
    'Move that file aside, or use a directory: `secure-aks emulator --data <dir>` (created if missing); `--emulator` keeps its data in `.<state file name>.emulator/` beside the state file.',
  );
}

/** The error to show for a failed start, or the original one when it is not the user's to fix. */
export function startError(err: unknown, port: number | undefined): unknown {
  if (err instanceof StoreFileCorrupt) {
    return new UsageError(
      'EmulatorStoreCorrupt',
      err.message,
      `Move it aside (e.g. mv ${err.file} ${err.file}.bad) to start with an empty emulator, or restore it from a copy. Nothing in it was changed.`,
    );
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new UsageError(
      'EmulatorPortInUse',
      `Port ${port} on 127.0.0.1 is already in use.`,
      'Pass another --port, or --port 0 for any free port; or stop the program listening on it.',
    );
  }
  if (code === 'EACCES' && (err as NodeJS.ErrnoException).syscall === 'listen') {
    return new UsageError(
      'EmulatorPortNotAllowed',
      `Listening on port ${port} is not allowed for this user (EACCES).`,
      'Pass a port from 1024 up, or --port 0 for any free port.',
    );
  }
  return err;
}
