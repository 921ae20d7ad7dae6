import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { deployArgs } from '../reliability/harness.js';

/** What preflight asks for when the policy and Key Vault options are on, before any write. */
const emu = useTestEmulator({ speed: 600 });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-preflight-pkv-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const plan = (name: string, ...options: string[]) => runMain([...deployArgs(emu, join(work, `${name}.json`), ['plan'], name), ...options]);

describe('preflight with --azure-policy --policy-baseline --key-vault', () => {
  it('names the assignment and vault permissions a Contributor lacks, and the providers it may not register', async () => {
    await emu.control.setCaller({
      actions: ['*'],
      notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.KeyVault/register/action', 'Microsoft.PolicyInsights/register/action'],
    });
    const r = await plan('aks-pkv-perm', '--azure-policy', '--policy-baseline', '--key-vault');
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toContain('Microsoft.Authorization/policyAssignments/write');
    expect(r.stdout).toContain('az provider register --namespace Microsoft.KeyVault');
    expect(r.stdout).toContain('az provider register --namespace Microsoft.PolicyInsights');
  });

  it('asks for none of it while the options are off', async () => {
    await emu.control.setCaller({ actions: ['*'], notActions: ['Microsoft.KeyVault/*', 'Microsoft.PolicyInsights/*'] });
    const r = await plan('aks-pkv-off');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/KeyVault|PolicyInsights|policyAssignments/);
  });
});
