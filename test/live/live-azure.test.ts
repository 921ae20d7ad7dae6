/**
 * Opt-in tests against a real Azure subscription. Skipped unless SECURE_AKS_LIVE_SUBSCRIPTION is set (and a
 * credential DefaultAzureCredential can find: `az login`, AZURE_CLIENT_ID/SECRET/TENANT_ID, or a managed identity).
 *
 * - `plan` is read-only and always runs when enabled.
 * - A full `init` -> `verify` -> `destroy` cycle creates billable resources (firewall, Bastion, cluster) for about
 *   half an hour; it runs only with SECURE_AKS_LIVE_APPLY=1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const subscription = process.env.SECURE_AKS_LIVE_SUBSCRIPTION;
const apply = process.env.SECURE_AKS_LIVE_APPLY === '1';
const location = process.env.SECURE_AKS_LIVE_LOCATION ?? 'eastus';
const cli = resolve('bin/secure-aks.js');

function run(args: string[], cwd: string, timeoutMs: number) {
  const result = spawnSync(process.execPath, [cli, ...args, '--subscription', subscription!, '-o', 'json', '--non-interactive'], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: result.status, json: result.stdout ? JSON.parse(result.stdout) : undefined, stderr: result.stderr };
}

describe.skipIf(!subscription)('live Azure', () => {
  const suffix = Date.now().toString(36).slice(-5);
  const names = ['-g', `rg-secure-aks-live-${suffix}`, '-n', `aks-live-${suffix}`, '-l', location];

  it('plan lists every step and writes nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'secure-aks-live-'));
    const { code, json } = run(['plan', ...names], cwd, 300_000);
    expect(code).toBe(0);
    expect(json.steps.map((s: { number: number }) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.skipIf(!apply)('init, verify and destroy a real deployment', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'secure-aks-live-'));
    const hour = 3_600_000;
    const init = run(['init', '--yes', ...names], cwd, hour);
    try {
      expect(init.code, init.stderr).toBe(0);
      const verify = run(['verify'], cwd, 30 * 60_000);
      expect(verify.json.checks.filter((c: { result: string }) => c.result === 'fail')).toEqual([]);
    } finally {
      const destroy = run(['destroy', '--yes'], cwd, hour);
      expect(destroy.code, destroy.stderr).toBe(0);
    }
  });
});
