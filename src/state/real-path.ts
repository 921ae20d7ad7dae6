/**
 * The file a `--state` path really names. Symlinks are followed (a dangling one too: its target is where
 * the state will be written), so a save replaces the target and keeps the link, and two paths to one
 * state file share one lock and one set of files beside it. Only node built-ins here, so a child process
 * in tests can load it on its own (location.ts is built-ins only too).
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { localStatePath } from './location.js';

/** Linux gives up after 40 links (ELOOP); so do we, and leave the error to the open that follows. */
const MAX_LINKS = 40;

export function realStatePath(file: string): string {
  // A blob state's local companions (logs, key, emulator data) live beside its local mirror path.
  let path = resolve(localStatePath(file));
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    try {
      path = resolve(realpathSync(dirname(path)), basename(path));
    } catch {
      return path; // the directory does not exist yet: it is created as given
    }
    let link: boolean;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      return path; // no such file yet
    }
    if (!link) return path;
    path = resolve(dirname(path), readlinkSync(path));
  }
  return path;
}
