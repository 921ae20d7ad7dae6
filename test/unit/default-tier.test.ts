import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDeployment } from '../../src/cli/actions/prepare.js';
import type { DeployOptions } from '../../src/cli/commands/deploy-options.js';
import type { CommandContext } from '../../src/cli/context.js';
import type { Session } from '../../src/cli/session.js';
import { RecordingIoHost } from '../../src/io/recording.js';

const values = { name: 'aks-t', resourceGroup: 'rg-t', location: 'eastus', subscription: '11111111-1111-1111-1111-111111111111' };

async function tierOf(target: DeployOptions['target'], flags: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'secure-aks-tier-'));
  const o = { common: { state: join(dir, 'state.json') }, target, values: { ...values, ...flags } } as unknown as DeployOptions;
  const ctx = { env: {} } as unknown as CommandContext;
  const session = { io: new RecordingIoHost() } as unknown as Session;
  return (await prepareDeployment(ctx, o, session, o.common.state)).config.tier;
}

describe('the default pricing tier', () => {
  it('is Standard for Azure and an endpoint, Free for the embedded emulator demo; a tier given wins', async () => {
    expect(await tierOf({ emulator: false })).toBe('standard');
    expect(await tierOf({ emulator: false, armEndpoint: 'https://127.0.0.1:8443' })).toBe('standard');
    expect(await tierOf({ emulator: true })).toBe('free');
    expect(await tierOf({ emulator: true }, { tier: 'premium' })).toBe('premium');
  });
});
