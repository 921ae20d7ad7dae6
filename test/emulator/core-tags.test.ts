import { describe, expect, it } from 'vitest';
import { useTestEmulator, SUB } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/** ARM's tag limits, on every PUT and PATCH whatever the type (docs/emulator.md, Refusals: Everywhere). */
const emu = useTestEmulator({ speed: SPEED.instant });

describe('tag limits', () => {
  it('refuses reserved characters, long names and values, and more than 50 tags', async () => {
    const rm = await emu.clients().resources();
    const refuse = (tags: Record<string, string>) =>
      rm.resourceGroups.createOrUpdate('rg-tag-limits', { location: 'eastus', tags }).then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      );
    expect(await refuse({ 'a/b': 'x' })).toBe('InvalidTagNameCharacters');
    expect(await refuse({ 'a\u0001b': 'x' })).toBe('InvalidTagNameCharacters');
    expect(await refuse({ ['n'.repeat(513)]: 'x' })).toBe('InvalidTagNameLength');
    expect(await refuse({ n: 'v'.repeat(257) })).toBe('InvalidTagValueLength');
    expect(await refuse(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v'])))).toBe('TooManyTags');
    expect(await refuse(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'v'.repeat(256)])))).toBe('accepted');
  });

  it('applies to PATCH of any type too', async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-tag-patch', { location: 'eastus' });
    const answer = await emu.http('PATCH', `/subscriptions/${SUB}/resourceGroups/rg-tag-patch?api-version=2024-11-01`, {
      tags: { 'cost%center': '1' },
    });
    expect([answer.status, answer.body?.error?.code]).toEqual([400, 'InvalidTagNameCharacters']);
  });
});
