/**
 * Remediations are written for a run that has a state file: "then run `secure-aks status --resume`".
 * Where nothing was started (preflight, plan, an init that stopped before its state file existed) there
 * is nothing to resume, and the honest advice is to run the same command again.
 */
import type { SecureAksError } from '../core/errors.js';

const RESUME = /\b(resume with|retry with|run) `secure-aks status --resume`/gi;

export function withoutResume(text: string): string {
  return text.replace(RESUME, (_match, verb: string) => `${/^[A-Z]/.test(verb) ? 'Run' : 'run'} the same command again`);
}

/** The same error, its remediation rewritten by withoutResume (typed errors keep their class and code). */
export function errorWithoutResume<E extends SecureAksError>(error: E): E {
  if (error.options.remediation) error.options.remediation = withoutResume(error.options.remediation);
  return error;
}
