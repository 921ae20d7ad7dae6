/**
 * A wait is said where the user reads (in-process, against a test emulator with faults):
 * a capped Retry-After names what Azure asked for, a stalled request is cut off by the request timeout and
 * named in the step's progress line, and neither prints a stack trace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-waits-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SHORT = { SECURE_AKS_RETRY_AFTER_CAP: '1', SECURE_AKS_REQUEST_TIMEOUT: '1' };
const args = (rg: string, state: string) => [
  ...endpointFlags(emu),
  '--non-interactive',
  '--yes',
  '-g',
  rg,
  '-n',
  'aks-w',
  '-l',
  'eastus',
  '--state',
  join(work, state),
];

describe('waits are bounded and said', () => {
  it('plan: a 429 asking for 3600 s is waited for at the cap, and the line says both', async () => {
    await emu.control.fault({
      method: 'GET',
      path: 'resourcegroups/rg-w429$',
      kind: 'status',
      status: 429,
      retryAfter: 3600,
      times: 1,
    });
    const started = Date.now();
    const r = await runMain(['plan', ...args('rg-w429', 'plan.json')], SHORT, { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stderr).toMatch(
      /GET resourcegroups\/rg-w429: Azure answered 429 TooManyRequests\. Azure asked to retry after 3600 s; retrying in 1 s \(1 of 10\)/,
    );
    expect(r.stderr).not.toMatch(/InternalError|\n\s+at /);
  }, 90_000);

  it('init: a stalled VNet PUT is abandoned after the request timeout and sent again; the step line says so', async () => {
    await emu.control.fault({ method: 'PUT', path: 'virtualNetworks/vnet-aks-w$', kind: 'stall', times: 1 });
    const r = await runMain(['init', ...args('rg-wstall', 'init.json')], SHORT, { cwd: work });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toMatch(/PUT virtualNetworks\/vnet-aks-w: Azure did not answer within 1 s, retrying in 1 s \(1 of 6\)/);
    expect(r.stderr).not.toMatch(/InternalError|\n\s+at /);
  }, 150_000);
});
