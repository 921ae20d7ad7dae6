/**
 * The emulator against real Azure traffic: the Azure CLI's recordings in test/fixtures/cassettes, replayed
 * by the conformance harness (docs/conformance.md), must be answered as Azure answered them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/cassette/format.js';
import { cassetteFiles, replayFiles } from '../../src/conformance/run.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cassettes');

/**
 * The resource types the product touches that the cassettes reach, as `namespace/type` paths of recorded ARM
 * requests. VMs are not reached yet (test/fixtures/cassettes/SOURCES.md says why).
 */
const PRODUCT_TYPES = [
  'Microsoft.Resources/resourceGroups',
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/routeTables',
  'Microsoft.Network/routeTables/routes',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.Network/networkSecurityGroups/securityRules',
  'Microsoft.Network/publicIPAddresses',
  'Microsoft.Network/firewallPolicies',
  'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  'Microsoft.Network/azureFirewalls',
  'Microsoft.Network/networkInterfaces',
  'Microsoft.Network/bastionHosts',
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.ContainerService/managedClusters/runCommand',
];

function recordedTypes(): Set<string> {
  const types = new Set<string>();
  for (const file of cassetteFiles(DIR)) {
    for (const it of parseCassette(readFileSync(file, 'utf8'), file).interactions) {
      const path = new URL(it.request.uri).pathname;
      if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i.test(path)) types.add('microsoft.resources/resourcegroups');
      const m = /\/providers\/(Microsoft\.[^/]+)\/(.+)$/i.exec(path);
      if (!m) continue;
      const segs = m[2].split('/');
      // type segments sit at even positions: type/name/childType/name/action...
      const typePath = segs.filter((_s, i) => i % 2 === 0).join('/');
      for (let n = 1; n <= typePath.split('/').length; n++) types.add(`${m[1]}/${typePath.split('/').slice(0, n).join('/')}`.toLowerCase());
    }
  }
  return types;
}

describe('conformance with recorded Azure traffic', () => {
  it('the cassettes cover every resource type the product touches', () => {
    const recorded = recordedTypes();
    const missing = PRODUCT_TYPES.filter((t) => !recorded.has(t.toLowerCase()));
    expect(missing).toEqual([]);
  });

  it('the emulator answers them as Azure did: >= 95% matched, status and async mode 100%, every error code', async () => {
    const run = await replayFiles(cassetteFiles(DIR));
    const report = run.lines.join('\n');
    const { summary } = run;
    expect(summary.compared, report).toBeGreaterThanOrEqual(40);
    expect(summary.matched / summary.compared, report).toBeGreaterThanOrEqual(0.95);
    expect(summary.statusAgree, report).toBe(1);
    expect(summary.asyncAgree, report).toBe(1);
    expect(summary.errorCodes.total, report).toBeGreaterThanOrEqual(2);
    expect(summary.errorCodes.agree, report).toBe(summary.errorCodes.total);
  });
});
