/**
 * Shared by the reliability tests: deployment flags for the built CLI against a separately started emulator
 * (it outlives a killed CLI), resource-set comparison, and a clean reference deployment per file.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ArmResource, RequestRecord } from '../../src/emulator/control-client.js';
import { useStarted } from '../helpers/emulator.js';
import { runCli, startSeparateEmulator, type SeparateEmulator } from '../e2e/run-cli.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';

/** init/plan flags for one deployment against the emulator (JSON on stdout, never a prompt). */
export function deployArgs(
  emu: Pick<SeparateEmulator, 'url' | 'caFile'>,
  state: string,
  command: string[] = ['init'],
  name = 'aks-rel',
): string[] {
  return [
    ...command,
    '--arm-endpoint',
    emu.url,
    '--arm-ca',
    emu.caFile,
    ...UNATTENDED_JSON,
    '-l',
    'eastus',
    '-g',
    `rg-${name}`,
    '-n',
    name,
    '--state',
    state,
  ];
}

export function resumeArgs(state: string): string[] {
  return ['status', '--resume', '--non-interactive', '--yes', '-o', 'json', '--state', state];
}

/** Ids with the parts Azure generates per run (GUIDs, hashes in node-resource-group names) masked. */
export function shapeOf(id: string): string {
  return id
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<guid>')
    .replace(/-\d{8}-vmss/g, '-<n>-vmss')
    .replace(/\/a\/([a-z0-9-]+)-[0-9a-f]{8}$/g, '/a/$1-<hex>')
    .replace(/virtualnetworklinks\/[0-9a-f]{16}$/g, 'virtualnetworklinks/<hex>');
}

export function resourceShapes(resources: ArmResource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(shapeOf(r.id), (counts.get(shapeOf(r.id)) ?? 0) + 1);
  return counts;
}

/** What a run left compared with an uninterrupted one: missing, extra (orphans) and duplicated resources. */
export function compareShapes(
  clean: Map<string, number>,
  got: Map<string, number>,
): { missing: string[]; extra: string[]; duplicates: string[] } {
  const missing = [...clean.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !clean.has(k));
  const duplicates = [...got.entries()].filter(([k, n]) => clean.has(k) && n > clean.get(k)!).map(([k]) => k);
  return { missing, extra, duplicates };
}

/** ARM writes in a request log slice (POSTs are actions such as runCommand, not writes to resources). */
export function armWrites(records: RequestRecord[]): RequestRecord[] {
  return records.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method));
}

/** One emulator and a clean reference deployment, shared by a test file. */
export interface Baseline {
  work: string;
  emu: SeparateEmulator;
  /** The resource shapes of an uninterrupted, fault-free run: what every other run must converge to. */
  clean: Map<string, number>;
  /** Option flags every init of this baseline adds (none: the deployment as it was before the production options). */
  flags: string[];
  /** A fresh state file path per call. */
  stateFile(): string;
  close(): Promise<void>;
}

/**
 * Registers the file's hooks: a separate emulator at `speed` (one of SPEED) with its work directory, a clean
 * deployment with `flags`.
 */
export function useBaseline(name: string, speed: number, flags: string[] = []): Baseline {
  return useStarted(
    'useBaseline',
    async (): Promise<Baseline> => {
      const emu = await startSeparateEmulator(name, speed);
      let counter = 0;
      const stateFile = () => join(emu.work, `state-${++counter}.json`);
      const r = await runCli([...deployArgs(emu, stateFile()), ...flags]);
      expect(r.code, r.stderr).toBe(0);
      const clean = resourceShapes(await emu.control.resources());
      return { work: emu.work, emu, clean, flags, stateFile, close: () => emu.close() };
    },
    120_000,
  );
}
