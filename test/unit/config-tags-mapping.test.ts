import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readConfigFile } from '../../src/config/file.js';

async function file(text: string, name = 'c.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'secure-aks-tags-'));
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

describe('tags in a config file', () => {
  it('a mapping reads as the key=value list the flags take', async () => {
    expect((await loadConfig(await file('tags:\n  env: prod\n  cost-center: 4711\n  empty:\n'))).tags).toEqual([
      'env=prod',
      'cost-center=4711',
      'empty=',
    ]);
    expect((await loadConfig(await file('{"tags": {"env": "prod"}}', 'c.json'))).tags).toEqual(['env=prod']);
    expect((await loadConfig(await file('tags: [env=prod]\n'))).tags).toEqual(['env=prod']);
  });

  it("the README's production config example loads as written", async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Production options'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const contents = await readConfigFile(await file(yaml));
    expect(contents.problems).toEqual([]);
    expect(contents.values).toMatchObject({ tier: 'premium', userPool: true, tags: ['env=prod', 'team=platform'] });
  });
});
