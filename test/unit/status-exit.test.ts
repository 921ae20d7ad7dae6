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
const clean = { drifted: false };
const drifted = { drifted: true };

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
  ] as const)('%j with %j exits %i (%s)', (steps, drift, code, reason) => {
    expect(statusExit(steps, drift)).toEqual({ code, reason });
  });
});
