/**
 * kill -9 of the built CLI at random moments, against a separately started emulator that survives it:
 * `status --resume` converges to exactly the resources of an uninterrupted run, and the state file is always
 * readable. Kills late in the run: crashes-random-late.test.ts; operations in flight at the kill:
 * crashes-in-flight*.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/run-cli.js';
import { killedAfterRequests, useCrashBaseline } from './crash-kit.js';

const b = useCrashBaseline();

describe('kill -9 at random moments', () => {
  // Of about 190 ARM requests: during preflight, and among the network writes. Later ones: crashes-random-late.test.ts.
  killedAfterRequests(b, 'during preflight and among the network writes', [1, 40]);

  it('a kill while the state file is being written leaves the old or the new file, never a torn one', async () => {
    const file = join(b.work, 'hammer', 'state.json');
    const storeUrl = pathToFileURL(join(ROOT, 'dist', 'state', 'store.js')).href;
    const schemaUrl = pathToFileURL(join(ROOT, 'dist', 'state', 'schema.js')).href;
    const defaultsUrl = pathToFileURL(join(ROOT, 'dist', 'config', 'defaults.js')).href;
    // A child that rewrites a growing state file as fast as it can, until it is killed.
    const script = `
      const { saveState } = await import(${JSON.stringify(storeUrl)});
      const { createState } = await import(${JSON.stringify(schemaUrl)});
      const { DEFAULTS } = await import(${JSON.stringify(defaultsUrl)});
      // A complete configuration: loading a state file checks the recorded one like flags.
      const s = createState({ command: 'init', target: { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1' },
        config: { ...DEFAULTS, subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg', location: 'eastus', name: 'aks' } });
      for (let i = 0; ; i++) { s.steps.network = { status: 'running', outputs: { n: i, pad: 'x'.repeat(i % 5000) } }; await saveState(${JSON.stringify(file)}, s); }`;
    const { loadState } = (await import(storeUrl)) as { loadState(f: string): Promise<{ steps: Record<string, unknown> } | undefined> };
    for (let i = 0; i < 8; i++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
      while (!existsSync(file)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 100));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      const state = await loadState(file);
      expect(state?.steps.network).toBeTruthy();
    }
  }, 60_000);
});
