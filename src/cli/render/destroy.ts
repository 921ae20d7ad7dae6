/** The result of destroy on stdout in text: what was deleted and kept, and what to run next. */
import type { ChalkInstance } from 'chalk';
import { formatDuration } from '../../io/format.js';
import { renderError } from './human.js';
import { fitLines } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';
import type { TeardownResult } from '../../destroy/execute.js';

export interface DestroyRenderOptions {
  chalk: ChalkInstance;
  deploymentId: string;
  stateFile: string;
}

export function renderDestroy(output: Output, result: TeardownResult, o: DestroyRenderOptions): void {
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
  output.out(fitLines(lines, outputColumns(output, 'out')).join('\n'));
  if (result.status === 'failed' && result.error) renderError(output, result.error, c);
}
