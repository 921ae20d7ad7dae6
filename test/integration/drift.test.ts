/**
 * Drift: after a deployment, someone changes things in Azure (real SDK clients against the emulator).
 * `status` (in-process, against a test emulator) names each drifted step and what differs, `-o json` included; `init` repairs
 * exactly that and keeps what users added themselves (extra subnet, route, NSG rule, rule collection, tag).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkManagementClient } from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { runMain } from '../helpers/cli-main.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { armWrites, deployArgs } from '../reliability/harness.js';
import { SPEED } from '../helpers/speeds.js';

let work: string;
let emu: TestEmulator;
let net: NetworkManagementClient;
const state = { drift: '', gone: '' };
interface DriftStep {
  id: string;
  drifted: boolean;
  differences: string[];
}
let before: DriftStep[];
let after: DriftStep[];
let gone: DriftStep[];
let repairWrites: string[];
let goneRepairCode: number | null;
let statusText: string;
const poll = { updateIntervalInMs: 20 };

/** status's drift report; its exit code is 13 while Azure differs from a done step, 0 once it matches. */
async function driftOf(file: string, code: number): Promise<{ checked: boolean; steps: DriftStep[] }> {
  const r = await runMain(['status', '-o', 'json', '--state', file]);
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout).drift;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-drift-'));
  emu = await startTestEmulator({ speed: SPEED.instant });
  net = await emu.clients().network();
  state.drift = join(work, 'drift.json');
  state.gone = join(work, 'gone.json');
  const [a, b] = await Promise.all([
    runMain(deployArgs(emu, state.drift, ['init'], 'aks-drift')),
    runMain(deployArgs(emu, state.gone, ['init'], 'aks-gone')),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);

  const rg = 'rg-aks-drift';
  // What users add themselves: never drift, never removed.
  await net.subnets.beginCreateOrUpdateAndWait(rg, 'vnet-aks-drift', 'snet-user', { addressPrefix: '10.42.200.0/24' }, poll);
  await net.routes.beginCreateOrUpdateAndWait(
    rg,
    'rt-aks-drift',
    'user-route',
    { addressPrefix: '192.168.0.0/16', nextHopType: 'None' },
    poll,
  );
  await net.securityRules.beginCreateOrUpdateAndWait(
    rg,
    'nsg-aks-drift-nodes',
    'UserAllowMonitoring',
    {
      priority: 3000,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: '10.42.0.128/28',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '9100',
    },
    poll,
  );
  const vnet = await net.virtualNetworks.get(rg, 'vnet-aks-drift');
  await net.virtualNetworks.beginCreateOrUpdateAndWait(
    rg,
    'vnet-aks-drift',
    { ...vnet, tags: { ...vnet.tags, owner: 'platform-team' } },
    poll,
  );

  // Drift: a deleted route, a removed firewall rule, a changed NSG rule, disassociations, a cluster setting.
  // The cluster first: AKS refuses an update while its subnet has no route table.
  const aks = await emu.clients().containerService();
  const cluster = await aks.managedClusters.get(rg, 'aks-drift');
  await aks.managedClusters.createOrUpdate(rg, 'aks-drift', { ...cluster, disableLocalAccounts: false }, poll);
  await net.routes.beginDeleteAndWait(rg, 'rt-aks-drift', 'default-via-firewall', poll);
  const group = await net.firewallPolicyRuleCollectionGroups.get(rg, 'afwp-aks-drift', 'rcg-aks-egress');
  const collections = (group.ruleCollections ?? []).map((c) => {
    const rules = (c as { rules?: Array<{ name?: string }> }).rules ?? [];
    return rules.some((r) => r.name === 'aks-fqdn-tag') ? { ...c, rules: rules.filter((r) => r.name !== 'aks-fqdn-tag') } : c;
  });
  const userCollection = {
    ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
    name: 'user-allow-github',
    priority: 4000,
    action: { type: 'Allow' },
    rules: [
      {
        ruleType: 'ApplicationRule',
        name: 'github',
        sourceAddresses: ['10.42.1.0/24'],
        targetFqdns: ['github.com'],
        protocols: [{ protocolType: 'Https', port: 443 }],
      },
    ],
  };
  await net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
    rg,
    'afwp-aks-drift',
    'rcg-aks-egress',
    { priority: group.priority, ruleCollections: [...collections, userCollection] as never },
    poll,
  );
  const ssh = await net.securityRules.get(rg, 'nsg-aks-drift-jumphost', 'AllowSshFromBastion');
  await net.securityRules.beginCreateOrUpdateAndWait(
    rg,
    'nsg-aks-drift-jumphost',
    'AllowSshFromBastion',
    { ...ssh, sourceAddressPrefix: '*' },
    poll,
  );
  const nodes = await net.subnets.get(rg, 'vnet-aks-drift', 'snet-aks-nodes');
  await net.subnets.beginCreateOrUpdateAndWait(rg, 'vnet-aks-drift', 'snet-aks-nodes', { ...nodes, routeTable: undefined }, poll);
  const jump = await net.subnets.get(rg, 'vnet-aks-drift', 'snet-jumphost');
  await net.subnets.beginCreateOrUpdateAndWait(rg, 'vnet-aks-drift', 'snet-jumphost', { ...jump, networkSecurityGroup: undefined }, poll);

  // A subnet deleted (its jumphost first, as Azure refuses to delete a subnet in use).
  const rg2 = 'rg-aks-gone';
  const compute = await emu.clients().compute();
  await compute.virtualMachines.delete(rg2, 'vm-aks-gone-jump', poll);
  await net.networkInterfaces.beginDeleteAndWait(rg2, 'nic-aks-gone-jump', poll);
  await net.subnets.beginDeleteAndWait(rg2, 'vnet-aks-gone', 'snet-jumphost', poll);

  before = (await driftOf(state.drift, ExitCode.statusDrifted)).steps;
  gone = (await driftOf(state.gone, ExitCode.statusDrifted)).steps;
  statusText = (await runMain(['status', '--state', state.drift])).stdout;
  const from = (await emu.control.requests()).length;
  const repair = await runMain(deployArgs(emu, state.drift, ['init'], 'aks-drift'));
  expect(repair.code, repair.stderr.slice(-2000)).toBe(0);
  repairWrites = armWrites((await emu.control.requests()).slice(from)).map((r) => `${r.method} ${r.path}`);
  after = (await driftOf(state.drift, ExitCode.ok)).steps;
  goneRepairCode = (await runMain(deployArgs(emu, state.gone, ['init'], 'aks-gone'))).code;
}, 180_000);
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

const stepOf = (steps: DriftStep[], id: string) => steps.find((s) => s.id === id)!;

describe('status reports drift per step, with what differs', () => {
  const kinds = [
    { kind: 'deleted route', step: 'egress-route', says: /route rt-aks-drift\/default-via-firewall is missing/ },
    { kind: 'route table disassociated', step: 'egress-route', says: /snet-aks-nodes.*routeTable/ },
    { kind: 'removed firewall rule', step: 'firewall-rules', says: /rcg-aks-egress: ruleCollections\.aks-application/ },
    {
      kind: 'changed NSG rule',
      step: 'nsg',
      says: /NSG rule nsg-aks-drift-jumphost\/AllowSshFromBastion: source is \*, expected 10\.42\.0\.64\/26/,
    },
    { kind: 'NSG disassociated', step: 'nsg', says: /snet-jumphost.*networkSecurityGroup/ },
    { kind: 'cluster settings changed', step: 'cluster', says: /cluster aks-drift: disableLocalAccounts is false, expected true/ },
  ];
  for (const k of kinds) {
    it(`${k.kind}: step ${k.step}`, () => {
      const s = stepOf(before, k.step);
      expect(s.drifted).toBe(true);
      expect(s.differences.join('\n')).toMatch(k.says);
    });
  }

  it('subnet deleted: the network step says it is missing (and the steps that used it drift too)', () => {
    expect(stepOf(gone, 'network').differences.join('\n')).toMatch(/subnet snet-jumphost is missing/);
    expect(stepOf(gone, 'bastion').drifted).toBe(true);
  });

  it('what users added is not drift: the network step only carries the tag and subnet they added', () => {
    expect(stepOf(before, 'network').drifted).toBe(false);
    expect(stepOf(before, 'identity').drifted).toBe(false);
  });

  it('the text output lists drifted steps and how to repair', () => {
    expect(statusText).toMatch(/Egress through Azure Firewall.*drifted/);
    expect(statusText).toMatch(/- route rt-aks-drift\/default-via-firewall is missing/);
    expect(statusText).toMatch(/status --resume/);
  });
});

describe('init repairs exactly the drift and keeps what users added', () => {
  it('writes only the drifted resources, and status then reports no drift', () => {
    expect(after.every((s) => !s.drifted)).toBe(true);
    const allowed = [
      /routeTables\/rt-aks-drift\/routes\/default-via-firewall$/,
      /subnets\/snet-aks-nodes$/,
      /subnets\/snet-jumphost$/,
      /ruleCollectionGroups\/rcg-aks-egress$/,
      /securityRules\/AllowSshFromBastion$/,
      /managedClusters\/aks-drift$/,
    ];
    expect(repairWrites.length).toBeGreaterThanOrEqual(allowed.length);
    for (const w of repairWrites)
      expect(
        allowed.some((a) => a.test(w)),
        w,
      ).toBe(true);
  });

  it("keeps the user's subnet, route, NSG rule, rule collection and tag", async () => {
    const rg = 'rg-aks-drift';
    expect((await net.subnets.get(rg, 'vnet-aks-drift', 'snet-user')).addressPrefix).toBe('10.42.200.0/24');
    expect((await net.routes.get(rg, 'rt-aks-drift', 'user-route')).addressPrefix).toBe('192.168.0.0/16');
    expect((await net.securityRules.get(rg, 'nsg-aks-drift-nodes', 'UserAllowMonitoring')).destinationPortRange).toBe('9100');
    const group = await net.firewallPolicyRuleCollectionGroups.get(rg, 'afwp-aks-drift', 'rcg-aks-egress');
    expect(group.ruleCollections?.map((c) => c.name)).toContain('user-allow-github');
    expect((await net.virtualNetworks.get(rg, 'vnet-aks-drift')).tags?.owner).toBe('platform-team');
  });

  it('a deleted subnet (and the jumphost in it) is rebuilt', async () => {
    expect(goneRepairCode).toBe(0);
    expect((await driftOf(state.gone, ExitCode.ok)).steps.every((s) => !s.drifted)).toBe(true);
  });
});
