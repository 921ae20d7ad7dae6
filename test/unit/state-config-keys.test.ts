/**
 * `state`, `stateEndpoint` and `stateCa` in a --config file: flag > env > config file > default, a relative
 * path relative to the file, read only where a configuration is read (init, plan), and never part of the
 * deployment's configuration (what the state records).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import type { CommonOptions } from '../../src/cli/flags.js';
import { readConfigFile } from '../../src/config/file.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { configJsonSchema } from '../../src/config/schema.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'state-config-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const BLOB_CONFIG = [
  'state: az://stteamstate/secure-aks/prod',
  'stateEndpoint: https://127.0.0.1:10000/stteamstate',
  'stateCa: certs/azurite-ca.pem',
  'resourceGroup: rg-prod',
  'name: aks-prod',
  'location: westeurope',
  '',
].join('\n');

/** The common options a command's run function receives (the run itself replaced). */
async function commonOf(command: 'init' | 'plan' | 'status' | 'destroy', args: string[], env: NodeJS.ProcessEnv = {}) {
  const output = new BufferedOutput();
  let seen: CommonOptions | undefined;
  const record = async (o: { common: CommonOptions }) => ((seen = o.common), 0);
  const code = await main(['node', 'secure-aks', command, ...args], {
    output,
    env,
    overrides: { init: record, plan: record, status: record, destroy: record },
  });
  return { code, common: seen, stdout: output.stdout, stderr: output.stderr };
}

describe('the state keys of a config file', () => {
  it('are read apart from the deployment values and accepted by the JSON Schema', async () => {
    const path = await configFile('split.yaml', BLOB_CONFIG);
    const contents = await readConfigFile(path);
    expect(contents.problems).toEqual([]);
    expect(contents.state).toEqual({
      state: 'az://stteamstate/secure-aks/prod',
      stateEndpoint: 'https://127.0.0.1:10000/stteamstate',
      stateCa: 'certs/azurite-ca.pem',
    });
    expect(Object.keys(contents.values).sort()).toEqual(['location', 'name', 'resourceGroup']);
    const schema = configJsonSchema() as { properties: Record<string, { type?: string }> };
    for (const key of ['state', 'stateEndpoint', 'stateCa']) expect(schema.properties[key]?.type, key).toBe('string');
  });

  it('never become part of the resolved configuration (what the state records)', async () => {
    const path = await configFile('resolved.yaml', BLOB_CONFIG + 'subscription: 00000000-0000-0000-0000-000000000001\n');
    const result = await resolveConfig({ flags: {}, env: {}, configFile: path, interactive: false });
    expect(result.config).toMatchObject({ name: 'aks-prod', resourceGroup: 'rg-prod' });
    const recorded = JSON.stringify(result.config);
    for (const key of ['"state"', '"stateEndpoint"', '"stateCa"', 'az://', 'azurite-ca']) expect(recorded).not.toContain(key);
  });

  it('a state key that is not a string is a problem pointing at its line', async () => {
    const path = await configFile('bad.yaml', 'name: aks-prod\nstateCa: [a, b]\nstate: ""\n');
    const contents = await readConfigFile(path);
    expect(contents.problems.map((p) => [p.code, p.message])).toEqual([
      ['InvalidValueType', `${path} line 2, column 1: stateCa: expected a non-empty string, got a list.`],
      ['InvalidValueType', `${path} line 3, column 1: state: expected a non-empty string, got "".`],
    ]);
    const run = await commonOf('plan', ['--config', path]);
    expect(run.code).toBe(2);
    expect(run.common).toBeUndefined();
    expect(run.stderr).toMatch(/stateCa: expected a non-empty string/);
  });

  it('a near-miss key is suggested', async () => {
    const path = await configFile('typo.yaml', 'stateca: ca.pem\n');
    const [problem] = (await readConfigFile(path)).problems;
    expect(problem.message).toMatch(/"stateca" is not a configuration key; did you mean stateCa\?/);
  });
});

describe('precedence: flag > env > config file > default', () => {
  it.each(['init', 'plan'] as const)('%s takes the state from the config file, relative paths relative to the file', async (command) => {
    const path = await configFile(`${command}.yaml`, BLOB_CONFIG);
    const { code, common, stderr } = await commonOf(command, ['--config', path]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(common).toMatchObject({
      state: 'az://stteamstate/secure-aks/prod',
      stateEndpoint: 'https://127.0.0.1:10000/stteamstate',
      stateCa: join(dir, 'certs/azurite-ca.pem'),
    });
  });

  it('a relative state file in a config file is relative to the file; an absolute one stays', async () => {
    const relative = await configFile('local.yaml', 'state: team/state.json\n');
    expect((await commonOf('plan', ['--config', relative])).common?.state).toBe(join(dir, 'team/state.json'));
    const absolute = await configFile('absolute.yaml', `state: ${join(tmpdir(), 'elsewhere.json')}\n`);
    expect((await commonOf('plan', ['--config', absolute])).common?.state).toBe(join(tmpdir(), 'elsewhere.json'));
  });

  it('SECURE_AKS_CONFIG names the file as --config does', async () => {
    const path = await configFile('by-env.yaml', BLOB_CONFIG);
    const { common } = await commonOf('plan', [], { SECURE_AKS_CONFIG: path });
    expect(common?.state).toBe('az://stteamstate/secure-aks/prod');
  });

  it('the env var beats the config file, and the flag beats both', async () => {
    const path = await configFile('ranked.yaml', BLOB_CONFIG);
    const env = { SECURE_AKS_STATE: 'az://stenv/secure-aks/prod', SECURE_AKS_STATE_CA: '/etc/env-ca.pem' };
    const fromEnv = await commonOf('plan', ['--config', path], env);
    expect(fromEnv.common).toMatchObject({
      state: 'az://stenv/secure-aks/prod',
      stateEndpoint: 'https://127.0.0.1:10000/stteamstate',
      stateCa: '/etc/env-ca.pem',
    });
    const fromFlag = await commonOf('plan', ['--config', path, '--state', 'az://stflag/secure-aks/prod', '--state-ca', 'flag-ca.pem'], env);
    expect(fromFlag.common).toMatchObject({ state: 'az://stflag/secure-aks/prod', stateCa: 'flag-ca.pem' });
  });

  it('without a state key the default stays', async () => {
    const path = await configFile('no-state.yaml', 'name: aks-prod\n');
    const { common } = await commonOf('plan', ['--config', path]);
    expect(common).toMatchObject({ state: '.secure-aks/state.json' });
    expect(common?.stateEndpoint).toBeUndefined();
    expect(common?.stateCa).toBeUndefined();
  });

  it.each(['status', 'destroy'] as const)('%s reads no configuration file: --config changes nothing there', async (command) => {
    const path = await configFile(`${command}.yaml`, BLOB_CONFIG);
    const { code, common } = await commonOf(command, ['--config', path]);
    expect(code).toBe(0);
    expect(common?.state).toBe('.secure-aks/state.json');
  });

  it('init and plan help name the config keys; status help does not', async () => {
    const help = async (command: string) => {
      const output = new BufferedOutput(400);
      await main(['node', 'secure-aks', command, '--help'], { output, env: {} });
      return output.stdout.replace(/\s+/g, ' ');
    };
    for (const command of ['init', 'plan']) {
      const text = await help(command);
      expect(text).toMatch(/--state <file\|url>.*?env SECURE_AKS_STATE; config state\)/);
      expect(text).toMatch(/--state-endpoint <url>.*?env SECURE_AKS_STATE_ENDPOINT; config stateEndpoint\)/);
      expect(text).toMatch(/--state-ca <pem-file>.*?env SECURE_AKS_STATE_CA; config stateCa\)/);
    }
    expect(await help('status')).not.toMatch(/config state/);
  });
});
