/**
 * Premium is sent with long-term support, which AKS offers only on the versions whose listing carries
 * AKSLongTermSupport: preflight refuses premium on another version (given, or the newest it would pick)
 * with exit 2 before any write, and the emulator refuses such a PUT as AKS does.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { ExitCode } from '../../src/core/errors.js';
import { assertPreflight, PreflightError, runPreflight } from '../../src/preflight/index.js';
import { versionFindings } from '../../src/preflight/platform.js';
import { runMain, endpointFlags } from '../helpers/cli-main.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const work = mkdtempSync(join(tmpdir(), 'preflight-lts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
  ...DEFAULTS,
  subscriptionId: SUB,
  resourceGroup: 'rg-lts',
  location: 'eastus',
  name: 'aks-lts',
  ...over,
});

async function writes(): Promise<string[]> {
  return (await emu.control.requests()).filter((r) => r.method === 'PUT' || r.method === 'DELETE').map((r) => `${r.method} ${r.path}`);
}

beforeEach(async () => {
  await emu.control.clearRequests();
});

describe('premium needs a version with long-term support', () => {
  it('the emulator lists long-term support per version, as AKS does', async () => {
    const listing = await (await emu.clients().containerService()).managedClusters.listKubernetesVersions('eastus');
    const plans = Object.fromEntries((listing.values ?? []).map((v) => [v.version, v.capabilities?.supportPlan]));
    expect(plans['1.31']).toEqual(['KubernetesOfficial']);
    expect(plans['1.33']).toEqual(['KubernetesOfficial', 'AKSLongTermSupport']);
  });

  it('refuses premium on a version without long-term support, naming both and what to do', async () => {
    const err = await assertPreflight({
      azure: emu.clients(),
      config: config({ tier: 'premium', kubernetesVersion: '1.31' }),
      deploymentId: 'abcd1234',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    const e = err as PreflightError;
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.problems.map((p) => p.code)).toEqual(['LongTermSupportUnavailable']);
    expect(e.problems[0].message).toMatch(/tier premium.*Kubernetes 1\.31 does not offer long-term support in eastus/);
    expect(e.problems[0].remediation).toMatch(/--kubernetes-version 1\.33 or 1\.32.*--tier standard/);
    expect(await writes()).toEqual([]);
  });

  it('accepts premium on a version with long-term support, and standard on any', async () => {
    const codes = async (over: Partial<ResolvedConfig>) =>
      (await runPreflight({ azure: emu.clients(), config: config(over), deploymentId: 'abcd1234' })).problems.map((p) => p.code);
    expect(await codes({ tier: 'premium', kubernetesVersion: '1.32' })).toEqual([]);
    expect(await codes({ tier: 'premium' })).toEqual([]);
    expect(await codes({ tier: 'standard', kubernetesVersion: '1.31' })).toEqual([]);
  });

  it('refuses premium when the newest version it would pick has no long-term support', () => {
    const versions = [
      { version: '1.34.1', minor: '1.34', patches: ['1.34.1'], isPreview: false, isDefault: false, supportPlans: ['KubernetesOfficial'] },
      {
        version: '1.33.3',
        minor: '1.33',
        patches: ['1.33.3'],
        isPreview: false,
        isDefault: true,
        supportPlans: ['KubernetesOfficial', 'AKSLongTermSupport'],
      },
    ];
    const p = versionFindings(config({ tier: 'premium' }), versions).problems;
    expect(p.map((x) => x.code)).toEqual(['LongTermSupportUnavailable']);
    expect(p[0].message).toMatch(/Kubernetes 1\.34\.1 \(the newest non-preview\)/);
    expect(p[0].remediation).toMatch(/--kubernetes-version 1\.33/);
  });

  it('`init` exits 2 on premium with 1.31 and writes nothing', async () => {
    const r = await runMain(
      [
        'init',
        ...endpointFlags(emu),
        '--non-interactive',
        '--yes',
        '-g',
        'rg-lts-cli',
        '-n',
        'aks-lts',
        '-l',
        'eastus',
        '--tier',
        'premium',
        '--kubernetes-version',
        '1.31',
        '--state',
        join(work, 'state.json'),
      ],
      { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) },
    );
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toMatch(/LongTermSupportUnavailable/);
    expect(await writes()).toEqual([]);
  });

  it('AKS refuses long-term support on a version that does not list it', async () => {
    await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-lts-put', { location: 'eastus' });
    const res = await emu.http(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-lts-put/providers/Microsoft.ContainerService/managedClusters/aks-x?api-version=2026-04-01`,
      {
        location: 'eastus',
        sku: { name: 'Base', tier: 'Premium' },
        properties: {
          kubernetesVersion: '1.31',
          supportPlan: 'AKSLongTermSupport',
          dnsPrefix: 'x',
          agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4ds_v5', osType: 'Linux' }],
        },
        identity: { type: 'SystemAssigned' },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidParameter', target: 'properties.supportPlan' });
  });
});
