/**
 * Bad input is refused before any write (in-process, against a test emulator): a sentence
 * naming the field, exit 2 (3 for a missing value in non-interactive mode, 4 for missing permissions),
 * and not one PUT/PATCH/DELETE in the emulator's request log. Unusable state files are kept byte for byte.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { armWrites } from '../reliability/harness.js';
import { SPEED } from '../helpers/speeds.js';

let work: string;
// One emulator whose request log spans the whole file: the last case checks that none of them wrote.
let emu: TestEmulator;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-badinput-'));
  emu = await startTestEmulator({ speed: SPEED.instant });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Case {
  name: string;
  /** Flags replacing or adding to the valid base command line. */
  args?: string[];
  /** Drop these flags (with their value) from the base command line. */
  drop?: string[];
  config?: string;
  state?: string;
  exit: number;
  says: RegExp;
}

const BASE: Record<string, string> = { '-g': 'rg-bad', '-n': 'aks-bad', '-l': 'eastus' };

const CASES: Case[] = [
  { name: 'malformed CIDR', args: ['--vnet-cidr', '10.42.0.0/33'], exit: 2, says: /vnet/i },
  { name: 'CIDR that is not an address', args: ['--node-subnet-cidr', '10.42.300.0/24'], exit: 2, says: /node/i },
  { name: 'overlapping subnets', args: ['--node-subnet-cidr', '10.42.0.0/24'], exit: 2, says: /overlap/i },
  {
    name: 'subnet outside the VNet',
    args: ['--node-subnet-cidr', '10.50.1.0/24'],
    exit: 2,
    says: /node.*(outside|within|inside|not in)|(outside|within|inside|not in).*vnet/i,
  },
  { name: 'firewall subnet too small', args: ['--firewall-subnet-cidr', '10.42.0.0/27'], exit: 2, says: /firewall.*\/26|\/26.*firewall/i },
  { name: 'Bastion subnet too small', args: ['--bastion-subnet-cidr', '10.42.0.64/27'], exit: 2, says: /bastion.*\/26|\/26.*bastion/i },
  { name: 'reserved range for pods', args: ['--pod-cidr', '169.254.0.0/16'], exit: 2, says: /169\.254/ },
  {
    name: 'reserved range for services',
    args: ['--service-cidr', '172.31.0.0/16', '--dns-service-ip', '172.31.0.10'],
    exit: 2,
    says: /172\.31/,
  },
  {
    name: 'pod and service CIDRs overlap',
    args: ['--pod-cidr', '10.100.0.0/16', '--service-cidr', '10.100.0.0/16', '--dns-service-ip', '10.100.0.10'],
    exit: 2,
    says: /overlap/i,
  },
  {
    name: 'service CIDR overlaps the VNet',
    args: ['--service-cidr', '10.42.0.0/16', '--dns-service-ip', '10.42.0.10'],
    exit: 2,
    says: /overlap/i,
  },
  { name: 'dnsServiceIP outside the service CIDR', args: ['--dns-service-ip', '192.168.1.10'], exit: 2, says: /dns/i },
  { name: 'dnsServiceIP is the first address', args: ['--dns-service-ip', '172.16.0.1'], exit: 2, says: /dns/i },
  { name: 'cluster name with bad characters', args: ['-n', 'aks_bad!'], exit: 2, says: /name/i },
  { name: 'cluster name too long', args: ['-n', `a${'b'.repeat(70)}`], exit: 2, says: /name/i },
  { name: 'cluster name ending in a hyphen', args: ['-n', 'aks-bad-'], exit: 2, says: /name/i },
  { name: 'resource group ending in a period', args: ['-g', 'rg-bad.'], exit: 2, says: /resource.?group/i },
  { name: 'resource group with a space', args: ['-g', 'rg bad'], exit: 2, says: /resource.?group/i },
  { name: 'unknown region', args: ['-l', 'marsnorth'], exit: 2, says: /marsnorth/ },
  { name: 'zero nodes', args: ['--node-count', '0'], exit: 2, says: /node.?count/i },
  { name: 'impossible node count', args: ['--node-count', '5000'], exit: 2, says: /node.?count/i },
  { name: 'unknown VM size', args: ['--node-vm-size', 'Standard_Bogus_v9'], exit: 2, says: /Standard_Bogus_v9/ },
  {
    name: 'malformed config file: the error points at the line',
    drop: ['-g', '-n', '-l'],
    config: 'name: aks-bad\nresourceGroup: rg-bad\nlocation: [eastus\nvnetCidr: 10.42.0.0/16\n',
    exit: 2,
    says: /line [34]/,
  },
  {
    name: 'unknown config key',
    drop: ['-g', '-n', '-l'],
    config: 'name: aks-bad\nresourceGroup: rg-bad\nlocation: eastus\nvnetCird: 10.42.0.0/16\n',
    exit: 2,
    says: /vnetCird/,
  },
  { name: 'missing required value in non-interactive mode', drop: ['-n'], exit: 3, says: /--name/ },
  { name: 'corrupt state file', state: '{"tool": "secure-aks", "schemaVersion": 1, "steps": {', exit: 2, says: /corrupt|not valid JSON/i },
  {
    name: 'state file of another tool',
    state: '{"terraform_version": "1.9.0", "resources": []}\n',
    exit: 2,
    says: /not a secure-aks state file/,
  },
  {
    name: 'state file from a newer version',
    state: '{"tool": "secure-aks", "schemaVersion": 99, "deploymentId": "abcd1234"}\n',
    exit: 2,
    says: /schema version 99/,
  },
];

function argsFor(c: Case, dir: string): string[] {
  const values = { ...BASE };
  for (const flag of c.drop ?? []) delete values[flag];
  const flags = Object.entries(values).flatMap(([f, v]) => (c.args?.includes(f) ? [] : [f, v]));
  const config = c.config !== undefined ? ['--config', join(dir, 'config.yaml')] : [];
  return ['init', ...endpointFlags(emu), ...UNATTENDED_JSON, '--state', join(dir, 'state.json'), ...config, ...flags, ...(c.args ?? [])];
}

describe('bad input is refused before any write', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const dir = join(work, `case-${i}`);
    mkdirSync(dir, { recursive: true });
    if (c.config !== undefined) writeFileSync(join(dir, 'config.yaml'), c.config);
    if (c.state !== undefined) writeFileSync(join(dir, 'state.json'), c.state);
    const r = await runMain(argsFor(c, dir));
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(c.exit);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('failed');
    expect(`${doc.error.message} ${JSON.stringify(doc.error.missing ?? '')}`).toMatch(c.says);
    // A state file we cannot use is kept exactly as it was.
    if (c.state !== undefined) expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(c.state);
  });

  it('none of them wrote anything to Azure', async () => {
    expect(armWrites(await emu.control.requests())).toEqual([]);
  });
});

describe('permissions', () => {
  it('a Contributor-only caller is stopped in step 1 before any write, told what is missing and which role grants it; exit 4', async () => {
    await emu.control.reset();
    // Contributor: everything except writing and deleting authorization (role assignments, locks...).
    await emu.control.setCaller({
      actions: ['*'],
      notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
    });
    try {
      const dir = join(work, 'contributor');
      const r = await runMain(argsFor({ name: 'contributor', exit: 4, says: /./ }, dir));
      expect(r.code, r.stderr).toBe(4);
      const doc = JSON.parse(r.stdout);
      const identity = doc.steps.find((s: { id: string }) => s.id === 'identity');
      expect(identity?.status ?? 'failed').toBe('failed');
      expect(doc.error.message).toMatch(/Microsoft\.Authorization\/roleAssignments\/write/);
      expect(`${doc.error.message} ${doc.error.remediation}`).toMatch(
        /User Access Administrator|Role Based Access Control Administrator|Owner/,
      );
      expect(armWrites(await emu.control.requests())).toEqual([]);
    } finally {
      await emu.control.setCaller({ actions: ['*'], notActions: [] });
    }
  });
});
