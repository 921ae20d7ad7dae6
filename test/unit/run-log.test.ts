import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logLineOf, RunLog, runLogDir } from '../../src/io/run-log.js';

const work = mkdtempSync(join(tmpdir(), 'secure-aks-run-log-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the run log', () => {
  it('is made on its first line, 0600, beside the state file, and redacts what looks like a secret', async () => {
    const warnings: string[] = [];
    const log = new RunLog(join(work, 'a', 'state.json'), 'status --resume', (m) => warnings.push(m), new Date('2026-01-02T03:04:05.678Z'));
    expect(log.path).toBe(join(runLogDir(join(work, 'a', 'state.json')), '2026-01-02T03-04-05-678Z-status-resume.log'));
    expect(log.written).toBe(false);
    log.line(
      'error X: a message quoting eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl and https://h/b?sv=1&sig=QUJDREVGR0hJSktMTU5PUA%3D%3D',
    );
    await log.close();
    log.line('after close: dropped');
    const text = readFileSync(log.path, 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z error X: a message quoting \[redacted: a JSON Web Token\]/);
    expect(text).toContain('[redacted: a shared access signature]');
    expect(text).not.toContain('dropped');
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(work, 'a', 'logs')).mode & 0o777).toBe(0o700);
    expect(warnings).toEqual([]);
  });

  it('says once that it cannot be written, and then stays silent', async () => {
    writeFileSync(join(work, 'logs'), 'a file where the directory would be');
    const warnings: string[] = [];
    const log = new RunLog(join(work, 'state.json'), 'init', (m) => warnings.push(m));
    log.line('one');
    log.line('two');
    await log.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Could not write the run log .*init\.log \((EEXIST|ENOTDIR)\); the run goes on without it\.$/);
    expect(log.written).toBe(false);
  });

  it('keeps ARM calls, step transitions and warnings; leaves out progress and debug', () => {
    const step = { number: 5, id: 'cluster' as const, title: 'Private AKS cluster' };
    expect(
      logLineOf({
        code: 'arm.call',
        call: {
          method: 'PUT',
          path: '/subscriptions/s/x',
          apiVersion: '2025-01-01',
          status: 201,
          correlationId: 'c',
          requestId: 'r',
          durationMs: 12,
        },
      }),
    ).toBe('arm PUT /subscriptions/s/x api-version=2025-01-01 201 correlation=c request=r 12ms');
    expect(
      logLineOf({
        code: 'step.end',
        step,
        status: 'failed',
        durationMs: 3,
        summary: 'It failed.',
        error: { code: 'E', message: 'It failed.', correlationId: 'c' },
      }),
    ).toBe('step 5 cluster failed in 3ms: E: It failed. (correlation c)');
    expect(logLineOf({ code: 'warn', message: 'careful' })).toBe('warning careful');
    expect(logLineOf({ code: 'step.progress', step, message: 'creating' })).toBeUndefined();
    expect(logLineOf({ code: 'debug', message: 'stack' })).toBeUndefined();
  });
});
