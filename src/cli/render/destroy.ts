/** The result of destroy on stdout: a short report, or the one JSON document of `-o json`. */
import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../../engine/result.js';
import { formatDuration } from '../../io/format.js';
import { renderError } from './human.js';
import { renderJson } from './json.js';
import type { Output } from './output.js';
import type { TeardownResult } from '../../destroy/execute.js';

export interface DestroyRenderOptions {
  json: boolean;
  /**
   * Each step as the state file records it once the teardown ended: `pending` when nothing of it is left,
   * `failed` with the error that stopped its teardown, and what it was before for a step not reached.
   */
  steps: StepResult[];
  chalk: ChalkInstance;
  deploymentId: string;
  stateFile: string;
}

export function renderDestroy(output: Output, result: TeardownResult, o: DestroyRenderOptions): void {
  if (o.json) {
    renderJson(output, {
      command: 'destroy',
      status: result.status,
      steps: o.steps,
      extra: { deploymentId: o.deploymentId, stateFile: o.stateFile, deleted: result.deleted, kept: result.kept },
      error: result.error,
    });
    return;
  }
  const c = o.chalk;
  const lines: string[] = [''];
  lines.push(
    result.deleted.length
      ? `Deleted ${result.deleted.length} resource(s) of deployment ${o.deploymentId}:`
      : `Nothing of deployment ${o.deploymentId} was left to delete.`,
  );
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
