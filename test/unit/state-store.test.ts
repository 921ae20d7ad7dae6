import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecureAksError, UsageError } from '../../src/core/errors.js';
import { STEP_IDS } from '../../src/core/step.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { createState, newDeploymentId, STATE_SCHEMA_VERSION, type DeploymentState } from '../../src/state/schema.js';
import { loadState, saveState, StateStore } from '../../src/state/store.js';
import { migrate } from '../../src/state/migrations.js';
import { findSecrets } from '../../src/core/secrets.js';
import { rejectionOf } from './rejection.js';

const config: ResolvedConfig = {
  ...DEFAULTS,
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg',
  location: 'eastus',
  name: 'aks',
};
const target = { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:8443' } as const;

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secure-aks-state-'));
  file = join(dir, '.secure-aks', 'state.json');
});

const fresh = () => createState({ command: 'init', target, config });

const rejection = (p: Promise<unknown>) => rejectionOf(p, SecureAksError);

describe('state file', () => {
  it('a missing file is no state', async () => {
    expect(await loadState(file)).toBeUndefined();
    expect(await StateStore.open(file)).toBeUndefined();
  });

  it('round-trips, with a short deployment id, mode 0600 in a 0700 directory', async () => {
    const state = fresh();
    expect(state.deploymentId).toMatch(/^[0-9a-f]{8}$/);
    expect(newDeploymentId()).not.toBe(newDeploymentId());
    await saveState(file, state);
    expect(await loadState(file)).toEqual(state);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, '.secure-aks'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, '.secure-aks'))).toEqual(['state.json']);
  });

  it('keeps the prior state of adopted resources; a state written before adoption existed loads without it', async () => {
    const state: DeploymentState = {
      ...fresh(),
      adopted: [
        {
          kind: 'routeTable',
          id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-aks',
          name: 'rt-aks',
          resourceGroup: 'rg',
          tags: { owner: 'platform' },
          subnetIds: [],
          routes: [{ name: 'to-onprem', addressPrefix: '10.200.0.0/16', nextHopType: 'VnetLocal' }],
        },
      ],
    };
    await saveState(file, state);
    expect(await loadState(file)).toEqual(state);
    // The previous version's document: same schema version, no `adopted` key.
    const older = { ...fresh() };
    await writeFile(file, JSON.stringify(older));
    expect((await loadState(file))?.adopted).toBeUndefined();
    expect(await loadState(file)).toEqual(older);
  });

  it('refuses corrupt JSON without touching the file, pointing at the place', async () => {
    await saveState(file, fresh());
    const text = (await readFile(file, 'utf8')).slice(0, 60);
    await writeFile(file, text);
    const err = await rejection(loadState(file));
    expect([err.code, err.exitCode]).toEqual(['StateFileCorrupt', 2]);
    expect(err.message).toMatch(/not valid JSON at line \d+, column \d+/);
    expect(err.remediation).toContain('untouched');
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(join(dir, '.secure-aks'))).toEqual(['state.json']);
  });

  it('refuses a damaged document naming the field', async () => {
    const state = fresh() as unknown as Record<string, unknown>;
    await writeFile(file.replace('.secure-aks/', ''), JSON.stringify({ ...state, steps: { network: { status: 'exploded' } } }));
    const err = await rejection(loadState(file.replace('.secure-aks/', '')));
    expect(err.code).toBe('StateFileCorrupt');
    expect(err.message).toContain('steps.network.status');
  });

  it('refuses a file from another tool', async () => {
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ version: 4, terraform_version: '1.9.0' }));
    expect((await rejection(loadState(other))).code).toBe('StateFileForeign');
    await writeFile(other, '[1,2]');
    expect((await rejection(loadState(other))).code).toBe('StateFileForeign');
  });

  it('refuses a newer schema naming both versions', async () => {
    await saveState(file, fresh());
    const doc = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...doc, schemaVersion: 7 }));
    const err = await rejection(loadState(file));
    expect(err.code).toBe('StateFileTooNew');
    expect(err.message).toContain('schema version 7');
    expect(err.message).toContain(`up to version ${STATE_SCHEMA_VERSION}`);
  });

  it('migrates older documents step by step, and refuses a version it cannot upgrade', () => {
    const migrations = { 0: (d: Record<string, unknown>) => ({ ...d, a: 1 }), 1: (d: Record<string, unknown>) => ({ ...d, b: 2 }) };
    expect(migrate({ schemaVersion: 0 }, 'f', migrations, 2)).toEqual({ schemaVersion: 2, a: 1, b: 2 });
    expect(() => migrate({ schemaVersion: 0 }, 'f')).toThrow(UsageError);
    expect(() => migrate({ schemaVersion: 0 }, 'f')).toThrow(/schema version 0/);
  });
});

describe('a --state path that is a symlink', () => {
  it('saves replace the target the link points at; the link stays a link', async () => {
    const { lstat, mkdir, symlink } = await import('node:fs/promises');
    await mkdir(join(dir, 'real'));
    const real = join(dir, 'real', 'state.json');
    await saveState(real, fresh());
    const link = join(dir, 'link.json');
    await symlink(join('real', 'state.json'), link);
    const store = (await StateStore.open(link))!;
    await store.updateStep('identity', { status: 'done' });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(real, 'utf8')).steps.identity.status).toBe('done');
    // No temp file or second copy beside the link.
    expect((await readdir(dir)).sort()).toEqual(['link.json', 'real']);
  });

  it('a dangling link: the first save creates its target', async () => {
    const { lstat, symlink } = await import('node:fs/promises');
    const link = join(dir, 'link.json');
    await symlink('later.json', link);
    await saveState(link, fresh());
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'later.json'), 'utf8')).tool).toBe('secure-aks');
  });
});

describe('StateStore', () => {
  it('serializes concurrent step updates; the file ends with all of them', async () => {
    const store = new StateStore(file, fresh());
    const ids = STEP_IDS;
    await Promise.all(ids.map((id, i) => store.updateStep(id, { status: 'done', changes: i, outputs: { n: i } })));
    await store.flush();
    const saved = (await loadState(file))!;
    expect(Object.keys(saved.steps).sort()).toEqual([...ids].sort());
    expect(saved.steps.nsg).toEqual({ status: 'done', changes: 6, outputs: { n: 6 } });
    expect(saved).toEqual(store.state);
  });

  it('merges step patches and drops fields set to undefined', async () => {
    const store = new StateStore(file, fresh());
    await store.updateStep('cluster', {
      status: 'running',
      startedAt: 't0',
      inFlight: { resourceId: '/x', operation: 'create', resumeFrom: '{}', startedAt: 't0' },
    });
    await store.updateStep('cluster', { status: 'done', finishedAt: 't1', inFlight: undefined });
    expect((await loadState(file))!.steps.cluster).toEqual({ status: 'done', startedAt: 't0', finishedAt: 't1' });
    expect(store.step('cluster')?.status).toBe('done');
  });

  it('refuses secrets and keeps neither memory nor disk changed', async () => {
    const store = new StateStore(file, fresh());
    await store.save();
    const before = await readFile(file, 'utf8');
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';
    const err = await rejection(store.updateStep('bastion', { status: 'done', outputs: { key: pem } }));
    expect(err.code).toBe('SecretInState');
    expect(err.message).toContain('steps.bastion.outputs.key looks like a PEM private key');
    expect(err.message).not.toContain('abc');
    expect(store.step('bastion')).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(before);
    await expect(saveState(file, { ...fresh(), command: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig' } as DeploymentState)).rejects.toThrow(
      /JSON Web Token/,
    );
  });

  it.each([
    [{ adminPassword: 'hunter2' }, 'adminPassword'],
    [{ nested: [{ clientSecret: 'x' }] }, 'nested[0].clientSecret'],
    [{ clusterToken: 'abc' }, 'clusterToken'],
    [{ url: 'https://a.blob.core.windows.net/c?sv=2020&sig=abcdefghijklmnop' }, 'url'],
  ])('finds secret-looking value %j', (value, path) => {
    expect(findSecrets(value).map((f) => f.path)).toEqual([path]);
  });

  it('lets harmless look-alikes through', () => {
    expect(findSecrets({ sshKeyFile: 'aks-jumphost.key', disablePasswordAuthentication: true, sshPublicKey: 'ssh-ed25519 AAAA' })).toEqual(
      [],
    );
  });
});

describe('atomic write', () => {
  it('a process killed mid-write never leaves a torn state file', async () => {
    // Run the real atomic writer in a child process (transpiled on the fly) and kill it at random moments.
    const source = await readFile(new URL('../../src/core/atomic.ts', import.meta.url), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    await writeFile(join(dir, 'atomic.mjs'), js);
    const target = join(dir, 'state.json');
    await writeFile(target, JSON.stringify({ generation: -1, filler: '' }));
    await writeFile(
      join(dir, 'writer.mjs'),
      `import { writeFileAtomic } from './atomic.mjs';
       const filler = 'x'.repeat(2_000_000);
       for (let generation = 0; ; generation++) {
         await writeFileAtomic(${JSON.stringify(target)}, JSON.stringify({ generation, filler }));
         if (generation === 1) process.stdout.write('written twice\\n');
       }`,
    );
    let newest = -1;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [join(dir, 'writer.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
      // Kill it some time after its second complete write (so a later generation is on disk however slow the
      // machine), at a different moment of a later write each round.
      await new Promise((r) => child.stdout!.once('data', r));
      await new Promise((r) => setTimeout(r, 5 + round * 13));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const doc = JSON.parse(await readFile(target, 'utf8'));
      expect(typeof doc.generation).toBe('number');
      expect(doc.filler.length === 0 || doc.filler.length === 2_000_000).toBe(true);
      newest = Math.max(newest, doc.generation);
    }
    expect(newest).toBeGreaterThan(0);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });
});
