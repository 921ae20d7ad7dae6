import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRICT_RULES } from '../../src/emulator/core/strict-rules.js';

/** docs/azure-behaviour.md is the list of Azure's strict behaviours with their sources and tests: keep it true. */
const ROOT = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'azure-behaviour.md'), 'utf8');
const rows = doc.split('\n').filter((line) => /^\| \d+ \|/.test(line));

describe('docs/azure-behaviour.md', () => {
  it('has a row for every emulator strictness rule', () => {
    for (const rule of STRICT_RULES)
      expect(
        rows.some((row) => row.includes(`\`${rule}\``)),
        rule,
      ).toBe(true);
  });

  it('gives every behaviour a public source and tests on both sides that exist', () => {
    expect(rows.length).toBeGreaterThanOrEqual(STRICT_RULES.length);
    for (const row of rows) {
      const [, , source, emulator, wizard] = row.split(' | ');
      expect(source, row).toMatch(/https:\/\//);
      for (const side of [emulator, wizard]) {
        const files = [...(side ?? '').matchAll(/`(test\/[^`]+\.ts)`/g)].map((m) => m[1]!);
        if (side === emulator) expect(files.length, `emulator test in: ${row.slice(0, 80)}`).toBeGreaterThan(0);
        for (const file of files) expect(existsSync(join(ROOT, file)), file).toBe(true);
      }
    }
  });
});
