/**
 * A shared (az://) state against Azurite: a write racing another never overwrites it (StateChangedElsewhere,
 * exit 5), `state history` lists the kept versions and `state restore` brings one back, under the lock,
 * without touching Azure. In-process CLI runs (runMain) with a temp working directory for the blob state's
 * local companions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runStateCommand } from '../../src/cli/actions/state.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { SecureAksError } from '../../src/core/errors.js';
import { makeChalk } from '../../src/io/color.js';
import { RecordingIoHost } from '../../src/io/recording.js';
import type { BlobStateBackend } from '../../src/state/blob/backend.js';
import { openStateBackend } from '../../src/state/open.js';
import { useTestAzurite } from '../helpers/azurite.js';
import { initArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
const az = useTestAzurite();
const CONTAINER = 'state-history';

let work: string;
const cli = (args: string[]) => runMain([...args, ...az.stateFlags], {}, { cwd: work });
const backendOf = (url: string) => openStateBackend(url, { endpoint: az.endpoint, caFile: az.caFile }) as BlobStateBackend;
const blobText = async (path: string) =>
  (await (await az.container(CONTAINER)).getBlockBlobClient(path).downloadToBuffer()).toString('utf8');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-history-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a write racing another on a blob state', () => {
  const path = 'team/race.json';
  const url = () => az.url(CONTAINER, path);

  beforeAll(async () => {
    await az.container(CONTAINER);
    const init = await cli(initArgs(emu, url(), 'aks-race'));
    expect(init.code, init.stderr).toBe(0);
  }, 180_000);

  it('two writers read the same version: the second write fails with StateChangedElsewhere and the first stays', async () => {
    const mine = backendOf(url());
    const other = backendOf(url());
    const text = (await mine.read())!;
    const theirs = (await other.read())!.replace(/"command": "init"/, '"command": "other run"');
    await other.write(theirs);

    const refused = await mine.write(text.replace(/"command": "init"/, '"command": "this run"')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SecureAksError);
    const err = refused as SecureAksError;
    expect(err.code).toBe('StateChangedElsewhere');
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain(url());
    expect(err.message).toMatch(/changed after this run read it.*nothing was overwritten/);
    expect(err.remediation).toContain(`secure-aks state history --state ${url()}`);
    expect(await blobText(path)).toBe(theirs);
  });

  it('a run holding the lease: another client breaks it and writes, and the run writes nothing over it (exit 5)', async () => {
    const mine = backendOf(url());
    const lock = await mine.lock('test run');
    try {
      await mine.read();
      const blob = (await az.container(CONTAINER)).getBlockBlobClient(path);
      await blob.getBlobLeaseClient().breakLease(0);
      const props = await blob.getProperties();
      const theirs = (await blobText(path)).replace(/"command": "[^"]*"/, '"command": "hand edit"');
      await blob.upload(theirs, Buffer.byteLength(theirs), { metadata: props.metadata });

      const refused = (await mine.write(theirs.replace('hand edit', 'this run')).catch((e: unknown) => e)) as SecureAksError;
      expect(refused).toBeInstanceOf(SecureAksError);
      expect(['StateChangedElsewhere', 'StateLeaseLost']).toContain(refused.code);
      expect(refused.exitCode).toBe(5);
      expect(refused.message).toMatch(/[Nn]othing (more )?was (over)?written/);
      expect(await blobText(path)).toBe(theirs);
    } finally {
      await lock.release().catch(() => undefined);
    }
  });

  it('a CLI run whose blob is changed under it stops with exit 5 and overwrites nothing', async () => {
    const racePath = 'team/race-cli.json';
    const raceUrl = az.url(CONTAINER, racePath);
    // The firewall create stays in flight until the clock moves: the blob is changed while the run waits.
    await emu.control.fault({ method: 'PUT', path: 'azureFirewalls/afw-aks-race-cli$', kind: 'hold', times: 1 });
    const running = cli(initArgs(emu, raceUrl, 'aks-race-cli'));
    const blob = (await az.container(CONTAINER)).getBlockBlobClient(racePath);
    let theirs = '';
    try {
      await vi.waitFor(
        async () => {
          const doc = JSON.parse(await blobText(racePath)) as { steps: Record<string, { status: string }> };
          expect(doc.steps['egress-route']?.status).toBe('running');
        },
        { timeout: 60_000, interval: 50 },
      );
      await blob.getBlobLeaseClient().breakLease(0);
      const props = await blob.getProperties();
      theirs = (await blobText(racePath)).replace(/"command": "init"/, '"command": "another run"');
      await blob.upload(theirs, Buffer.byteLength(theirs), { metadata: props.metadata });
    } finally {
      await emu.control.advanceClock(3600);
    }
    const run = await running;
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/StateChangedElsewhere|StateLeaseLost/);
    expect(run.stderr).toContain(raceUrl);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    expect(await blobText(racePath)).toBe(theirs);
  }, 120_000);
});

describe('state history and state restore', () => {
  const path = 'team/prod.json';
  const url = () => az.url(CONTAINER, path);
  interface Version {
    version: string;
    revision: number;
    updatedAt?: string;
    writtenBy?: string;
    steps?: string;
    current: boolean;
  }
  const history = async (): Promise<Version[]> => {
    const r = await cli(['state', 'history', '--state', url(), '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { command: string; state: string; versions: Version[] };
    expect(doc.command).toBe('state history');
    expect(doc.state).toBe(url());
    return doc.versions;
  };

  beforeAll(async () => {
    await az.container(CONTAINER);
    const init = await cli(initArgs(emu, url(), 'aks-prod'));
    expect(init.code, init.stderr).toBe(0);
    const destroy = await cli(['destroy', '--state', url(), '--yes', '-o', 'json']);
    expect(destroy.code, destroy.stderr).toBe(0);
  }, 240_000);

  it('lists the kept versions newest first, the current one marked (JSON and text)', async () => {
    const versions = await history();
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions[0]).toMatchObject({ writtenBy: 'destroy', current: true });
    expect(versions.filter((v) => v.current)).toHaveLength(1);
    expect(versions.find((v) => v.writtenBy === 'init')).toMatchObject({ steps: '10/10 done', current: false });
    const revisions = versions.map((v) => v.revision);
    expect([...revisions].sort((a, b) => b - a)).toEqual(revisions);

    const text = await cli(['state', 'history', '--state', url()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Kept versions of ${url()}, newest first:`);
    expect(text.stdout).toMatch(/VERSION\s+REV\s+BY\s+STEPS/);
    const initRow = text.stdout.split('\n').find((l) => l.startsWith(versions.find((v) => v.writtenBy === 'init')!.version));
    expect(initRow).toMatch(/\binit\s+10\/10 done$/);
    expect(text.stdout.split('\n').find((l) => l.startsWith(versions[0]!.version))).toMatch(/\bdestroy\b.*current$/);
    expect(text.stdout).toContain('secure-aks state restore <version>');
  });

  it('a local file keeps no history: exit 2 saying how to get one', async () => {
    const r = await runMain(['state', 'history', '--state', join(work, 'local.json')], {}, { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('StateHistoryUnavailable');
    expect(r.stderr).toMatch(/local state files keep no versions/);
    expect(r.stderr).toContain('secure-aks state push az://');
    const none = await cli(['state', 'history', '--state', az.url(CONTAINER, 'team/typo.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('NoStateFile');
    expect(none.stderr).toContain(`There is no state at ${az.url(CONTAINER, 'team/typo.json')}`);
  });

  it('restore refuses an unknown version, and asks for --yes where no one can answer', async () => {
    const unknown = await cli(['state', 'restore', '2001-01-01T00:00:00.0000000Z', '--state', url(), '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('StateVersionNotFound');
    expect(unknown.stderr).toContain(`secure-aks state history --state ${url()}`);
    const garbage = await cli(['state', 'restore', 'latest', '--state', url(), '--yes']);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/not a version id \(latest\)/);

    const initVersion = (await history()).find((v) => v.writtenBy === 'init')!.version;
    const unconfirmed = await cli(['state', 'restore', initVersion, '--state', url(), '--non-interactive', '-o', 'json']);
    expect(unconfirmed.code).toBe(3);
    expect(JSON.parse(unconfirmed.stdout).error.missing[0].flag).toBe('--yes');
    expect((await history())[0]).toMatchObject({ writtenBy: 'destroy', current: true });
  });

  it('restore brings a version back under the lock, keeps the one it replaced, and status reads the restored journal', async () => {
    const before = await history();
    const initVersion = before.find((v) => v.writtenBy === 'init')!;
    const r = await cli(['state', 'restore', initVersion.version, '--state', url(), '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Restored version ${initVersion.version} of ${url()}`);
    expect(r.stdout).toMatch(/Azure still has what it had/);
    expect(r.stdout).toMatch(/cluster\s+.*was pending, now recorded done/);
    expect(r.stdout).toContain(`secure-aks status --state ${url()}`);

    const after = await history();
    expect(after[0]).toMatchObject({ writtenBy: 'init', steps: '10/10 done', current: true });
    expect(after[0]!.revision).toBeGreaterThan(before[0]!.revision);
    // Written now: a copy saved before the restore counts as older.
    expect(Date.parse(after[0]!.updatedAt!)).toBeGreaterThan(Date.parse(before[0]!.updatedAt!));
    // The destroy version it replaced is still kept.
    expect(after.map((v) => v.version)).toContain(before[0]!.version);

    const status = await cli(['status', '--offline', '--state', url(), '-o', 'json']);
    expect(status.code, status.stderr).toBe(0);
    const steps = (JSON.parse(status.stdout) as { steps: Array<{ status: string }> }).steps;
    expect(steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    // Azure was not changed: the cluster destroy deleted is still gone, which status reports as drift.
    const drift = await cli(['status', '--state', url(), '-o', 'json']);
    expect(drift.code).toBe(13);
  }, 60_000);

  it('at a terminal, restore asks first: "no" (the default) restores nothing, "yes" restores', async () => {
    const [current, older] = await history();
    const restoreAt = async (answer: boolean) => {
      const io = new RecordingIoHost({ 'state.restore.confirm': answer }, true);
      const output = new BufferedOutput();
      const common = {
        state: url(),
        stateEndpoint: az.endpoint,
        stateCa: az.caFile,
        output: 'json' as const,
        yes: false,
        nonInteractive: false,
        verbose: false,
        color: false,
      };
      const ctx = { output, env: {}, signal: new AbortController().signal, setExit: () => undefined };
      const code = await runStateCommand(
        ctx,
        { sub: 'restore', common, version: older!.version, force: false },
        { io, chalk: makeChalk(false), errChalk: makeChalk(false) },
      );
      return { code, io, json: JSON.parse(output.stdout) as { error?: { code: string; message: string } } };
    };
    const no = await restoreAt(false);
    expect(no.code).toBe(130);
    expect(no.json.error).toMatchObject({ code: 'Interrupted', message: 'Nothing was restored.' });
    expect(no.io.requests).toHaveLength(1);
    expect(no.io.requests[0]).toMatchObject({ kind: 'confirm', code: 'state.restore.confirm', default: false });
    expect(no.io.requests[0]!.message).toMatch(/^Replace the current state of .* with version .*\? Azure is not changed\.$/);
    expect((await history())[0]).toMatchObject({ version: current!.version, current: true });

    const yes = await restoreAt(true);
    expect(yes.code).toBe(0);
    expect((await history())[0]).toMatchObject({ revision: expect.any(Number), writtenBy: older!.writtenBy, current: true });
  }, 60_000);

  it("refuses another deployment's version without --force, and restores it with --force (JSON)", async () => {
    const own = (await history())[0]!;
    const b = backendOf(url());
    const lock = await b.lock('test run');
    try {
      const text = (await b.read())!;
      await b.write(text.replace(/"deploymentId": "[^"]+"/, '"deploymentId": "someone-else"'));
    } finally {
      await lock.release();
    }
    const refused = await cli(['state', 'restore', own.version, '--state', url(), '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('StateVersionOtherDeployment');
    expect(refused.stderr).toMatch(/now holds deployment someone-else/);
    expect(JSON.parse(await blobText(path)).deploymentId).toBe('someone-else');

    const forced = await cli(['state', 'restore', own.version, '--state', url(), '--yes', '--force', '-o', 'json']);
    expect(forced.code, forced.stderr).toBe(0);
    const doc = JSON.parse(forced.stdout) as { command: string; state: string; version: string; replacedDeploymentId: string };
    expect(doc).toMatchObject({ command: 'state restore', state: url(), version: own.version, replacedDeploymentId: 'someone-else' });
    expect(JSON.parse(await blobText(path)).deploymentId).not.toBe('someone-else');
  }, 60_000);
});
