import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { VerifyCommandOptions } from '../../src/cli/actions/verify.js';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { renderVerifyHuman } from '../../src/cli/render/verify-human.js';
import { renderVerifyJson } from '../../src/cli/render/verify-json.js';
import { checksMarkdownTable, type VerifyReport } from '../../src/verify/index.js';

async function parse(args: string[], env: NodeJS.ProcessEnv = {}) {
  let seen: VerifyCommandOptions | undefined;
  const output = new BufferedOutput();
  const code = await main(['node', 'secure-aks', 'verify', ...args], { output, env, overrides: { verify: async (o) => ((seen = o), 0) } });
  return { code, seen, output };
}

const cluster = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg-demo',
  name: 'aks-demo',
  armEndpoint: 'https://127.0.0.1:9',
};
const report: VerifyReport = {
  status: 'fail',
  readErrors: ['NIC nic-1: AuthorizationFailed: no read'],
  checks: [
    {
      id: 'cluster.local-accounts-disabled',
      area: 'cluster',
      title: 'Local accounts disabled',
      result: 'fail',
      evidence: 'disableLocalAccounts is false.',
      remediation: 'Disable them.',
      docs: 'https://example.test/local',
      baseline: 'CIS',
    },
    {
      id: 'api-server.private',
      area: 'api-server',
      title: 'API server is private',
      result: 'pass',
      evidence: 'private.',
      remediation: '',
      docs: 'https://example.test/private',
      baseline: 'AKS',
    },
    {
      id: 'api-server.authorized-ip-ranges',
      area: 'api-server',
      title: 'Ranges',
      result: 'warn',
      evidence: 'ranges listed.',
      remediation: 'Remove them.',
      docs: 'https://example.test/ranges',
      baseline: 'AKS',
    },
    {
      id: 'in-cluster.nodes-ready',
      area: 'in-cluster',
      title: 'All nodes Ready',
      result: 'not-applicable',
      evidence: 'In-cluster checks were not requested.',
      remediation: '',
      docs: 'https://example.test/nodes',
      baseline: 'AKS',
    },
  ],
};

describe('verify command line', () => {
  it('maps -g/-n/--subscription, --no-in-cluster and the target flags', async () => {
    const { code, seen } = await parse([
      '-g',
      'rg-x',
      '-n',
      'aks-x',
      '--subscription',
      'sub-1',
      '--no-in-cluster',
      '-o',
      'json',
      '--arm-endpoint',
      'https://127.0.0.1:9',
      '--arm-ca',
      'ca.pem',
    ]);
    expect(code).toBe(0);
    expect(seen).toEqual({
      common: { state: '.secure-aks/state.json', output: 'json', verbose: false, color: true, commandName: 'verify' },
      target: { emulator: false, armEndpoint: 'https://127.0.0.1:9', armCa: 'ca.pem', cloud: undefined },
      resourceGroup: 'rg-x',
      name: 'aks-x',
      subscription: 'sub-1',
      inCluster: false,
    });
  });

  it('defaults to the state file deployment with in-cluster checks; env vars supply the same values', async () => {
    expect((await parse([])).seen).toMatchObject({ resourceGroup: undefined, name: undefined, inCluster: true });
    const { seen } = await parse([], {
      SECURE_AKS_RESOURCE_GROUP: 'rg-e',
      SECURE_AKS_NAME: 'aks-e',
      AZURE_SUBSCRIPTION_ID: 'sub-e',
      SECURE_AKS_NO_IN_CLUSTER: 'true',
    });
    expect(seen).toMatchObject({ resourceGroup: 'rg-e', name: 'aks-e', subscription: 'sub-e', inCluster: false });
  });

  it('-g without -n is a usage error (exit 2) naming what is missing, also as JSON', async () => {
    const { code, output } = await parse(['-g', 'rg-x', '-o', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(output.stdout).error).toMatchObject({
      code: 'ClusterNotNamed',
      message: expect.stringContaining('without -n/--name'),
    });
  });

  it('help leads with usage and explains the JSON document and exit codes', async () => {
    const { output } = await parse(['--help']);
    expect(output.stdout.trimStart().startsWith('Usage:')).toBe(true);
    expect(output.stdout).toMatch(/--no-in-cluster/);
    expect(output.stdout).toMatch(/JSON: \{status, steps, checks\}/);
    expect(output.stdout).toMatch(/Exit codes:\n {2}0 +no check fails/);
  });
});

describe('verify renderers', () => {
  it('text: grouped by area in report order, what to do and docs only for fail and warn, no escape codes without colour', () => {
    const out = new BufferedOutput();
    renderVerifyHuman(out, report, cluster, new Chalk({ level: 0 }));
    const text = out.stdout;
    expect(text).not.toContain('\x1b[');
    const order = ['API server', 'Cluster', 'In cluster'].map((h) => text.indexOf(`\n${h}\n`));
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
    expect(text).toMatch(/✖ fail cluster\.local-accounts-disabled +Local accounts disabled/);
    expect(text).toContain('What to do: Disable them.');
    expect(text).toContain('Docs: https://example.test/ranges');
    expect(text).not.toContain('https://example.test/private');
    expect(text).toContain('warning: could not read NIC nic-1');
    expect(text).toMatch(/Not verified: 1 passed, 1 failed, 1 warning\(s\), 1 not applicable\./);
  });

  it('text: colours when enabled (red for fail)', () => {
    const out = new BufferedOutput();
    renderVerifyHuman(out, report, cluster, new Chalk({ level: 1 }));
    expect(out.stdout).toContain('\x1b[31m✖ fail');
  });

  it('json: one document with status, steps and every check field', () => {
    const out = new BufferedOutput();
    renderVerifyJson(out, report, [{ number: 1, id: 'identity', title: 'Identity', status: 'done' }], cluster);
    const doc = JSON.parse(out.stdout);
    expect(doc).toMatchObject({
      command: 'verify',
      status: 'fail',
      cluster,
      steps: [{ number: 1, id: 'identity', title: 'Identity', status: 'done' }],
    });
    expect(doc.checks).toHaveLength(4);
    expect(Object.keys(doc.checks[0]).sort()).toEqual(['area', 'baseline', 'docs', 'evidence', 'id', 'remediation', 'result', 'title']);
  });
});

describe('docs/verify-checks.md', () => {
  it('lists exactly the checks the code defines (regenerate the table with checksMarkdownTable() when this fails)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'verify-checks.md'), 'utf8');
    const table = /<!-- checks:start[^>]*-->\n([\s\S]*?)<!-- checks:end -->/.exec(doc)?.[1];
    expect(table).toBe(checksMarkdownTable());
  });
});
