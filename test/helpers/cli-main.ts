/**
 * The CLI run in-process through main(): what a user sees on stdout and the exit status, without
 * spawning the built CLI (progress still goes to this process's stderr).
 */
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import type { TestEmulator } from './emulator.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(args: string[], env: NodeJS.ProcessEnv = {}): Promise<MainResult> {
  const output = new BufferedOutput();
  const code = await main(['node', 'secure-aks', ...args], { output, env: { NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost', ...env } });
  return { code, stdout: output.stdout, stderr: output.stderr };
}

/** Flags that point a command at a test emulator. */
export function endpointFlags(emu: Pick<TestEmulator, 'url' | 'caFile'>): string[] {
  return ['--arm-endpoint', emu.url, '--arm-ca', emu.caFile];
}

/** init flags for one non-interactive deployment on the test emulator. */
export function initArgs(emu: Pick<TestEmulator, 'url' | 'caFile'>, state: string, name = 'aks-honest'): string[] {
  return ['init', ...endpointFlags(emu), '--non-interactive', '--yes', '-l', 'eastus', '-g', `rg-${name}`, '-n', name, '--state', state];
}
