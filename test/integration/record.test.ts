/**
 * --record: a run's ARM traffic, recorded by the product's client factory, is a cassette the conformance
 * harness replays against a fresh emulator with every compared interaction matched, and it holds neither the
 * bearer token nor runCommand's clusterToken.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArmRecorder } from '../../src/azure/record-policy.js';
import { replayFiles } from '../../src/conformance/run.js';
import { step } from '../../src/steps/01-identity.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness } from '../helpers/step-context.js';

const emu = useTestEmulator({ speed: SPEED.fast });

const jwt = (claims: object, signature: string) =>
  `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
const ARM_TOKEN = jwt({ oid: '11111111-1111-1111-1111-111111111111', aud: 'https://management.azure.com' }, 'armSignatureNotToBeRecorded');
const CLUSTER_TOKEN = jwt(
  { oid: '11111111-1111-1111-1111-111111111111', aud: '6dae42f8-4368-4678-94ff-3960e28e3630' },
  'clusterSignatureNotToBeRecorded',
);

/** Hands out distinct tokens for ARM and for the AKS server application, like Entra does. */
const credential: TokenCredential = {
  async getToken(scopes): Promise<AccessToken> {
    const aks = [scopes].flat().some((s) => s.startsWith('6dae42f8-'));
    return { token: aks ? CLUSTER_TOKEN : ARM_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

let cassette: string;
let text: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secure-aks-record-'));
  const recorder = createArmRecorder({ dir, command: 'init', now: new Date('2026-12-04T17:00:00.123Z') });
  const h = createStepHarness(emu, { recorder, credential });
  await h.apply(step);
  const net = await h.azure.network();
  await net.virtualNetworks.beginCreateOrUpdateAndWait(
    h.config.resourceGroup,
    'vnet-recorded',
    {
      location: h.config.location,
      addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
      subnets: [{ name: 'nodes', addressPrefix: '10.50.1.0/24' }],
    },
    { updateIntervalInMs: 5 },
  );
  // runCommand sends the cluster token in its body; the cluster does not exist, so Azure answers 404.
  const aks = await h.azure.containerService();
  const clusterToken = await h.azure.clusterToken();
  await expect(
    aks.managedClusters.beginRunCommandAndWait(h.config.resourceGroup, 'aks-missing', { command: 'kubectl get nodes', clusterToken }),
  ).rejects.toMatchObject({ statusCode: 404 });
  expect(readdirSync(dir)).toEqual(['init-20261204T170000Z.yaml']);
  cassette = recorder.file;
  text = readFileSync(cassette, 'utf8');
});

describe('--record', () => {
  it('writes a cassette that replays against a fresh emulator with every compared interaction matched', async () => {
    const run = await replayFiles([cassette]);
    expect(run.summary.compared, run.lines.join('\n')).toBeGreaterThanOrEqual(5);
    expect(run.summary.matched, run.lines.join('\n')).toBe(run.summary.compared);
    // The step's reads of what does not exist yet and the runCommand on a missing cluster: 404s with Azure's codes.
    expect(run.summary.errorCodes.total).toBeGreaterThanOrEqual(1);
    expect(run.summary.errorCodes.agree).toBe(run.summary.errorCodes.total);
  });

  it('holds no bearer token, no clusterToken and no Authorization header, and keeps correlation ids', () => {
    expect(text).not.toContain(ARM_TOKEN);
    expect(text).not.toContain(CLUSTER_TOKEN);
    expect(text).not.toContain('SignatureNotToBeRecorded');
    expect(text).not.toMatch(/^\s*authorization:/im);
    expect(text).toMatch(/"clusterToken":"redacted"/);
    expect(text).toMatch(/x-ms-correlation-request-id:\n\s+- [0-9a-f-]{36}/);
  });
});
