import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonEgress } from '../../src/azure/addon-egress.js';
import { ADDON_KEYS, ADDONS } from '../../src/config/addons.js';

/**
 * The README's add-on table says what each add-on opens in the firewall; step 4 writes `addonEgress`. This
 * reads the table under "### Add-ons" and compares its last column with the public cloud's list (the README
 * writes the region as `<region>`), so the two cannot drift apart.
 */
const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

function addonTable(markdown: string): Map<string, string[]> {
  const section = /^### Add-ons\n([\s\S]*?)(?=^#{2,3} )/m.exec(markdown);
  if (!section) throw new Error('README has no "### Add-ons" section');
  const rows = section[1]!.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| add-on |'));
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const cells = row.split(' | ').map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
    out.set(
      cells[0]!,
      [...cells[cells.length - 1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
    );
  }
  return out;
}

describe('README add-on table', () => {
  const table = addonTable(README);

  it('has one row per add-on, named as Microsoft names it', () => {
    expect([...table.keys()].sort()).toEqual(ADDON_KEYS.map((k) => ADDONS[k].title).sort());
  });

  it.each(ADDON_KEYS)('%s: the firewall column is exactly what step 4 writes in the public cloud', (addon) => {
    expect(table.get(ADDONS[addon].title)).toEqual(addonEgress(addon, 'AzureCloud', '<region>').fqdns);
  });
});
