/**
 * --record through the built CLI: a `plan` against a separately started emulator writes its ARM traffic as
 * one cassette named after the command, without the bearer token, and that cassette replays against a
 * fresh emulator with every compared interaction matched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayFiles } from '../../src/conformance/run.js';
import { runCli, useSeparateEmulator } from './run-cli.js';
import { SPEED } from '../helpers/speeds.js';

const e = useSeparateEmulator('record', SPEED.fast);

describe('--record (built CLI)', () => {
  it('plan --record <dir> writes plan-<timestamp>.yaml that holds no token and replays matched', async () => {
    const dir = join(e.work, 'cassettes');
    const args = ['plan', '--arm-endpoint', e.url, '--arm-ca', e.caFile, '--non-interactive', '-o', 'json', '-l', 'eastus'];
    const r = await runCli([...args, '-g', 'rg-rec', '-n', 'aks-rec', '--state', join(e.work, 'rec.json'), '--record', dir]);
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
    const dir = join(e.work, 'from-env');
    const args = ['plan', '--arm-endpoint', e.url, '--arm-ca', e.caFile, '--non-interactive', '-o', 'json', '-l', 'eastus'];
    const r = await runCli([...args, '-g', 'rg-env', '-n', 'aks-env', '--state', join(e.work, 'env.json')], {
      env: { SECURE_AKS_RECORD: dir },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^plan-.*\.yaml$/)]);
  });
});
