/** The result of destroy on stdout: a short report, or the one JSON document of `-o json`. */
import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../../engine/result.js';
import type { StepStatus } from '../../engine/step.js';
import { formatDuration } from '../../io/format.js';
import { renderError } from './human.js';
import { renderJson } from './json.js';
import type { Output } from './output.js';
import type { TeardownResult } from '../../destroy/execute.js';

export interface DestroyRenderOptions {
  json: boolean;
  chalk: ChalkInstance;
  deploymentId: string;
  stateFile: string;
}

/**
 * Each step's teardown, in article order: done (all of it deleted, or kept with a reason), failed (a
 * delete failed: see its error), pending (not reached: an earlier failure or Ctrl-C stopped the run).
 */
export async function destroySteps(result: TeardownResult): Promise<StepResult[]> {
  const { STEPS } = await import('../../steps/index.js');
  return [...STEPS]
    .sort((a, b) => a.number - b.number)
    .map((s) => {
      const error = result.failed[s.id];
      const status: StepStatus = error ? 'failed' : result.completed.includes(s.id) ? 'done' : 'pending';
      return { number: s.number, id: s.id, title: s.title, status, ...(error ? { error } : {}) };
    });
}

export async function renderDestroy(output: Output, result: TeardownResult, o: DestroyRenderOptions): Promise<void> {
  const steps = await destroySteps(result);
  if (o.json) {
    renderJson(output, {
      command: 'destroy',
      status: result.status,
      steps,
      extra: { deploymentId: o.deploymentId, stateFile: o.stateFile, deleted: result.deleted, kept: result.kept },
      error: result.error,
    });
    return;
  }
  const c = o.chalk;
  const lines: string[] = [''];
  lines.push(result.deleted.length ? `Deleted ${result.deleted.length} resource(s) of deployment ${o.deploymentId}:` : `Nothing of deployment ${o.deploymentId} was left to delete.`);
  for (const d of result.deleted) lines.push(`  ${c.red('-')} ${d.type} ${d.id.split('/').pop()}`);
  if (result.kept.length) {
    lines.push(`Kept ${result.kept.length} resource(s):`);
    for (const k of result.kept) lines.push(`  ${c.dim('=')} ${k.type} ${k.id.split('/').pop()}: ${k.reason}`);
  }
  lines.push('');
  const again = `secure-aks destroy --state ${o.stateFile}`;
  if (result.status === 'done') lines.push(c.green(`Done in ${formatDuration(result.durationMs)}.`));
  else if (result.status === 'interrupted') lines.push(c.yellow(`Interrupted. Run \`${again}\` to finish.`));
  else lines.push(c.red(`Destroy stopped at a failure; what is deleted stays deleted. After fixing the cause run \`${again}\`.`));
  output.out(lines.join('\n'));
  if (result.status === 'failed' && result.error) renderError(output, result.error, c);
}
