import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { layoutHelp } from '../../src/cli/help-layout.js';

it('the prebuilt dist/help.txt the launcher prints equals what the commander program renders', async () => {
  const output = new BufferedOutput();
  expect(await main(['node', 'secure-aks', '--help'], { output })).toBe(0);
  expect(readFileSync('dist/help.txt', 'utf8')).toBe(output.stdout);
  expect(output.stdout).toMatch(/^Usage:/);
});

it.each([60, 120])('laid out at %i columns, the prebuilt help equals what the program prints in that terminal', async (columns) => {
  const output = new BufferedOutput(columns);
  expect(await main(['node', 'secure-aks', '--help'], { output })).toBe(0);
  expect(layoutHelp(readFileSync('dist/help.txt', 'utf8'), columns)).toBe(output.stdout);
});
