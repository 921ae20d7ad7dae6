import { describe, expect, it } from 'vitest';
import { statusExit } from '../../src/cli/actions/status-exit.js';
import type { StepResult } from '../../src/engine/result.js';

const step = (status: StepResult['status'], errorCode?: string): StepResult => ({
  number: 1,
  id: 'identity',
  title: 't',
  status,
  ...(errorCode ? { error: { code: errorCode, message: 'm' } } : {}),
});
const clean = { drifted: false, steps: [] };
const drifted = { drifted: true, steps: [] };
/** One done step's drift check errored (e.g. a GET answered 500 on every try): Azure could not say. */
const stepUnchecked = {
  drifted: false,
  steps: [
    {
      number: 2,
      id: 'network' as const,
      title: 't',
      drifted: false,
      differences: [],
      changes: [],
      error: { code: 'InternalServerError', message: 'm' },
    },
  ],
};
/** Azure could not be reached at all. */
const unreachable = { drifted: false, failed: true, steps: [] };

describe('statusExit: the worst finding wins', () => {
  it.each([
    [[step('done'), step('skipped')], clean, 0, 'healthy'],
    [[step('done'), step('pending')], clean, 14, 'incomplete'],
    [[step('done'), step('running')], clean, 14, 'incomplete'],
    [[step('done'), step('failed', 'Interrupted'), step('pending')], clean, 14, 'incomplete'],
    [[step('done')], drifted, 13, 'drifted'],
    [[step('pending'), step('done')], drifted, 13, 'drifted'],
    [[step('interrupted'), step('done')], drifted, 12, 'interrupted'],
    [[step('failed', 'Conflict'), step('interrupted')], drifted, 11, 'failed'],
    [[step('done')], stepUnchecked, 13, 'unchecked'],
    [[step('done')], unreachable, 13, 'unchecked'],
    [[step('done'), step('pending')], stepUnchecked, 13, 'unchecked'],
    [[step('interrupted')], stepUnchecked, 12, 'interrupted'],
  ] as const)('%j with %j exits %i (%s)', (steps, drift, code, reason) => {
    expect(statusExit(steps, drift)).toEqual({ code, reason });
  });

  it('drift found outranks a check that could not run (both 13; the word says which)', () => {
    expect(statusExit([step('done')], { ...stepUnchecked, drifted: true })).toEqual({ code: 13, reason: 'drifted' });
  });
});
