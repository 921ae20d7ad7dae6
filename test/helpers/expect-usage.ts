import { expect } from 'vitest';

/** A usage error as a person reads it: exit 2, `Error <code>:`, the sentence, what to do, no stack trace. */
export function expectUsage(r: { code: number | null; stderr: string }, code: string, says: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^Error ${code}: `, 'm'));
  // The sentence however the width wrapped it (a spawned CLI writing to a pipe lays text out at 80 columns).
  expect(r.stderr.replace(/\s*\n\s*/g, ' ')).toMatch(says);
  expect(r.stderr).toMatch(/^What to do: /m);
  expect(r.stderr).not.toMatch(/InternalError|\n\s+at /);
}
