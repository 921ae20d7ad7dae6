import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';

const required = { name: 'aks-demo', resourceGroup: 'rg-demo', location: 'eastus' };
const base = { env: {}, interactive: false };

describe('target defaults', () => {
  it('the embedded emulator defaults to the free tier; anything the user gives wins, and Azure stays standard', async () => {
    const demo = await resolveConfig({ ...base, flags: required, targetDefaults: { tier: 'free' } });
    expect(demo.config.tier).toBe('free');
    expect(demo.sources.tier).toEqual({ kind: 'default', name: 'default (this target)' });
    expect((await resolveConfig({ ...base, flags: { ...required, tier: 'premium' }, targetDefaults: { tier: 'free' } })).config.tier).toBe(
      'premium',
    );
    expect((await resolveConfig({ ...base, flags: required })).config.tier).toBe('standard');
  });
});
