import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readConfigFile } from '../../src/config/file.js';

async function file(text: string, ext = 'yaml'): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'secure-aks-tags-')), `c.${ext}`);
  await writeFile(path, text);
  return path;
}

describe('tags in a config file', () => {
  it('takes a mapping as Azure shows tags, beside the list form', async () => {
    expect((await loadConfig(await file('tags:\n  cost-center: 1234\n  team: "platform"\n  empty:\n'))).tags).toEqual([
      'cost-center=1234',
      'team=platform',
      'empty=',
    ]);
    expect((await loadConfig(await file('{"tags": {"env": "prod"}}', 'json'))).tags).toEqual(['env=prod']);
    expect((await loadConfig(await file('tags:\n  - env=prod\n'))).tags).toEqual(['env=prod']);
  });

  it('holds the mapping to the same rules as the list, naming the line', async () => {
    const reserved = await readConfigFile(await file('name: a\ntags:\n  managed-by: me\n'));
    expect(reserved.problems.map((p) => [p.code, p.message])).toEqual([
      ['InvalidTag', expect.stringMatching(/line 2.*"managed-by" is a tag secure-aks sets itself/)],
    ]);
    const nested = await readConfigFile(await file('tags:\n  team:\n    a: b\n'));
    expect(nested.problems).toHaveLength(1);
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
