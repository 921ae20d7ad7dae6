import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, readConfigFile, saveConfig } from '../../src/config/file.js';
import { ConfigInvalidError } from '../../src/config/problems.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { rejectionOf } from './rejection.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secure-aks-config-'));
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const failure = (p: Promise<unknown>) => rejectionOf(p, ConfigInvalidError);

describe('config file', () => {
  it('loads YAML', async () => {
    const path = await write('c.yaml', 'name: aks-demo\nresourceGroup: rg-demo\nlocation: eastus\nnodeCount: 3\nbastion: false\n');
    expect(await loadConfig(path)).toEqual({
      name: 'aks-demo',
      resourceGroup: 'rg-demo',
      location: 'eastus',
      nodeCount: 3,
      bastion: false,
    });
  });

  it('loads JSON, and sniffs a file without a known extension', async () => {
    const json = await write('c.json', '{ "name": "aks-demo", "nodeCount": 2 }');
    expect(await loadConfig(json)).toEqual({ name: 'aks-demo', nodeCount: 2 });
    const sniffed = await write('c.conf', '{ "name": "x1" }');
    expect(await loadConfig(sniffed)).toEqual({ name: 'x1' });
    const yamlish = await write('c.txt', 'name: x2\n');
    expect(await loadConfig(yamlish)).toEqual({ name: 'x2' });
  });

  it('an empty file is an empty configuration', async () => {
    expect(await loadConfig(await write('empty.yaml', '# nothing yet\n'))).toEqual({});
  });

  it('points YAML syntax errors at line and column', async () => {
    const path = await write('bad.yaml', 'name: aks\nresourceGroup: rg\nlocation: [eastus\n');
    const err = await failure(loadConfig(path));
    expect(err.code).toBe('ConfigFileInvalid');
    expect(err.message).toMatch(/bad\.yaml line \d+, column \d+: /);
  });

  it('points JSON syntax errors at line and column', async () => {
    const path = await write('bad.json', '{\n  "name": "aks",\n  "nodeCount": 3,\n}\n');
    const err = await failure(loadConfig(path));
    expect(err.code).toBe('ConfigFileInvalid');
    expect(err.message).toMatch(/bad\.json line 4, column 1: /);
  });

  it('refuses duplicate keys', async () => {
    const err = await failure(loadConfig(await write('dup.yaml', 'name: a\nname: b\n')));
    expect(err.message).toMatch(/dup\.yaml line 2, column 1: .*unique/i);
  });

  it('names unknown keys with their line and the nearest known key', async () => {
    const path = await write('c.yaml', 'name: aks\n\nvnetCIDR: 10.0.0.0/16\nnodecount: 3\n');
    const err = await failure(loadConfig(path));
    expect(err.problems.map((p) => [p.code, p.message])).toEqual([
      ['UnknownConfigKey', `${path} line 3, column 1: "vnetCIDR" is not a configuration key; did you mean vnetCidr?`],
      ['UnknownConfigKey', `${path} line 4, column 1: "nodecount" is not a configuration key; did you mean nodeCount?`],
    ]);
  });

  it('names type errors with key and line', async () => {
    const path = await write('c.yaml', 'name: aks\nnodeCount: three\nbastion: "no"\n');
    const err = await failure(loadConfig(path));
    expect(err.problems.map((p) => p.code)).toEqual(['InvalidValueType', 'InvalidValueType']);
    expect(err.problems[0].message).toBe(`${path} line 2, column 1: nodeCount: expected a number, got a string.`);
    expect(err.problems[1].message).toContain('line 3, column 1: bastion: expected true or false');
  });

  it('reports rule violations with their line', async () => {
    const path = await write('c.yaml', 'name: aks\nvnetCidr: 10.0.0.1/16\n');
    const err = await failure(loadConfig(path));
    expect(err.code).toBe('CidrNotNetworkAddress');
    expect(err.message).toContain('line 2, column 1: vnetCidr: 10.0.0.1/16 is not a network address');
  });

  it('refuses a top level that is not a mapping', async () => {
    const err = await failure(loadConfig(await write('list.yaml', '- a\n- b\n')));
    expect(err.code).toBe('ConfigFileInvalid');
    expect(err.message).toContain('mapping');
  });

  it('says when the file does not exist', async () => {
    const err = await failure(loadConfig(join(dir, 'missing.yaml')));
    expect(err.code).toBe('ConfigFileNotFound');
    expect(err.message).toContain('missing.yaml');
  });

  it('keeps the valid values and positions alongside the problems', async () => {
    const c = await readConfigFile(await write('c.yaml', 'name: aks\nnodeCount: x\n'));
    expect(c.values).toEqual({ name: 'aks' });
    expect(c.positions).toEqual({ name: { line: 1, col: 1 }, nodeCount: { line: 2, col: 1 } });
  });

  it('saveConfig writes YAML that loadConfig reads back', async () => {
    const config = {
      ...DEFAULTS,
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroup: 'rg',
      location: 'eastus',
      name: 'aks',
      kubernetesVersion: undefined,
    };
    const path = join(dir, 'sub', 'saved.yaml');
    await saveConfig(path, config);
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^# secure-aks configuration/);
    expect(text).not.toContain('kubernetesVersion');
    const { subscriptionId, ...rest } = config;
    expect(await loadConfig(path)).toEqual({ subscription: subscriptionId, ...rest });
  });
});

describe('config files that must not be read as they are', () => {
  it('a FIFO is refused without opening it (a read would block until a writer appears)', async () => {
    const fifo = join(dir, 'c.yaml');
    execFileSync('mkfifo', [fifo]);
    const err = await failure(loadConfig(fifo));
    expect(err.code).toBe('ConfigFileNotRegular');
    expect(err.message).toBe(`Config file ${fifo} is a named pipe (FIFO), not a regular file.`);
  });

  it('a directory is refused the same way', async () => {
    expect((await failure(loadConfig(dir))).message).toBe(`Config file ${dir} is a directory, not a regular file.`);
  });

  it('YAML aliases that expand exponentially are refused naming the file; a few aliases are fine', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const bomb = await write('bomb.yaml', levels.join('\n') + '\n');
    const err = await failure(readConfigFile(bomb));
    expect(err.code).toBe('ConfigFileInvalid');
    expect(err.message).toMatch(new RegExp(`^${bomb}: its YAML aliases \\(\\*name\\) expand to more than 100 copies`));
    const few = await write('few.yaml', 'name: &n aks-demo\nresourceGroup: *n\n');
    expect(await loadConfig(few)).toEqual({ name: 'aks-demo', resourceGroup: 'aks-demo' });
  });

  it('an alias that names no anchor is reported as such, not as an alias bomb', async () => {
    const file = await write('unresolved.yaml', 'name: aks-demo\nresourceGroup: *missing\n');
    const err = await failure(readConfigFile(file));
    expect(err.code).toBe('ConfigFileInvalid');
    expect(err.message).not.toContain('100 copies');
    expect(err.message).toContain('missing');
  });
});
