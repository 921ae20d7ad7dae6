/**
 * `state push` / `state pull` against Azurite: a local deployment moved to a blob is continued from it
 * (status healthy, plan without changes) and pulled back; the jumphost key is copied on this machine
 * (mode 0600), never uploaded; a destination holding another deployment or a newer version is refused
 * without --force. In-process CLI runs with a temp working directory.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateCommandOptions } from '../../src/cli/actions/state-options.js';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import type { BlobStateBackend } from '../../src/state/blob/backend.js';
import { jumphostKeyFile } from '../../src/state/jumphost-key.js';
import { openStateBackend } from '../../src/state/open.js';
import type { DeploymentState } from '../../src/state/schema.js';
import { AZURITE_ACCOUNT, useTestAzurite } from '../helpers/azurite.js';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { INSTANT_EMBEDDED_EMULATOR, SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
const az = useTestAzurite();
const CONTAINER = 'state-push-pull';

let work: string;
const cli = (args: string[]) => runMain([...args, ...az.stateFlags], {}, { cwd: work });
const blobText = async (path: string) =>
  (await (await az.container(CONTAINER)).getBlockBlobClient(path).downloadToBuffer()).toString('utf8');
const readDoc = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as DeploymentState;
/** Where a blob state's local companions (the jumphost key) live in the working directory. */
const companionDir = (path: string) => join(work, '.secure-aks', 'az', AZURITE_ACCOUNT, CONTAINER, ...path.split('/').slice(0, -1));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('state push and state pull', () => {
  let local: string;
  let other: string;
  let state: DeploymentState;
  let keyName: string;
  const path = 'team/pushed.json';
  const url = () => az.url(CONTAINER, path);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'secure-aks-pushpull-'));
    await az.container(CONTAINER);
    local = join(work, 'local', 'state.json');
    other = join(work, 'other', 'state.json');
    const init = await cli(initArgs(emu, local, 'aks-push'));
    expect(init.code, init.stderr).toBe(0);
    const second = await cli(initArgs(emu, other, 'aks-other'));
    expect(second.code, second.stderr).toBe(0);
    state = readDoc(local);
    keyName = jumphostKeyFile(local, state, 'aks-push');
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('push: the local deployment goes to the blob, the key stays on this machine, the local file is untouched', async () => {
    const before = readFileSync(local, 'utf8');
    const key = readFileSync(join(work, 'local', keyName), 'utf8');
    expect(key).toMatch(/PRIVATE KEY/);
    const r = await cli(['state', 'push', url(), '--state', local, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const copied = join(companionDir(path), keyName);
    expect(doc).toMatchObject({
      command: 'state push',
      status: 'done',
      from: local,
      to: url(),
      deploymentId: state.deploymentId,
      steps: '10/10 done',
      useState: url(),
      keyCopiedTo: copied,
    });
    expect(readDoc(local)).toEqual(state);
    expect(readFileSync(local, 'utf8')).toBe(before);
    const pushed = await blobText(path);
    expect(JSON.parse(pushed)).toEqual(state);
    expect(pushed).not.toMatch(/PRIVATE KEY/);
    expect(readFileSync(copied, 'utf8')).toBe(key);
    expect(mode(copied)).toBe(0o600);

    const text = await cli(['state', 'push', url(), '--state', local]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Pushed deployment ${state.deploymentId} (10/10 done) from ${local} to ${url()}.`);
    expect(text.stdout).toContain(`From now on pass --state ${url()}`);
    expect(text.stdout).toContain(`${local} was left as it was.`);
  });

  it('the deployment continues from the blob: status is healthy and plan has no changes', async () => {
    const status = await cli(['status', '--state', url(), '-o', 'json']);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    const plan = await cli([...planArgs(emu, url(), 'aks-push'), '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  }, 60_000);

  it('pull: the blob comes back to a local file (mode 0600) with the key beside it; the blob is untouched', async () => {
    const pulled = join(work, 'pulled', 'state.json');
    const blobBefore = await blobText(path);
    const r = await cli(['state', 'pull', url(), '--state', pulled, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'state pull', from: url(), to: pulled, useState: pulled });
    expect(readDoc(pulled).deploymentId).toBe(state.deploymentId);
    expect(readFileSync(pulled, 'utf8')).toBe(blobBefore);
    expect(mode(pulled)).toBe(0o600);
    const key = join(work, 'pulled', keyName);
    expect(readFileSync(key, 'utf8')).toBe(readFileSync(join(work, 'local', keyName), 'utf8'));
    expect(mode(key)).toBe(0o600);
    expect(await blobText(path)).toBe(blobBefore);
    const status = await cli(['status', '--offline', '--state', pulled]);
    expect(status.code, status.stderr).toBe(0);
  });

  it('refuses to overwrite another deployment without --force, and replaces it with --force', async () => {
    const blobBefore = await blobText(path);
    const r = await cli(['state', 'push', url(), '--state', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('StateDestinationOtherDeployment');
    expect(r.stderr).toContain(`${url()} holds another deployment (${state.deploymentId})`);
    expect(r.stderr).toContain('--force');
    expect(await blobText(path)).toBe(blobBefore);

    const pullOver = await cli(['state', 'pull', url(), '--state', other]);
    expect(pullOver.code).toBe(2);
    expect(pullOver.stderr).toContain('StateDestinationOtherDeployment');
    expect(readDoc(other).deploymentId).not.toBe(state.deploymentId);

    const scratch = az.url(CONTAINER, 'team/scratch.json');
    expect((await cli(['state', 'push', scratch, '--state', other])).code).toBe(0);
    const forced = await cli(['state', 'push', scratch, '--state', local, '--force', '-o', 'json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ replaced: `deployment ${readDoc(other).deploymentId}` });
    expect(JSON.parse(await blobText('team/scratch.json')).deploymentId).toBe(state.deploymentId);
  }, 60_000);

  it('refuses to overwrite a newer version of the same deployment without --force', async () => {
    // A teammate's run wrote the blob after this machine's local copy.
    const b = openStateBackend(url(), { endpoint: az.endpoint, caFile: az.caFile }) as BlobStateBackend;
    const lock = await b.lock('teammate run');
    const newer = { ...state, updatedAt: new Date(Date.parse(state.updatedAt) + 60_000).toISOString() };
    try {
      await b.read();
      await b.write(JSON.stringify(newer, null, 2) + '\n');
    } finally {
      await lock.release();
    }
    const r = await cli(['state', 'push', url(), '--state', local]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('StateDestinationNewer');
    expect(r.stderr).toContain(`holds a newer version of deployment ${state.deploymentId}`);
    expect(JSON.parse(await blobText(path)).updatedAt).toBe(newer.updatedAt);

    // The other way round: a local file newer than the blob is not overwritten by a pull.
    const ahead = join(work, 'ahead', 'state.json');
    expect((await cli(['state', 'pull', url(), '--state', ahead])).code).toBe(0);
    const later = { ...readDoc(ahead), updatedAt: new Date(Date.parse(newer.updatedAt) + 60_000).toISOString() };
    writeFileSync(ahead, JSON.stringify(later, null, 2) + '\n');
    const pull = await cli(['state', 'pull', url(), '--state', ahead]);
    expect(pull.code).toBe(2);
    expect(pull.stderr).toContain('StateDestinationNewer');
    expect(readDoc(ahead).updatedAt).toBe(later.updatedAt);
  }, 60_000);

  it('needs a local --state and an az:// destination', async () => {
    const both = await cli(['state', 'push', url(), '--state', az.url(CONTAINER, 'team/x.json')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('StateTransferNeedsFile');
    const notBlob = await cli(['state', 'pull', join(work, 'x.json'), '--state', local]);
    expect(notBlob.code).toBe(2);
    expect(notBlob.stderr).toContain('InvalidStateUrl');
    const none = await cli(['state', 'push', az.url(CONTAINER, 'team/none.json'), '--state', join(work, 'missing.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('NoStateFile');
  });
});

describe('state push of a deployment on the embedded emulator', () => {
  it("keeps using the emulator's data where it is, even for a state that did not record its place", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secure-aks-push-emulator-'));
    const run = (args: string[]) => runMain([...args, ...az.stateFlags], INSTANT_EMBEDDED_EMULATOR, { cwd: dir });
    try {
      await az.container(CONTAINER);
      const file = join(dir, 'state.json');
      const init = await run([
        'init',
        '--emulator',
        '--non-interactive',
        '--yes',
        '-l',
        'eastus',
        '-g',
        'rg-aks-emu',
        '-n',
        'aks-emu',
        '--state',
        file,
      ]);
      expect(init.code, init.stderr).toBe(0);
      const recorded = readDoc(file);
      const data = recorded.target.emulatorData!;
      expect(data.startsWith(dir)).toBe(true);
      // A state written before the emulator's place was recorded: its default place is beside the file.
      const target: Partial<DeploymentState['target']> = { ...recorded.target };
      delete target.emulatorData;
      writeFileSync(file, JSON.stringify({ ...recorded, target }, null, 2) + '\n');

      const blobUrl = az.url(CONTAINER, 'team/emulated.json');
      const push = await run(['state', 'push', blobUrl, '--state', file]);
      expect(push.code, push.stderr).toBe(0);
      expect(JSON.parse(await blobText('team/emulated.json')).target.emulatorData).toBe(data);
      // Drift is checked against the same emulator store: every resource is found, nothing drifted.
      const status = await run(['status', '--state', blobUrl, '-o', 'json']);
      expect(status.code, status.stdout + status.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('state flags', () => {
  /** Parses a command line with the run function replaced: flags -> options, nothing runs. */
  async function parse(args: string[], env: NodeJS.ProcessEnv = {}) {
    let seen: StateCommandOptions | undefined;
    const output = new BufferedOutput();
    const code = await main(['node', 'secure-aks', 'state', ...args], { output, env, overrides: { state: async (o) => ((seen = o), 0) } });
    return { code, seen, output };
  }

  it('maps each sub-command, its argument, --force and the common flags (env too)', async () => {
    const restore = await parse(['restore', '2026-12-05T07:23:46.1234567Z', '--force', '-y', '-o', 'json', '--cloud', 'AzureChinaCloud'], {
      SECURE_AKS_STATE: 'az://acct/c1/p.json',
      SECURE_AKS_STATE_ENDPOINT: 'https://127.0.0.1:10000/acct',
    });
    expect(restore.code).toBe(0);
    expect(restore.seen).toMatchObject({
      sub: 'restore',
      version: '2026-12-05T07:23:46.1234567Z',
      force: true,
      cloud: 'AzureChinaCloud',
      common: { state: 'az://acct/c1/p.json', stateEndpoint: 'https://127.0.0.1:10000/acct', yes: true, output: 'json' },
    });
    const push = await parse(['push', 'az://acct/c1/p.json', '--state', 'local.json']);
    expect(push.seen).toMatchObject({ sub: 'push', url: 'az://acct/c1/p.json', force: false, common: { state: 'local.json' } });
    const pull = await parse(['pull', 'az://acct/c1/p.json']);
    expect(pull.seen).toMatchObject({ sub: 'pull', url: 'az://acct/c1/p.json', common: { state: '.secure-aks/state.json' } });
    const history = await parse(['history', '--state', 'az://acct/c1/p.json']);
    expect(history.seen).toMatchObject({ sub: 'history', common: { state: 'az://acct/c1/p.json' } });
  });

  it('a missing argument or an unknown sub-command is a usage error (exit 2)', async () => {
    expect((await parse(['restore'])).code).toBe(2);
    expect((await parse(['push'])).code).toBe(2);
    expect((await parse(['undo'])).code).toBe(2);
    expect((await parse(['history', '--force'])).code).toBe(2);
  });
});
