import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/core/errors.js';
import { errorWithoutResume, withoutResume } from '../../src/engine/resume-advice.js';

describe('advice where there is nothing to resume', () => {
  it('turns every "resume" phrasing the remediations use into "run the same command again"', () => {
    expect(withoutResume('Fix the cause Azure reports above, then resume with `secure-aks status --resume`.')).toBe(
      'Fix the cause Azure reports above, then run the same command again.',
    );
    expect(withoutResume('Wait a minute and run `secure-aks status --resume`.')).toBe('Wait a minute and run the same command again.');
    expect(withoutResume('Run `secure-aks status --resume` to finish the Bastion step.')).toBe(
      'Run the same command again to finish the Bastion step.',
    );
    expect(withoutResume('Retry with `secure-aks status --resume`.')).toBe('Run the same command again.');
    expect(withoutResume('Nothing to do with resuming here.')).toBe('Nothing to do with resuming here.');
  });

  it('rewrites a typed error in place, keeping its class, code and exit status', () => {
    const e = errorWithoutResume(new AuthError('AuthorizationFailed', 'no', 'Ask for Owner, then run `secure-aks status --resume`.'));
    expect(e).toBeInstanceOf(AuthError);
    expect(e.exitCode).toBe(4);
    expect(e.remediation).toBe('Ask for Owner, then run the same command again.');
  });
});
