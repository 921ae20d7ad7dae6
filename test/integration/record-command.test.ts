/**
 * --record in-process: a `plan` against a test emulator writes its ARM traffic as
 * one cassette named after the command, without the bearer token, and that cassette replays against a
 * fresh emulator with every compared interaction matched.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFiles } from '../../src/conformance/run.js';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator({ speed: 600 });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-record-command-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('--record', () => {
  it('plan --record <dir> writes plan-<timestamp>.yaml that holds no token and replays matched', async () => {
    const dir = join(work, 'cassettes');
    const args = ['plan', ...endpointFlags(emu), '--non-interactive', '-o', 'json', '-l', 'eastus'];
    const r = await runMain([...args, '-g', 'rg-rec', '-n', 'aks-rec', '--state', join(work, 'rec.json'), '--record', dir]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^plan-\d{8}T\d{6}Z\.yaml$/);
    const text = readFileSync(join(dir, files[0]), 'utf8');
    // Against a loopback endpoint the client factory signs every call with this fixed bearer token.
    expect(text).not.toContain('emulator-token');
    expect(text).not.toMatch(/^\s*authorization:/im);

    const run = await replayFiles([join(dir, files[0])]);
    expect(run.summary.compared, run.lines.join('\n')).toBeGreaterThan(10);
    expect(run.summary.matched, run.lines.join('\n')).toBe(run.summary.compared);
  });

  it('SECURE_AKS_RECORD records too', async () => {
    const dir = join(work, 'from-env');
    const args = ['plan', ...endpointFlags(emu), '--non-interactive', '-o', 'json', '-l', 'eastus'];
    const r = await runMain([...args, '-g', 'rg-env', '-n', 'aks-env', '--state', join(work, 'env.json')], { SECURE_AKS_RECORD: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^plan-.*\.yaml$/)]);
  });
});
