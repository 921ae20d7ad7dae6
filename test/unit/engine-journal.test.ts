/**
 * The runner never lets a journal write fail silently: what the state store refuses or cannot write
 * becomes the step's reported failure, journaled itself when the store still takes a write.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeJournal } from '../../src/cli/actions/init.js';
import { runSteps } from '../../src/engine/runner.js';
import { createState } from '../../src/state/schema.js';
import { StateStore } from '../../src/state/store.js';
import { config, fakeStep, runOptions, Timeline } from './engine-fakes.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
let dir: string;
let store: StateStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secure-aks-engine-journal-'));
  store = new StateStore(
    join(dir, 'state.json'),
    createState({ command: 'init', target: { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1' }, config }),
  );
  await store.save();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(readFileSync(store.file, 'utf8')).steps;

describe('runner and the state journal', () => {
  it('an error whose message holds a token is journaled and reported redacted', async () => {
    const t = new Timeline();
    const steps = [fakeStep({ number: 2, id: 'network', fail: new Error(`Azure said: token ${JWT} expired`) }, t)];
    const result = await runSteps(runOptions(steps, { journal: storeJournal(store) }));
    expect(result.status).toBe('failed');
    expect(result.unjournaled).toBeUndefined();
    expect(result.steps[0]).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('[redacted: a JSON Web Token]') },
    });
    expect(result.error?.message).not.toContain(JWT);
    expect(onDisk().network).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('[redacted: a JSON Web Token]') },
    });
  });

  it('outputs the secret guard refuses: the step is failed with SecretInState, journaled as such, never "done" or "pending"', async () => {
    const t = new Timeline();
    const steps = [
      fakeStep({ number: 2, id: 'network', outputs: { vnetId: `/fake?sig=${'a'.repeat(20)}` } }, t),
      fakeStep({ number: 3, id: 'egress-route', dependsOn: ['network'] }, t),
    ];
    const result = await runSteps(runOptions(steps, { journal: storeJournal(store) }));
    expect(result.status).toBe('failed');
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'pending']);
    expect(result.steps[0].error).toMatchObject({
      code: 'SecretInState',
      message: expect.stringContaining('steps.network.outputs.vnetId'),
    });
    expect(result.error?.code).toBe('SecretInState');
    // The refusal itself reached the file; the secret did not.
    expect(onDisk().network).toMatchObject({ status: 'failed', error: { code: 'SecretInState' } });
    expect(readFileSync(store.file, 'utf8')).not.toContain('sig=');
    expect(result.unjournaled).toBeUndefined();
  });

  it('journals as changes only what the step writes: a read-only check (kubectl through runCommand) counts none', async () => {
    const t = new Timeline();
    const steps = [
      fakeStep(
        {
          number: 9,
          id: 'health',
          changes: [
            { action: 'read', resourceType: 'Microsoft.ContainerService/managedClusters/commandResults', name: 'kubectl get nodes' },
            { action: 'none', resourceType: 'Fake/things', name: 'n', id: '/n' },
          ],
        },
        t,
      ),
      fakeStep({ number: 2, id: 'network' }, t),
    ];
    const result = await runSteps(runOptions(steps, { journal: storeJournal(store) }));
    expect(result.status).toBe('done');
    expect(onDisk().health).toMatchObject({ status: 'done', changes: 0 });
    expect(onDisk().network).toMatchObject({ status: 'done', changes: 1 });
  });
});
