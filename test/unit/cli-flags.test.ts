import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { DeployOptions } from '../../src/cli/commands/deploy-options.js';
import type { StatusOptions } from '../../src/cli/actions/status.js';
import type { EmulatorOptions } from '../../src/cli/actions/emulator.js';
import { BufferedOutput } from '../../src/cli/render/output.js';

/** Parses a command line with the run functions replaced: flags -> options, nothing runs. */
async function parse(args: string[], env: NodeJS.ProcessEnv = {}) {
  const seen: { init?: DeployOptions; plan?: DeployOptions; status?: StatusOptions; emulator?: EmulatorOptions } = {};
  const output = new BufferedOutput();
  const code = await main(['node', 'secure-aks', ...args], {
    output,
    env,
    overrides: {
      init: async (o) => ((seen.init = o), 0),
      plan: async (o) => ((seen.plan = o), 0),
      status: async (o) => ((seen.status = o), 0),
      emulator: async (o) => ((seen.emulator = o), 0),
    },
  });
  return { code, seen, output };
}

describe('cli flag parsing', () => {
  it('maps common, target and config flags of init', async () => {
    const { code, seen } = await parse([
      'init',
      '-g',
      'rg-demo',
      '-n',
      'aks-demo',
      '-l',
      'eastus',
      '--vnet-cidr',
      '10.1.0.0/16',
      '--node-count',
      '3',
      '--no-bastion',
      '-o',
      'json',
      '-y',
      '--non-interactive',
      '-v',
      '--state',
      's.json',
      '--arm-endpoint',
      'https://127.0.0.1:9',
      '--arm-ca',
      'ca.pem',
    ]);
    expect(code).toBe(0);
    expect(seen.init?.common).toEqual({
      state: 's.json',
      output: 'json',
      yes: true,
      nonInteractive: true,
      verbose: true,
      config: undefined,
      color: true,
      record: undefined,
      commandName: 'init',
    });
    expect(seen.init?.target).toEqual({ emulator: false, armEndpoint: 'https://127.0.0.1:9', armCa: 'ca.pem', cloud: undefined });
    expect(seen.init?.values).toEqual({
      resourceGroup: 'rg-demo',
      name: 'aks-demo',
      location: 'eastus',
      vnetCidr: '10.1.0.0/16',
      nodeCount: '3',
      bastion: false,
    });
  });

  it('collects a repeated --adopt into one list', async () => {
    const { seen } = await parse(['init', '--adopt', 'rt-aks-demo', '--adopt', 'nsg-shared']);
    expect(seen.init?.values).toEqual({ adopt: ['rt-aks-demo', 'nsg-shared'] });
  });

  it('passes only typed config flags, so an unused --no-bastion never beats env or file', async () => {
    const { seen } = await parse(['plan', '--emulator']);
    expect(seen.plan?.values).toEqual({});
    expect(seen.plan?.target.emulator).toBe(true);
    expect(seen.plan?.common.state).toBe('.secure-aks/state.json');
  });

  it('reads common flags from SECURE_AKS_* env vars, flags winning', async () => {
    const env = { SECURE_AKS_OUTPUT: 'json', SECURE_AKS_YES: 'true', SECURE_AKS_STATE: 'env.json', SECURE_AKS_NO_COLOR: '1' };
    const { seen } = await parse(['init', '--state', 'flag.json'], env);
    expect(seen.init?.common).toMatchObject({ output: 'json', yes: true, state: 'flag.json', color: false });
  });

  it('takes --record <dir> from the flag or SECURE_AKS_RECORD, the flag winning, and names the command', async () => {
    expect((await parse(['init', '--record', 'cassettes'])).seen.init?.common).toMatchObject({ record: 'cassettes', commandName: 'init' });
    expect((await parse(['plan'], { SECURE_AKS_RECORD: 'from-env' })).seen.plan?.common).toMatchObject({
      record: 'from-env',
      commandName: 'plan',
    });
    expect((await parse(['status', '--record', 'flag'], { SECURE_AKS_RECORD: 'env' })).seen.status?.common.record).toBe('flag');
    expect((await parse(['init'])).seen.init?.common.record).toBeUndefined();
  });

  it('parses status --resume and emulator options', async () => {
    expect((await parse(['status', '--resume', '--emulator'])).seen.status).toMatchObject({ resume: true, target: { emulator: true } });
    expect((await parse(['emulator', '--port', '8443', '--data', 'd', '--speed', '120'])).seen.emulator).toEqual({
      port: 8443,
      data: 'd',
      speed: 120,
      timing: 'typical',
      seed: 1,
      blob: false,
      blobPort: 0,
    });
    expect((await parse(['emulator', '--blob-port', '10000'])).seen.emulator).toMatchObject({ blob: true, blobPort: 10000 });
    expect((await parse(['emulator'], { SECURE_AKS_EMULATOR_SPEED: '5' })).seen.emulator?.speed).toBe(5);
    expect((await parse(['emulator', '--timing', 'pessimistic', '--seed', '7'])).seen.emulator).toMatchObject({
      timing: 'pessimistic',
      seed: 7,
    });
    expect((await parse(['emulator'], { SECURE_AKS_EMULATOR_TIMING: 'pessimistic' })).seen.emulator?.timing).toBe('pessimistic');
  });

  it.each([
    [['init', '--bogus'], /unknown option '--bogus'/],
    [['init', '-o', 'yaml'], /Allowed choices are text, json/],
    [['frobnicate'], /unknown command/],
    [['emulator', '--port', 'x'], /--port/],
    [['emulator', '--timing', 'slow'], /--timing "slow" must be typical or pessimistic/],
    [['init', '--arm-endpoint', 'http://127.0.0.1:1'], /https/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const { code, output } = await parse(args);
    expect(code).toBe(2);
    expect(output.stderr).toMatch(message);
  });

  it('adds a --help hint to commander errors and keeps -o json a single JSON document', async () => {
    const text = await parse(['init', '--vnet-cidrr', 'x']);
    expect(text.output.stderr).toMatch(/--help/);
    const json = await parse(['init', '--bogus', '-o', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.output.stdout)).toMatchObject({ status: 'failed', error: { code: 'UsageError' } });
  });

  it('prints help with usage first, examples after the flags, and every flag naming its env var and config key', async () => {
    const { code, output } = await parse(['init', '--help']);
    expect(code).toBe(0);
    expect(output.stdout.trimStart().startsWith('Usage:')).toBe(true);
    expect(output.stdout.indexOf('Examples:')).toBeGreaterThan(output.stdout.indexOf('Options:'));
    expect(output.stdout).toMatch(/--vnet-cidr <cidr>[\s\S]*SECURE_AKS_VNET_CIDR[\s\S]*config\s+vnetCidr/);
    expect(output.stdout).toMatch(/AZURE_SUBSCRIPTION_ID/);
    expect(output.stdout).toMatch(/--no-test-deployment/);
  });

  it('prints the version', async () => {
    const { code, output } = await parse(['--version']);
    expect(code).toBe(0);
    expect(output.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
