/**
 * A full deployment with --verbose (in-process, embedded emulator): no token, secret or private key in
 * the state file, the output, or anything else the run wrote; the state file and SSH key are 0600.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain, type MainResult } from '../helpers/cli-main.js';
import { SPEED } from '../helpers/speeds.js';

let work: string;
let run: MainResult;
let status: MainResult;

const cli = (args: string[]) => runMain(args, { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) }, { cwd: work });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const SECRET_SHAPES: Array<[string, RegExp]> = [
  ['the credential token', /emulator-token/],
  ['a bearer header', /Bearer\s+\S+/i],
  ['an OpenSSH private key', /BEGIN OPENSSH PRIVATE KEY/],
  ['a PEM private key', /PRIVATE KEY/],
  ['a JWT', /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/],
  ['a cluster token', /clusterToken/i],
];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-secrets-'));
  run = await cli(['init', '--emulator', '--non-interactive', '--yes', '--verbose', '-g', 'rg-sec', '-n', 'aks-sec', '-l', 'eastus']);
  status = await cli(['status', '--verbose', '-o', 'json']);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('secrets never leave the key file', () => {
  it('the verbose run succeeded and logged its ARM calls', () => {
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(status.code).toBe(0);
    expect(run.stderr).toMatch(/PUT .*managedClusters\/aks-sec/);
  });

  it('no token, secret or private key in the output, the state file or any file the run wrote', () => {
    const keyFile = join(work, '.secure-aks', 'state.json.aks-sec-jumphost.key');
    const key = readFileSync(keyFile, 'utf8');
    // A line from the middle of the private key: its material must appear nowhere else either.
    const keyLines = key.split('\n').filter((l) => l && !l.startsWith('-----'));
    const keyMaterial = keyLines[Math.floor(keyLines.length / 2)];
    const emulatorOwnKeys = /emulator\/(ca|server)-key\.pem$/;
    const texts: Array<[string, string]> = [
      ['init stdout', run.stdout],
      ['init stderr', run.stderr],
      ['status stdout', status.stdout],
      ['status stderr', status.stderr],
      ...filesUnder(work)
        .filter((f) => f !== keyFile && !emulatorOwnKeys.test(f))
        .map((f): [string, string] => [relative(work, f), readFileSync(f, 'utf8')]),
    ];
    expect(texts.map(([name]) => name)).toContain('.secure-aks/state.json');
    for (const [name, text] of texts) {
      // The emulator's store is what was sent to Azure: it must not hold them either.
      for (const [what, re] of SECRET_SHAPES) expect(re.test(text), `${name} contains ${what}`).toBe(false);
      expect(text.includes(keyMaterial), `${name} contains private key material`).toBe(false);
    }
  });

  it('the state file and the SSH private key are mode 0600', () => {
    expect(statSync(join(work, '.secure-aks', 'state.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(work, '.secure-aks', 'state.json.aks-sec-jumphost.key')).mode & 0o777).toBe(0o600);
  });
});
