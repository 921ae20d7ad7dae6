import { UsageError } from '../core/errors.js';

const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * A state directory the user cannot write (read-only mount, another owner, chmod a-w) is theirs to fix:
 * say which directory and how, instead of a raw EACCES. Undefined for any other error.
 */
export function notWritable(err: unknown, dir: string, what: string): UsageError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !DENIED.has(code)) return undefined;
  return new UsageError(
    'StateDirNotWritable',
    `Cannot write ${what} in ${dir} (${code}): the directory is not writable.`,
    'Make that directory writable for this user, or pass --state <file> in a directory you can write.',
  );
}
