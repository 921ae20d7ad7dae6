import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { STRICT_RULES } from '../../src/emulator/core/strict-rules.js';
import { startEmulator } from '../../src/emulator/index.js';

describe('strictness rules', () => {
  const emu = useTestEmulator({ relax: ['rbac-propagation'], resetBeforeEach: false });

  it('are all on except the ones the emulator was started without', async () => {
    const states = (await emu.http('GET', '/_emulator/strictness')).body;
    expect(Object.keys(states).sort()).toEqual([...STRICT_RULES].sort());
    for (const rule of STRICT_RULES) expect(states[rule]).toBe(rule !== 'rbac-propagation');
  });

  it('are relaxed one at a time by name, and reset to how the emulator started', async () => {
    const after = await emu.control.setStrictness({ 'firewall-locks': false, 'rbac-propagation': true });
    expect(after['firewall-locks']).toBe(false);
    expect(after['rbac-propagation']).toBe(true);
    expect(after['aks-pending-operation']).toBe(true);
    await emu.control.reset();
    const states = (await emu.http('GET', '/_emulator/strictness')).body;
    expect(states['firewall-locks']).toBe(true);
    expect(states['rbac-propagation']).toBe(false);
  });

  it('refuses an unknown rule or a non-boolean without changing anything', async () => {
    const unknown = await emu.http('PUT', '/_emulator/strictness', { 'firewall-locks': false, lenient: false });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'InvalidStrictnessRule' } } });
    expect(unknown.body.error.message).toContain('firewall-locks');
    expect((await emu.http('PUT', '/_emulator/strictness', { 'firewall-locks': 'no' })).status).toBe(400);
    expect((await emu.http('GET', '/_emulator/strictness')).body['firewall-locks']).toBe(true);
  });

  it('refuses an unknown rule at start', async () => {
    await expect(startEmulator({ relax: ['everything'] })).rejects.toThrow(/not a strictness rule/);
  });
});
