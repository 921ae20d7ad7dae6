import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEmulatorData } from '../../src/cli/target.js';
import { ExitCode } from '../../src/core/errors.js';
import { runMain, type MainResult } from '../helpers/cli-main.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { INSTANT_EMBEDDED_EMULATOR } from '../helpers/speeds.js';

/**
 * docs/transcripts/plan-*.txt are what the real program prints (main() in this process, the embedded
 * emulator as `--emulator` gives a person): this test fails when a transcript differs from what `plan`
 * prints now, so they cannot go stale. `UPDATE_TRANSCRIPTS=1` writes them instead.
 */
const TRANSCRIPTS = join(import.meta.dirname, '../../docs/transcripts');
const UPDATE = process.env.UPDATE_TRANSCRIPTS === '1';
const DEPLOYMENT = ['-g', 'rg-aks-demo', '-n', 'aks-demo', '-l', 'eastus'];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-transcripts-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function directory(name: string): string {
  const cwd = join(work, name);
  mkdirSync(cwd, { recursive: true });
  return cwd;
}

/** A command as a person types it in `cwd` (default state file there, the embedded emulator). */
const run = (cwd: string, args: string[]) => runMain([...args, '--no-color'], INSTANT_EMBEDDED_EMULATOR, { cwd });

/**
 * stdout is the plan; the progress on stderr (read-only checks run in parallel, their lines in the order
 * they finish) is left out. Nothing in stdout varies between runs: no timings, ports or paths.
 */
function transcript(args: string[], r: MainResult): string {
  return [`$ secure-aks ${[...args, '--no-color'].join(' ')}`, `# exit ${r.code}; progress (stderr) left out`, r.stdout.trimEnd(), ''].join(
    '\n',
  );
}

function matchesTranscript(name: string, text: string): void {
  const file = join(TRANSCRIPTS, `plan-${name}.txt`);
  if (UPDATE) {
    writeFileSync(file, text);
    return;
  }
  expect(existsSync(file), `${file} is missing: run this test with UPDATE_TRANSCRIPTS=1`).toBe(true);
  expect(text, `${file} differs from what plan prints: review, then UPDATE_TRANSCRIPTS=1`).toBe(readFileSync(file, 'utf8'));
}

describe('plan transcripts, generated from the real program', () => {
  it('empty subscription: every resource to add, the checks apart, the cost and the init that applies it', async () => {
    const args = ['plan', '--emulator', ...DEPLOYMENT];
    const r = await run(directory('empty'), args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Plan: \d+ to add, \d+ to change, 0 to destroy\./m);
    expect(r.stdout).toContain('Apply it with: secure-aks init --emulator --name aks-demo --resource-group rg-aks-demo --location eastus');
    expect(r.stdout).not.toMatch(/<guid>|<api server>|<[a-zA-Z]+ to create>/);
    matchesTranscript('empty-subscription', transcript(args, r));
  });

  it('the apply hint repeats every typed flag: an off flag, a repeated --tag, a zone list', async () => {
    const args = ['plan', '--emulator', ...DEPLOYMENT, '--tier', 'standard', '--no-monitoring', '--no-key-vault'];
    const r = await run(directory('typed'), [...args, '--tag', 'env=prod', '--tag', 'team=platform', '--zones', '1,2,3']);
    expect(r.code, r.stderr).toBe(0);
    const hint = r.stdout
      .slice(r.stdout.indexOf('Apply it with:'))
      .replace(/\\\n\s*/g, '')
      .replace(/\s+/g, ' ');
    expect(hint).toContain(
      'secure-aks init --emulator --name aks-demo --resource-group rg-aks-demo --location eastus --tier standard --zones 1,2,3 --tag env=prod --tag team=platform --no-monitoring --no-key-vault',
    );
  });

  describe('after init', () => {
    let cwd: string;
    beforeAll(async () => {
      cwd = directory('deployed');
      const init = await run(cwd, ['init', '--emulator', ...DEPLOYMENT, '--node-count', '2', '--non-interactive', '--yes']);
      expect(init.code, init.stderr).toBe(0);
    });

    it('complete deployment: No changes', async () => {
      const args = ['plan', '--emulator', ...DEPLOYMENT];
      const r = await run(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('No changes.');
      expect(r.stdout).not.toContain('Apply it with');
      matchesTranscript('complete-deployment', transcript(args, r));
    });

    it('changed node count: one update of the cluster, 2 -> 3, and what the extra node costs', async () => {
      const args = ['plan', '--emulator', ...DEPLOYMENT, '--node-count', '3'];
      const r = await run(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/~ +managedClusters aks-demo +agentPoolProfiles\.system\.count: 2 -> 3$/m);
      expect(r.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      expect(r.stdout).toContain('--node-count 3');
      matchesTranscript('changed-node-count', transcript(args, r));
    });

    it('--detailed-exitcode: 0 when nothing changes, 10 when the plan has changes', async () => {
      const same = await run(cwd, ['plan', '--emulator', ...DEPLOYMENT, '--detailed-exitcode']);
      expect(same.code, same.stderr).toBe(ExitCode.ok);
      const more = await run(cwd, ['plan', '--emulator', ...DEPLOYMENT, '--node-count', '3', '--detailed-exitcode', '-o', 'json']);
      expect(more.code, more.stderr).toBe(ExitCode.planChanges);
      expect(JSON.parse(more.stdout).summary).toEqual({ add: 0, change: 1, destroy: 0, checks: 0, hasChanges: true });
      // Without the flag a plan with changes is still a successful plan.
      expect((await run(cwd, ['plan', '--emulator', ...DEPLOYMENT, '--node-count', '3'])).code).toBe(ExitCode.ok);
    });

    it('an add-on turned on: its egress collection, the cluster profile and the resources it needs', async () => {
      const args = ['plan', '--emulator', ...DEPLOYMENT, '--monitoring'];
      const r = await run(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('addon-monitoring');
      expect(r.stdout).toContain('omsagent');
      expect(r.stdout).toContain('--monitoring');
      matchesTranscript('addon-on', transcript(args, r));
    });

    it('one drifted route: the default route sent to the Internet, past the firewall', async () => {
      // Someone edits the route table behind the tool's back (through the emulator's data, as Azure would show it).
      const emu = await startTestEmulator({ dataDir: defaultEmulatorData(join(cwd, '.secure-aks/state.json')) });
      try {
        const network = await emu.clients().network();
        await network.routes.beginCreateOrUpdateAndWait('rg-aks-demo', 'rt-aks-demo', 'default-via-firewall', {
          addressPrefix: '0.0.0.0/0',
          nextHopType: 'Internet',
        });
      } finally {
        await emu.close();
      }
      const args = ['plan', '--emulator', ...DEPLOYMENT];
      const r = await run(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/~ +routes +rt-aks-demo\/default-via-firewall$/m);
      expect(r.stdout).toMatch(/^ +nextHopType: Internet -> VirtualAppliance$/m);
      expect(r.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      matchesTranscript('drifted-route', transcript(args, r));
    });
  });

  describe('after init with an add-on', () => {
    it('the add-on turned off: its collection, profile, rule and association removed, the workspace kept', async () => {
      const cwd = directory('monitored');
      const init = await run(cwd, ['init', '--emulator', ...DEPLOYMENT, '--monitoring', '--non-interactive', '--yes']);
      expect(init.code, init.stderr).toBe(0);
      const args = ['plan', '--emulator', ...DEPLOYMENT, '--no-monitoring'];
      const r = await run(cwd, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('addon-monitoring');
      expect(r.stdout).toContain('workspace log-aks-demo stays');
      expect(r.stdout).not.toContain('0 to destroy');
      matchesTranscript('addon-off', transcript(args, r));
    });
  });
});
