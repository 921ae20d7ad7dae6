import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explicitFlags, resolveConfig, type ResolveInput } from '../../src/config/resolve.js';
import type { ConfigOption } from '../../src/config/schema.js';
import { ConfigInvalidError } from '../../src/config/problems.js';
import { InputRequiredError } from '../../src/core/errors.js';

const required = { name: 'aks-demo', resourceGroup: 'rg-demo', location: 'eastus' };

async function configFile(text: string, name = 'secure-aks.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'secure-aks-resolve-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function input(over: Partial<ResolveInput>): ResolveInput {
  return { flags: {}, env: {}, interactive: false, ...over };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('resolveConfig precedence', () => {
  it('flag beats env beats file beats default', async () => {
    const file = await configFile('nodeCount: 5\nnodeVmSize: Standard_D8ds_v5\nkubernetesVersion: "1.32"\n');
    const { config, sources } = await resolveConfig(
      input({
        flags: { ...required, nodeCount: '7' },
        env: { SECURE_AKS_NODE_COUNT: '6', SECURE_AKS_NODE_VM_SIZE: 'Standard_D2ds_v5' },
        configFile: file,
      }),
    );
    expect(config.nodeCount).toBe(7);
    expect(sources.nodeCount).toEqual({ kind: 'flag', name: '--node-count' });
    expect(config.nodeVmSize).toBe('Standard_D2ds_v5');
    expect(sources.nodeVmSize).toEqual({ kind: 'env', name: 'SECURE_AKS_NODE_VM_SIZE' });
    expect(config.kubernetesVersion).toBe('1.32');
    expect(sources.kubernetesVersion).toEqual({ kind: 'file', name: `${file} line 3` });
    expect(config.vnetCidr).toBe('10.42.0.0/16');
    expect(sources.vnetCidr).toEqual({ kind: 'default', name: 'default' });
  });

  it('adopt: a list from the flags, SECURE_AKS_ADOPT (comma-separated) or the config file; none by default', async () => {
    const file = await configFile('adopt:\n  - vnet-shared\n  - rt-aks-demo\n');
    expect((await resolveConfig(input({ flags: { ...required, adopt: ['rt-aks-demo', 'nsg-x'] } }))).config.adopt).toEqual([
      'rt-aks-demo',
      'nsg-x',
    ]);
    const fromEnv = await resolveConfig(input({ flags: required, env: { SECURE_AKS_ADOPT: 'rt-aks-demo, nsg-x' }, configFile: file }));
    expect(fromEnv.config.adopt).toEqual(['rt-aks-demo', 'nsg-x']);
    expect(fromEnv.sources.adopt).toEqual({ kind: 'env', name: 'SECURE_AKS_ADOPT' });
    expect((await resolveConfig(input({ flags: required, configFile: file }))).config.adopt).toEqual(['vnet-shared', 'rt-aks-demo']);
    expect((await resolveConfig(input({ flags: required }))).config.adopt).toBeUndefined();
    const wrong = await rejection(resolveConfig(input({ flags: required, configFile: await configFile('adopt: rt-aks-demo\n') })));
    expect(wrong).toBeInstanceOf(ConfigInvalidError);
    expect(String((wrong as Error).message)).toMatch(/adopt: expected a list of names, got a string/);
  });

  it('booleans: --no-bastion flag, SECURE_AKS_NO_JUMPHOST env, file value, default', async () => {
    const file = await configFile('testDeployment: false\nbastion: true\n');
    const { config } = await resolveConfig(
      input({ flags: { ...required, bastion: false }, env: { SECURE_AKS_NO_JUMPHOST: '1' }, configFile: file }),
    );
    expect([config.bastion, config.jumphost, config.testDeployment]).toEqual([false, false, false]);
    const defaults = await resolveConfig(input({ flags: required, env: { SECURE_AKS_NO_BASTION: 'false' } }));
    expect([defaults.config.bastion, defaults.config.jumphost, defaults.config.testDeployment]).toEqual([true, true, true]);
  });

  it('ignores empty env vars and config keys of other commands', async () => {
    const { config } = await resolveConfig(input({ flags: { ...required, yes: true, output: 'json' }, env: { SECURE_AKS_VNET_CIDR: '' } }));
    expect(config.vnetCidr).toBe('10.42.0.0/16');
    expect(config).not.toHaveProperty('yes');
  });

  it('subscription: flag > SECURE_AKS_SUBSCRIPTION > AZURE_SUBSCRIPTION_ID > config file, else left to the CLI', async () => {
    const a = '11111111-1111-1111-1111-111111111111';
    const b = '22222222-2222-2222-2222-222222222222';
    const c = '33333333-3333-3333-3333-333333333333';
    const file = await configFile(`subscription: ${c}\n`);
    const env = { SECURE_AKS_SUBSCRIPTION: b, AZURE_SUBSCRIPTION_ID: a };
    expect((await resolveConfig(input({ flags: { ...required, subscription: c }, env }))).config.subscriptionId).toBe(c);
    expect((await resolveConfig(input({ flags: required, env, configFile: file }))).config.subscriptionId).toBe(b);
    const azure = await resolveConfig(input({ flags: required, env: { AZURE_SUBSCRIPTION_ID: a }, configFile: file }));
    expect([azure.config.subscriptionId, azure.sources.subscription]).toEqual([a, { kind: 'env', name: 'AZURE_SUBSCRIPTION_ID' }]);
    expect((await resolveConfig(input({ flags: required, configFile: file }))).config.subscriptionId).toBe(c);
    const none = await resolveConfig(input({ flags: required }));
    expect(none.config).not.toHaveProperty('subscriptionId');
    expect(none.missing).toEqual(['subscription']);
  });

  it('carves subnet defaults from a user-chosen VNet and the DNS IP from the service range', async () => {
    const { config, sources } = await resolveConfig(
      input({ flags: { ...required, vnetCidr: '10.8.0.0/20', serviceCidr: '100.64.0.0/16' } }),
    );
    expect([config.firewallSubnetCidr, config.bastionSubnetCidr, config.jumphostSubnetCidr, config.nodeSubnetCidr]).toEqual([
      '10.8.0.0/26',
      '10.8.0.64/26',
      '10.8.0.128/28',
      '10.8.1.0/24',
    ]);
    expect(config.dnsServiceIp).toBe('100.64.0.10');
    expect(sources.nodeSubnetCidr).toEqual({ kind: 'default', name: 'default (derived)' });
  });

  it('normalizes "West Europe" to westeurope', async () => {
    const { config } = await resolveConfig(input({ flags: { ...required, location: 'West Europe' } }));
    expect(config.location).toBe('westeurope');
  });

  it('takes only command-line values from commander (not the --no-* defaults)', () => {
    const opts = { bastion: true, jumphost: false, name: 'x', state: 's' };
    const sourceOf: Record<string, string> = { bastion: 'default', jumphost: 'cli', name: 'cli', state: 'cli' };
    expect(explicitFlags({ opts: () => opts, getOptionValueSource: (k) => sourceOf[k] })).toEqual({ jumphost: false, name: 'x' });
  });
});

describe('resolveConfig missing values', () => {
  it('non-interactive: one error listing every missing value with flag, env and config key', async () => {
    const err = await rejection(resolveConfig(input({ flags: { name: 'aks' } })));
    expect(err).toBeInstanceOf(InputRequiredError);
    const e = err as InputRequiredError;
    expect(e.exitCode).toBe(3);
    expect(e.missing).toEqual([
      { key: 'resourceGroup', flag: '--resource-group', env: 'SECURE_AKS_RESOURCE_GROUP', configKey: 'resourceGroup' },
      { key: 'location', flag: '--location', env: 'SECURE_AKS_LOCATION', configKey: 'location' },
    ]);
    expect(e.message).toContain('--resource-group');
    expect(e.message).toContain('SECURE_AKS_LOCATION');
  });

  it('interactive: prompts for each missing value, offering a working default', async () => {
    const asked: Array<[string, string | undefined]> = [];
    const prompt = async (o: ConfigOption, d: string | undefined) => {
      asked.push([o.key, d]);
      return d ?? '';
    };
    const { config, sources } = await resolveConfig(input({ flags: {}, interactive: true, prompt }));
    expect(asked).toEqual([
      ['name', 'aks-secure'],
      ['resourceGroup', 'rg-aks-secure'],
      ['location', 'eastus'],
    ]);
    expect([config.name, config.resourceGroup, config.location]).toEqual(['aks-secure', 'rg-aks-secure', 'eastus']);
    expect(sources.name).toEqual({ kind: 'prompt', name: 'prompt' });
  });

  it('interactive: a recorded deployment is not asked again, not even the optional values it took defaults for', async () => {
    const asked: string[] = [];
    const prompt = async (o: ConfigOption, d: string | undefined) => {
      asked.push(o.key);
      return d ?? { subscription: '00000000-0000-0000-0000-000000000001', kubernetesVersion: '1.33' }[o.key as string] ?? '';
    };
    const recorded = { values: { ...required, nodeCount: 1, nodeVmSize: 'Standard_D4ds_v5' }, name: '.secure-aks/state.json' };
    const promptFor = ['subscription', 'nodeVmSize', 'nodeCount', 'kubernetesVersion'] as const;
    const { config, sources } = await resolveConfig(input({ interactive: true, prompt, promptFor, recorded }));
    expect(asked).toEqual([]);
    expect([config.name, config.nodeCount, config.kubernetesVersion]).toEqual(['aks-demo', 1, undefined]);
    expect(sources.nodeCount).toEqual({ kind: 'state', name: '.secure-aks/state.json' });
    // Without a recorded deployment the same optional values are offered (their defaults as the answer).
    await resolveConfig(input({ flags: required, interactive: true, prompt, promptFor }));
    expect(asked).toEqual(['subscription', 'nodeCount', 'nodeVmSize', 'kubernetesVersion']);
  });

  it('interactive: asks again after a bad answer, gives up after three', async () => {
    const answers = ['bad name!', 'good-name'];
    const { config } = await resolveConfig(
      input({ flags: { resourceGroup: 'rg', location: 'eastus' }, interactive: true, prompt: async () => answers.shift()! }),
    );
    expect(config.name).toBe('good-name');
    const err = await rejection(
      resolveConfig(input({ flags: { resourceGroup: 'rg', location: 'eastus' }, interactive: true, prompt: async () => '-' })),
    );
    expect((err as { code: string }).code).toBe('InvalidValue');
  });

  it('a typo in the config file is reported instead of the value it leaves missing', async () => {
    const file = await configFile('name: aks\nresourcegroup: rg\nlocation: eastus\n');
    const err = await rejection(resolveConfig(input({ configFile: file })));
    expect(err).toBeInstanceOf(ConfigInvalidError);
    expect((err as Error).message).toContain('did you mean resourceGroup?');
  });
});

describe('resolveConfig validation', () => {
  it('reports every problem with where each value came from', async () => {
    const file = await configFile('firewallSubnetCidr: 10.42.0.0/28\n');
    const err = await rejection(
      resolveConfig(input({ flags: { ...required, nodeCount: '0' }, env: { SECURE_AKS_VNET_CIDR: '10.43.0.0/16' }, configFile: file })),
    );
    expect(err).toBeInstanceOf(ConfigInvalidError);
    const problems = (err as ConfigInvalidError).problems;
    const codes = problems.map((p) => p.code);
    expect(codes).toContain('NodeCountOutOfRange');
    expect(codes).toContain('FirewallSubnetTooSmall');
    expect(codes).toContain('SubnetOutsideVnet');
    const outside = problems.find((p) => p.code === 'SubnetOutsideVnet' && p.fields.includes('firewallSubnetCidr'))!;
    expect(outside.message).toContain('vnetCidr from env SECURE_AKS_VNET_CIDR');
    expect(outside.message).toContain(`firewallSubnetCidr from ${file} line 1`);
    expect(problems.find((p) => p.code === 'NodeCountOutOfRange')!.message).toContain('nodeCount from flag --node-count');
  });

  it('refuses text that is not a value of the option type, naming the source', async () => {
    const err = await rejection(
      resolveConfig(input({ flags: { ...required, nodeCount: 'many' }, env: { SECURE_AKS_NO_BASTION: 'perhaps' } })),
    );
    const messages = (err as ConfigInvalidError).problems.map((p) => p.message);
    expect(messages).toEqual([
      'flag --node-count: nodeCount: "many" is not a whole number.',
      'env SECURE_AKS_NO_BASTION: bastion: "perhaps" is not a yes/no value (use true, false, 1 or 0).',
    ]);
  });

  it('checks the location against the target cloud', async () => {
    const err = await rejection(resolveConfig(input({ flags: { ...required, location: 'chinaeast2' }, cloud: 'AzureCloud' })));
    expect((err as ConfigInvalidError).code).toBe('UnknownLocation');
  });
});

describe('resolveConfig: turning an option off on a recorded deployment', () => {
  const recorded = {
    name: 'state file',
    values: {
      ...required,
      userPool: true,
      userPoolVmSize: 'Standard_D4s_v5',
      userPoolZones: ['1', '2'],
      userPoolMinCount: 1,
      userPoolMaxCount: 3,
      azurePolicy: true,
      policyBaseline: true,
      monitoring: true,
      logAnalyticsWorkspace:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/logs',
    },
  };

  it('drops what the state recorded for the option turned off: the user pool settings, the baseline, the workspace', async () => {
    const { config } = await resolveConfig(input({ flags: { userPool: false, azurePolicy: false, monitoring: false }, recorded }));
    expect(config).toMatchObject({ userPool: false, azurePolicy: false, policyBaseline: false, monitoring: false });
    expect(config.userPoolVmSize).toBeUndefined();
    expect(config.userPoolZones ?? []).toEqual([]);
    expect(config.userPoolMinCount).toBeUndefined();
    expect(config.logAnalyticsWorkspace).toBeUndefined();
  });

  it('still refuses a setting the user gave in this run for an option that is off', async () => {
    const e = await rejection(resolveConfig(input({ flags: { userPool: false, userPoolVmSize: 'Standard_D8s_v5' }, recorded })));
    expect(e).toBeInstanceOf(ConfigInvalidError);
    expect(String((e as Error).message)).toMatch(/userPoolVmSize applies to the user pool, which is off/);
  });

  it('keeps them while the option stays on', async () => {
    const { config } = await resolveConfig(input({ recorded }));
    expect(config).toMatchObject({
      userPoolVmSize: 'Standard_D4s_v5',
      policyBaseline: true,
      logAnalyticsWorkspace: recorded.values.logAnalyticsWorkspace,
    });
  });
});
