/**
 * The bash completion script as bash runs it at a Tab: the generated function asks the built CLI
 * (`secure-aks complete -- <words>`) and fills COMPREPLY. No network, no Azure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, assertBuilt, cleanEnv, runCli } from './run-cli.js';

let work: string;
let script: string;
beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-completion-'));
  const generated = await runCli(['completion', 'bash']);
  expect(generated.code).toBe(0);
  script = join(work, 'secure-aks.bash');
  writeFileSync(script, generated.stdout);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** COMPREPLY after pressing Tab on `secure-aks <words>` (the last word is the one being completed). */
function tab(...words: string[]): string[] {
  const line = ['secure-aks', ...words].join(' ');
  const program = [
    // secure-aks as an installed user has it: here, the built CLI.
    `secure-aks() { ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"; }`,
    // The script uses bash-completion's _get_comp_words_by_ref; a minimal one where that package is absent.
    'if ! type _get_comp_words_by_ref >/dev/null 2>&1; then',
    '  _get_comp_words_by_ref() { cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }',
    'fi',
    `source ${JSON.stringify(script)}`,
    `COMP_WORDS=(${['secure-aks', ...words].map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length}`,
    `COMP_LINE=${JSON.stringify(line)}`,
    `COMP_POINT=${line.length}`,
    '__secure_aks_complete 2>/dev/null',
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n');
  const run = spawnSync('bash', ['--noprofile', '--norc', '-c', program], {
    cwd: work,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('completes commands, flags of the command typed, and the choices of -o and --cloud', () => {
    expect(tab('sta').sort()).toEqual(['state', 'status']);
    expect(tab('statu')).toEqual(['status']);
    expect(tab('')).toEqual(
      expect.arrayContaining(['init', 'plan', 'status', 'verify', 'destroy', 'list', 'state', 'emulator', 'completion']),
    );
    expect(tab('state', 'hi')).toEqual(['history']);
    expect(tab('status', '--res')).toEqual(['--resume']);
    expect(tab('init', '--no-j')).toEqual(['--no-jumphost']);
    expect(tab('plan', '-o', '')).toEqual(['text', 'json']);
    expect(tab('destroy', '--cloud', 'AzureU')).toEqual(['AzureUSGovernment']);
  });
});
