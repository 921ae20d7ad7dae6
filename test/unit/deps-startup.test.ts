/**
 * Start-up cost: `--help` and `--version` load no Azure SDK at all, and `status` (which only reads the
 * state file) loads no ARM client package. Checked on the built CLI with a module-resolution hook that
 * records every module the process loads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'secure-aks.js');
const HOOK = join(ROOT, 'bench', 'module-trace.mjs');

/** Module URLs (with the module that imported each) loaded by `secure-aks <args>`. */
function modulesLoadedBy(args: string[]): Array<{ url: string; parent: string }> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const dir = mkdtempSync(join(tmpdir(), 'secure-aks-trace-'));
  const trace = join(dir, 'modules.txt');
  const run = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: dir,
    env: { ...process.env, SECURE_AKS_MODULE_TRACE: trace, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.error).toBeUndefined();
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [url = '', parent = ''] = line.split('\t');
      return { url, parent };
    });
}

const azure = (mods: Array<{ url: string; parent: string }>, pattern: RegExp) =>
  mods
    .filter((m) => pattern.test(m.url))
    .map((m) => `${m.url.replace(/.*node_modules\//, '')} <- ${m.parent.replace(/.*\/(dist|node_modules)\//, '$1/')}`);

describe('start-up loads only what the command uses', () => {
  it.each(['--help', '--version', 'init --help'])('secure-aks %s loads no Azure SDK module', (args) => {
    const mods = modulesLoadedBy(args.split(' '));
    expect(mods.some((m) => m.url.endsWith('/bin/secure-aks.js'))).toBe(true); // the hook really recorded the CLI
    expect(azure(mods, /node_modules\/@azure\//)).toEqual([]);
  });

  it('secure-aks --help loads nothing of the CLI but the help layout (it is laid out for the terminal, not parsed)', () => {
    const dist = modulesLoadedBy(['--help'])
      .map((m) => m.url)
      .filter((url) => url.includes('/dist/'))
      .map((url) => url.replace(/.*\/dist\//, 'dist/'));
    expect([...new Set(dist)].sort()).toEqual(['dist/cli/help-layout.js', 'dist/io/wrap.js']);
  });

  it('secure-aks status loads no ARM client package', () => {
    const mods = modulesLoadedBy(['status', '--state', join(mkdtempSync(join(tmpdir(), 'secure-aks-nostate-')), 'state.json')]);
    expect(azure(mods, /node_modules\/@azure\/(arm-|identity)/)).toEqual([]);
  });
});
