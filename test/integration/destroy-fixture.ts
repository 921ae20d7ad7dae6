/**
 * A deployment built by the ten steps on the emulator, with the state file init would have written,
 * and a way to run `destroy` in-process (the real run function, real SDK clients, non-interactive host).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestroyOptions } from '../../src/cli/actions/destroy.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import type { Session } from '../../src/cli/session.js';
import { runDestroy } from '../../src/cli/actions/destroy.js';
import type { StepId } from '../../src/core/step.js';
import { createState, type DeploymentState } from '../../src/state/schema.js';
import { loadState, saveState } from '../../src/state/store.js';
import { STEPS } from '../../src/steps/index.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';

export interface Deployed {
  h: StepHarness;
  stateFile: string;
}

/** Runs every step (or the first `upTo` with their dependencies) and writes the state file init would have left. */
export async function deploy(
  emu: TestEmulator,
  o: { resourceGroup: string; name: string; deploymentId: string; upTo?: number },
): Promise<Deployed> {
  const h = createStepHarness(emu, { config: { resourceGroup: o.resourceGroup, name: o.name }, deploymentId: o.deploymentId });
  // Steps up to `upTo` and whatever they depend on (step 3 needs steps 4 and 7: rules and NSGs precede the firewall).
  const wanted = new Set<StepId>();
  const want = (id: StepId): void => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const d of STEPS.find((s) => s.id === id)!.dependsOn) want(d);
  };
  for (const s of STEPS) if (s.number <= (o.upTo ?? 10)) want(s.id);
  const steps = STEPS.filter((s) => wanted.has(s.id));
  await h.applyAll(steps);
  const stateFile = join(mkdtempSync(join(tmpdir(), 'secure-aks-destroy-')), 'state.json');
  const state: DeploymentState = createState({
    command: 'init',
    target: { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: emu.url, caFile: emu.caFile },
    config: h.config,
    deploymentId: o.deploymentId,
  });
  const at = new Date().toISOString();
  for (const s of steps)
    state.steps[s.id as StepId] = { status: 'done', startedAt: at, finishedAt: at, outputs: h.outputs.get(s.id) ?? {} };
  await saveState(stateFile, state);
  return { h, stateFile };
}

export interface DestroyRun {
  exit: number;
  out: BufferedOutput;
  json: any;
}

/** `session` replaces the terminal's io host, e.g. a recording host that answers the confirmation. */
export async function runDestroyCli(
  stateFile: string,
  o: { yes?: boolean; signal?: AbortSignal; session?: Session } = {},
): Promise<DestroyRun> {
  const out = new BufferedOutput();
  let exit = -1;
  const options: DestroyOptions = {
    common: { state: stateFile, output: 'json', yes: o.yes ?? true, nonInteractive: true, verbose: false, color: false },
    target: { emulator: false },
  };
  const ctx = { output: out, env: {}, signal: o.signal ?? new AbortController().signal, setExit: (c: number) => void (exit = c) };
  exit = await runDestroy(ctx, options, o.session);
  return { exit, out, json: out.stdout.trim() ? JSON.parse(out.stdout) : undefined };
}

export const readState = (file: string) => loadState(file) as Promise<DeploymentState>;

/** Every resource in the emulator carrying this deployment's tag. */
export async function tagged(emu: TestEmulator, deploymentId: string): Promise<string[]> {
  return (await emu.control.resources()).filter((r) => r.tags?.['secure-aks-deployment'] === deploymentId).map((r) => r.id);
}

/** DELETE/PUT requests that Azure refused with an in-use or conflict error. */
export async function refusedWrites(emu: TestEmulator): Promise<string[]> {
  return (await emu.control.requests())
    .filter((r) => r.method !== 'GET' && r.status >= 400)
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}
