import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';

/** Flags and missing values through main(): exit codes and messages (start-up is checked in test/e2e/cli.test.ts). */
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('secure-aks', () => {
  it("exits 2 on a wrong flag with commander's message and a hint", async () => {
    const r = await runMain(['init', '--vnet-cidrr', '10.0.0.0/16'], {}, { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--vnet-cidrr'/);
    expect(r.stderr).toMatch(/Did you mean --vnet-cidr\?/);
    expect(r.stderr).toMatch(/secure-aks init --help/);
    expect(r.stdout).toBe('');
  });

  it('non-interactive without values exits 3 listing every missing value and what supplies it', async () => {
    const r = await runMain(['init', '--non-interactive', '--state', join(work, 'missing', 'state.json')], {}, { cwd: work });
    expect(r.code).toBe(3);
    for (const flag of ['--name', '--resource-group', '--location', '--subscription']) expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain('SECURE_AKS_RESOURCE_GROUP');
    const json = await runMain(
      ['init', '--non-interactive', '-o', 'json', '--emulator', '--state', join(work, 'missing', 'state.json')],
      {},
      { cwd: work },
    );
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout);
    expect(doc.status).toBe('failed');
    expect(doc.error.code).toBe('InputRequired');
    expect(doc.error.missing.map((m: { key: string }) => m.key).sort()).toEqual(['location', 'name', 'resourceGroup']);
    expect(existsSync(join(work, 'missing', 'state.json'))).toBe(false);
  });

  it('non-interactive with every value but without --yes exits 3 asking for --yes', async () => {
    const r = await runMain(
      [
        'init',
        '--emulator',
        '--non-interactive',
        '-n',
        'aks-demo',
        '-g',
        'rg-demo',
        '-l',
        'eastus',
        '--state',
        join(work, 'noyes', 'state.json'),
      ],
      {},
      { cwd: work },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--yes');
  });

  it("reads the request bounds from the command's environment, not only the process's (main() runs in-process too)", async () => {
    const r = await runMain(
      [
        'plan',
        '--emulator',
        '--non-interactive',
        '-g',
        'rg-env',
        '-n',
        'aks-env',
        '-l',
        'eastus',
        '--state',
        join(work, 'env', 'state.json'),
      ],
      { SECURE_AKS_REQUEST_TIMEOUT: 'soon' },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/InvalidEnvironment: .*SECURE_AKS_REQUEST_TIMEOUT/);
  });
});
