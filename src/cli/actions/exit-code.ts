import { ExitCode, type SecureAksError } from '../../core/errors.js';

/** A run's exit status: 0 when every step is done, else its error's (a step failed: 1). */
export function exitCodeOf(result: { status: string; error?: SecureAksError }): number {
  return result.status === 'done' ? ExitCode.ok : (result.error?.exitCode ?? ExitCode.stepFailed);
}
