/**
 * Every failure is reported and journaled, or the output says why it could not be: a step error whose
 * Azure message quotes a token is journaled with the token redacted, and a state file that cannot be
 * written (the disk is full) is named with the cause instead of "The state is saved".
 *
 * The full disk is injected at the state store's file-system boundary (atomic.ts), the only place the
 * store touches the disk; the Azure side is the emulator with an injected fault.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/** Writes of a state file whose content matches this are refused with ENOSPC, like a full disk. */
const disk = vi.hoisted(() => ({ fullFrom: undefined as RegExp | undefined, full: false }));

vi.mock('../../src/core/atomic.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/atomic.js')>();
  return {
    ...real,
    writeFileAtomic: async (file: string, data: string | Uint8Array, options?: Parameters<typeof real.writeFileAtomic>[2]) => {
      const ours = file.includes('secure-aks-journal-') && file.endsWith('.json');
      if (ours && disk.fullFrom?.test(String(data))) disk.full = true;
      if (ours && disk.full) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
      return real.writeFileAtomic(file, data, options);
    },
  };
});

const emu = useTestEmulator({ speed: SPEED.instant });
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ';
let work: string;
let n = 0;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-journal-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(async () => {
  disk.fullFrom = undefined;
  disk.full = false;
  await emu.control.fault({
    kind: 'status',
    method: 'PUT',
    path: '/routeTables/rt-',
    status: 400,
    code: 'RouteTableRefused',
    message: `The token ${JWT} was rejected.`,
  });
});

const stateFile = () => join(work, `state-${++n}.json`);
const readState = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('a step error that quotes a token', () => {
  it('is journaled and reported with the token redacted: the step shows failed with code and message', async () => {
    const file = stateFile();
    const r = await runMain(initArgs(emu, file));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ +3\. Egress .* failed/);
    expect(r.stdout).toContain('RouteTableRefused');
    expect(r.stdout).toContain('[redacted: a JSON Web Token]');
    expect(r.stdout).toContain('The state is saved');
    const state = readFileSync(file, 'utf8');
    expect(state).not.toContain(JWT);
    expect(readState(file).steps['egress-route']).toMatchObject({
      status: 'failed',
      error: { code: 'RouteTableRefused', message: expect.stringContaining('[redacted: a JSON Web Token]') },
    });
    expect(r.stdout + r.stderr).not.toContain(JWT);
  });

  it('-o json carries the redacted error at the top and on the step', async () => {
    const file = stateFile();
    const r = await runMain([...initArgs(emu, file), '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toMatchObject({ code: 'RouteTableRefused', message: expect.stringContaining('[redacted: a JSON Web Token]') });
    expect(doc.steps.find((s: { id: string }) => s.id === 'egress-route')).toMatchObject({
      status: 'failed',
      error: { code: 'RouteTableRefused' },
    });
    expect(doc.stateSaved).toBeUndefined();
    expect(r.stdout).not.toContain(JWT);
  });
});

describe('a state file that cannot be written', () => {
  it('says so with the path and the cause, never "The state is saved"; the step still shows its own failure', async () => {
    const file = stateFile();
    // The disk fills up as the route table step's failure is journaled.
    disk.fullFrom = /"egress-route": \{\s*"status": "failed"/;
    const r = await runMain(initArgs(emu, file));
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('The state is saved');
    expect(r.stdout).toContain(`the state was NOT saved: Could not write the state file ${file}: ENOSPC`);
    expect(r.stdout).toContain(`secure-aks status --resume --state ${file}`);
    expect(r.stdout).toMatch(/✖ +3\. Egress .* failed/);
    expect(r.stdout).toContain('RouteTableRefused');
    expect(r.stdout + r.stderr).not.toMatch(/InternalError|\n\s+at /);
    // The file holds the last state that could be written: the step had started, nothing more.
    expect(readState(file).steps['egress-route'].status).toBe('running');
  });

  it('-o json: error StateNotSaved with the path and ENOSPC, stateSaved false, each step with its real status', async () => {
    const file = stateFile();
    disk.fullFrom = /"egress-route": \{\s*"status": "failed"/;
    const r = await runMain([...initArgs(emu, file), '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.stateSaved).toBe(false);
    expect(doc.error).toMatchObject({
      code: 'StateNotSaved',
      message: expect.stringContaining(file),
      remediation: expect.stringContaining('status --resume'),
    });
    expect(doc.error.message).toContain('ENOSPC');
    expect(doc.steps.find((s: { id: string }) => s.id === 'egress-route')).toMatchObject({
      status: 'failed',
      error: { code: 'RouteTableRefused' },
    });
  });

  it('a step whose start cannot be journaled does not start, and is reported failed with the reason', async () => {
    const file = stateFile();
    await emu.control.clearFaults();
    disk.fullFrom = /"egress-route": \{\s*"status": "running"/;
    await emu.control.clearRequests();
    const r = await runMain([...initArgs(emu, file), '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.steps.find((s: { id: string }) => s.id === 'egress-route')).toMatchObject({
      status: 'failed',
      error: { code: 'StateNotSaved' },
    });
    const routeTableWrites = (await emu.control.requests()).filter((x) => x.method === 'PUT' && /routeTables/i.test(x.path));
    expect(routeTableWrites).toEqual([]);
  });

  it('a brand-new state file that cannot be written: nothing started, run the same command again', async () => {
    const file = stateFile();
    disk.fullFrom = /./;
    const r = await runMain([...initArgs(emu, file), '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('StateNotSaved');
    expect(doc.error.remediation).toContain('the same command again');
    expect(doc.error.remediation).not.toContain('--resume');
    expect(existsSync(file)).toBe(false);
  });
});
