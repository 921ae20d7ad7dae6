/**
 * A well-known AKS failure behind the firewall, as a person meets it: the cluster create ends Failed with
 * vmssCSE exit status 50. The run exits 1 and says what it means (node egress), names the probe
 * (`secure-aks verify`), the correlation id, the run log, and what the read-only checks of steps 3 and 4
 * find missing right now. The run log names every ARM call with its correlation id and keeps no secret.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-aks-failures-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A token and a signed URL an Azure message might quote: neither may reach the output, the state or the log.
const PLANTED_JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlLXBsYW50ZWQ';
const PLANTED_SAS = 'sig=UExBTlRFRHNpZ25hdHVyZTEyMzQ1Ng%3D%3D';
const CSE_50 =
  'Unable to establish outbound connection from agents, please see https://aka.ms/aks-required-ports-and-addresses for more ' +
  'information. Details: Code="VMExtensionProvisioningError" Message="VM has reported a failure when processing extension \'vmssCSE\'. ' +
  'Error message: "Enable failed: failed to execute command: command terminated with exit status=50 ' +
  `[stdout] curl https://mcr.microsoft.com/v2/?token=${PLANTED_JWT}&${PLANTED_SAS} timed out"`;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Waits until the state file records `step` done (the journal is written before any dependent step starts).
 * The rules are changed once steps 3 and 4 are both done: Azure refuses rule writes while the firewall
 * (step 3) provisions, and the cluster (step 5) starts only after both.
 */
async function stepDone(state: string, step: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if (JSON.parse(readFileSync(state, 'utf8')).steps?.[step]?.status === 'done') return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${step} never finished`);
}

/** init with the cluster create failing vmssCSE exit status 50; `meanwhile` runs while the create is held back. */
async function failingInit(name: string, state: string, extra: string[] = [], meanwhile?: () => Promise<void>) {
  await emu.control.fault({ method: 'PUT', path: `managedClusters/${name}$`, kind: 'delay', delayMs: meanwhile ? 2500 : 1, times: 1 });
  await emu.control.fault({
    method: 'PUT',
    path: `managedClusters/${name}$`,
    kind: 'lro-failed',
    code: 'VMExtensionProvisioningError',
    message: CSE_50,
    times: 1,
  });
  try {
    const [r] = await Promise.all([runMain([...initArgs(emu, state, name), ...extra]), meanwhile?.()]);
    return r;
  } finally {
    await emu.control.clearFaults();
  }
}

describe('a cluster create that fails vmssCSE exit status 50', () => {
  it('explains node egress, names `secure-aks verify`, the correlation id, the log, and the rules deleted before the create', async () => {
    const name = 'aks-cse50';
    const state = join(work, `${name}.json`);
    const r = await failingInit(name, state, [], async () => {
      // Someone removes the AKS egress rules after step 4 made them, before AKS boots the nodes. (A deleted
      // default route is refused by AKS at once, RouteTableMissingDefaultRouteError: the nodes never boot.)
      await stepDone(state, 'firewall-rules');
      await stepDone(state, 'egress-route');
      const network = await emu.clients().network();
      await network.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(`rg-${name}`, `afwp-${name}`, 'rcg-aks-egress');
    });
    expect(r.code, r.stderr).toBe(1);
    const out = r.stdout;
    expect(out).toMatch(/Why: The nodes could not reach the internet endpoints AKS needs \(vmssCSE exit status 50\)/);
    expect(out).toMatch(
      /Found: firewallPolicies\/ruleCollectionGroups afwp-aks-cse50\/rcg-aks-egress is missing \(step 4 firewall-rules\)\./,
    );
    expect(out).toContain('`secure-aks verify`');
    expect(out).toMatch(new RegExp(`Correlation id: ${UUID.source}`));
    // The code is said once, beside the message: not again after "failed:" (Azure's own details may quote it).
    const errorLine = out.split('\n').find((l) => l.includes('Creating cluster'))!;
    expect(errorLine.trim()).toMatch(/^VMExtensionProvisioningError: Creating cluster aks-cse50 failed: Unable to establish/);

    const logFile = /Log: (\S+)/.exec(out)?.[1];
    expect(logFile).toBeTruthy();
    expect(logFile!.startsWith(join(work, 'logs'))).toBe(true);
    expect(statSync(logFile!).mode & 0o777).toBe(0o600);
    const log = readFileSync(logFile!, 'utf8');
    const correlation = new RegExp(`Correlation id: (${UUID.source})`).exec(out)![1];
    // Every ARM call of the run: method, path without the query, api-version, status, correlation id, duration.
    const arm = log.split('\n').filter((l) => / arm /.test(l));
    expect(arm.length).toBeGreaterThan(20);
    for (const line of arm)
      expect(line).toMatch(new RegExp(` arm [A-Z]+ /\\S+ api-version=\\S+ \\d{3} correlation=${correlation} .*\\d+ms$`));
    expect(log).toMatch(
      new RegExp(`arm PUT /subscriptions/\\S+/managedClusters/${name} api-version=\\S+ 20[01] correlation=${correlation}`),
    );
    expect(log).toMatch(/step 3 egress-route running/);
    expect(log).toMatch(/step 5 cluster failed .*VMExtensionProvisioningError/);
    expect(log).not.toContain('?api-version');

    // Nothing the run wrote or printed holds the planted secrets.
    for (const text of [out, r.stderr, log, readFileSync(state, 'utf8')]) {
      expect(text).not.toContain(PLANTED_JWT);
      expect(text).not.toContain(PLANTED_SAS);
    }

    // status shows the same finding and correlation id from the state file.
    const status = await runMain(['status', '-o', 'json', '--state', state]);
    const cluster = JSON.parse(status.stdout).steps.find((s: { id: string }) => s.id === 'cluster');
    expect(cluster.error.findings).toEqual([
      'firewallPolicies/ruleCollectionGroups afwp-aks-cse50/rcg-aks-egress is missing (step 4 firewall-rules).',
    ]);
    expect(cluster.error.correlationId).toBe(correlation);
    expect(cluster.error.docs).toMatch(/^https:\/\/learn\.microsoft\.com\/.*outboundconnfailvmextensionerror$/);
  });

  it('names the rule someone removed from a rule collection: what the configured collection has that Azure lacks', async () => {
    const name = 'aks-cse50-rule';
    const state = join(work, `${name}.json`);
    const r = await failingInit(name, state, [], async () => {
      await stepDone(state, 'firewall-rules');
      await stepDone(state, 'egress-route');
      // The AzureKubernetesService FQDN tag rule is taken out of the AKS application collection.
      const network = await emu.clients().network();
      const group = await network.firewallPolicyRuleCollectionGroups.get(`rg-${name}`, `afwp-${name}`, 'rcg-aks-egress');
      for (const c of group.ruleCollections ?? []) {
        const filter = c as { name?: string; rules?: Array<{ name?: string }> };
        if (filter.name === 'aks-application') filter.rules = filter.rules?.filter((rule) => rule.name !== 'aks-fqdn-tag');
      }
      await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(`rg-${name}`, `afwp-${name}`, 'rcg-aks-egress', group);
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      `Found: firewallPolicies/ruleCollectionGroups afwp-${name}/rcg-aks-egress differs from what secure-aks configured: ` +
        'ruleCollections.aks-application lacks aks-fqdn-tag (step 4 firewall-rules).',
    );
  });

  it('-o json carries the explanation, the correlation id and the log file in the error', async () => {
    const name = 'aks-cse50-json';
    const state = join(work, `${name}.json`);
    const r = await failingInit(name, state, ['-o', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('VMExtensionProvisioningError');
    expect(doc.error.explanation).toMatch(/could not reach the internet endpoints/);
    expect(doc.error.remediation).toContain('`secure-aks verify`');
    expect(doc.error.correlationId).toMatch(UUID);
    expect(existsSync(doc.error.logFile)).toBe(true);
    const cluster = doc.steps.find((s: { id: string }) => s.id === 'cluster');
    expect(cluster.error.correlationId).toBe(doc.error.correlationId);
    // Steps 3 and 4 are as configured: the finding says so rather than inventing a cause.
    expect(cluster.error.findings).toEqual([
      expect.stringMatching(/step 3 egress-route and step 4 firewall-rules match the configuration now/),
    ]);
  });

  it('a failure before any step (preflight) prints the correlation id too', async () => {
    const r = await runMain([...planArgs(emu, join(work, 'size.json'), 'aks-size'), '--node-vm-size', 'Standard_Nope9_v9', '-o', 'json']);
    expect(r.code, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout).error.correlationId).toMatch(UUID);
  });
});

describe('the run log', () => {
  it('keeps the newest 20 logs beside the state file', async () => {
    const dir = mkdtempSync(join(work, 'prune-'));
    const state = join(dir, 'state.json');
    const logs = join(dir, 'logs');
    const { mkdirSync, readdirSync } = await import('node:fs');
    mkdirSync(logs);
    for (let i = 0; i < 25; i++) writeFileSync(join(logs, `2000-01-01T00-00-${String(i).padStart(2, '0')}-000Z-plan.log`), 'old\n');
    const r = await runMain(planArgs(emu, state, 'aks-prune'));
    expect(r.code, r.stderr).toBe(0);
    const kept = readdirSync(logs).sort();
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('2000-01-01T00-00-06-000Z-plan.log');
    expect(kept.at(-1)).toMatch(/-plan\.log$/);
    expect(kept.at(-1)!.startsWith('2000')).toBe(false);
  });

  it('a state directory where the log cannot be written: the run goes on and says so once', async () => {
    const dir = mkdtempSync(join(work, 'nolog-'));
    // A file where the logs directory would be: the log cannot be made, whoever runs the test (root too).
    writeFileSync(join(dir, 'logs'), 'not a directory\n');
    const r = await runMain(planArgs(emu, join(dir, 'state.json'), 'aks-nolog'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/Could not write the run log/g)).toHaveLength(1);
  });
});
