import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Factory } from '../../src/cli/factory.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { failureView } from '../../src/cli/views/failure.js';
import { planView } from '../../src/cli/views/plan.js';
import { AbortError, UsageError } from '../../src/core/errors.js';
import { lockFileFor } from '../../src/state/lock.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'secure-aks-factory-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const endpoint = 'https://127.0.0.1:8443';

function factory(name: string, output: 'text' | 'json' = 'json', signal = new AbortController().signal) {
  const out = new BufferedOutput();
  const state = join(work, `${name}.json`);
  const common = { state, output, nonInteractive: true, verbose: false, color: false, commandName: name };
  const f = new Factory(
    { output: out, env: {}, signal, setExit: () => undefined },
    { common, target: { emulator: false, armEndpoint: endpoint } },
  );
  return { f, out, state };
}

describe('the command factory', () => {
  it('takes the lock once and releases it when the action returns', async () => {
    const { f, state } = factory('once');
    const exit = await f.run(failureView('json', f.viewBase('destroy')), async () => {
      const first = await f.lock('destroy');
      expect(await f.lock('destroy')).toBe(first);
      expect(existsSync(lockFileFor(state))).toBe(true);
      return 0;
    });
    expect(exit).toBe(0);
    expect(existsSync(lockFileFor(state))).toBe(false);
  });

  it('on a throw: the view reports it, the exit status is the error’s, and the lock is released', async () => {
    const { f, out, state } = factory('throws');
    const exit = await f.run(failureView('json', f.viewBase('destroy')), async () => {
      await f.lock('destroy');
      throw new UsageError('NoStateFile', 'There is no state file.', 'Pass --state <file>.');
    });
    expect(exit).toBe(2);
    expect(JSON.parse(out.stdout)).toEqual({
      command: 'destroy',
      status: 'failed',
      steps: [],
      error: { code: 'NoStateFile', message: 'There is no state file.', remediation: 'Pass --state <file>.' },
    });
    expect(existsSync(lockFileFor(state))).toBe(false);
  });

  it('on Ctrl-C: exit 130 and the lock is released', async () => {
    const controller = new AbortController();
    const { f, state } = factory('ctrl-c', 'text', controller.signal);
    const exit = await f.run(failureView('text', f.viewBase('init')), async () => {
      await f.lock('init');
      controller.abort();
      if (f.signal.aborted) throw new AbortError();
      return 0;
    });
    expect(exit).toBe(130);
    expect(existsSync(lockFileFor(state))).toBe(false);
  });

  it('a failure with nothing to resume advises running the same command again', async () => {
    const { f, out } = factory('plan', 'text');
    const exit = await f.run(
      planView('text', f.viewBase('plan')),
      async () => {
        throw new UsageError('Broken', 'It broke.', 'Then run `secure-aks status --resume`.');
      },
      () => ({ resumable: false }),
    );
    expect(exit).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('Error Broken: It broke.\nWhat to do: Then run the same command again.\n');
  });

  it('resolves the target on first use only, and builds clients once per subscription on it', async () => {
    const { f } = factory('target');
    expect(() => f.clients('00000000-0000-0000-0000-000000000000')).toThrow(/target/);
    const target = await f.target(undefined);
    expect(target).toEqual({ kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: endpoint });
    // A second call answers the first resolution, whatever it is given.
    expect(await f.target({ kind: 'azure', cloud: 'AzureCloud', armEndpoint: 'https://management.azure.com' })).toBe(target);
    const sub = '00000000-0000-0000-0000-000000000000';
    expect(f.clients(sub)).toBe(f.clients(sub));
    expect(f.clients(sub)).not.toBe(f.clients('11111111-1111-1111-1111-111111111111'));
  });
});
