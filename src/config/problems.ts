import { UsageError } from '../core/errors.js';

/**
 * One thing wrong with the configuration: a usage error that also says which config keys it concerns,
 * so the CLI can point at the flag, env var or file line each value came from.
 */
export class ConfigProblem extends UsageError {
  constructor(
    code: string,
    readonly fields: readonly string[],
    message: string,
    remediation?: string,
  ) {
    super(code, message, remediation);
    this.name = 'ConfigProblem';
  }
}

/**
 * Every problem found, reported together (fixing one mistake per run is a poor loop). Its code is the
 * single problem's code when there is one, so scripts matching on codes keep working.
 */
export class ConfigInvalidError extends UsageError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      problems.length === 1 ? problems[0].code : 'ConfigInvalid',
      problems.length === 1
        ? problems[0].message
        : `The configuration has ${problems.length} problems:\n` +
            problems.map((p) => `- ${p.message}${p.remediation ? ` ${p.remediation}` : ''}`).join('\n'),
      problems.length === 1 ? problems[0].remediation : 'Fix each value listed above and run the command again.',
    );
    this.name = 'ConfigInvalidError';
  }
}
