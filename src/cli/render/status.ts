import { stepFailureLines } from './failure-lines.js';
import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../../engine/result.js';
import { describeHolder } from '../../drift/check.js';
import type { LockInfo } from '../../state/lock.js';
import type { DeploymentState } from '../../state/schema.js';
import { stepRows } from './step-rows.js';
import { fitLines } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';

/**
 * What to do next, from what the journal says: wait for the run that holds the lock, build again after a
 * finished destroy, finish a destroy that stopped, or resume the deployment.
 */
export function nextHint(
  c: ChalkInstance,
  state: DeploymentState,
  steps: readonly StepResult[],
  status: string,
  stateFile: string,
  holder?: LockInfo,
): string {
  if (holder?.stopped)
    return c.yellow(
      `${describeHolder(holder)} stopped without releasing its lease (${holder.stopped}); the lease frees itself within a minute of its last renewal. Then continue with \`secure-aks status --resume --state ${stateFile}\`.`,
    );
  if (holder)
    return c.yellow(
      `${describeHolder(holder)} is working on this deployment now; run \`secure-aks status --state ${stateFile}\` again when it ends.`,
    );
  if (state.command === 'destroy') {
    if (steps.some((s) => s.status === 'failed'))
      return `Destroy stopped at a failure; after fixing the cause run \`secure-aks destroy --state ${stateFile}\` to finish.`;
    if (steps.every((s) => s.status === 'pending')) {
      return `Deployment ${state.deploymentId} was destroyed at ${state.updatedAt}. Build it again with \`secure-aks init --state ${stateFile}\` (same flags).`;
    }
    return `Destroy did not finish; run \`secure-aks destroy --state ${stateFile}\` to delete what is left.`;
  }
  if (status === 'done') return c.green('All steps are done.');
  const interrupted = steps.filter((s) => s.status === 'interrupted').map((s) => s.number);
  if (interrupted.length) {
    return c.yellow(
      `The run working on step${interrupted.length > 1 ? 's' : ''} ${interrupted.join(', ')} ended without finishing (its process is gone). ` +
        `Continue with \`secure-aks status --resume --state ${stateFile}\`: it re-attaches to what was in flight.`,
    );
  }
  return `Continue with \`secure-aks status --resume --state ${stateFile}\`.`;
}

/** `status` in text: where the deployment points, each step's state, the last error and the next command. */
export function renderStatus(
  output: Output,
  c: ChalkInstance,
  state: DeploymentState,
  steps: StepResult[],
  status: string,
  stateFile: string,
  holder?: LockInfo,
): void {
  const { config, target } = state;
  const lines = [
    c.bold(`Deployment ${state.deploymentId}: cluster ${config.name} in ${config.resourceGroup} (${config.location})`),
    `Target: ${target.kind === 'azure' ? `Azure (${target.cloud})` : target.kind === 'emulator' ? 'embedded emulator' : target.armEndpoint}; last run: ${state.command} at ${state.updatedAt}`,
    '',
  ];
  const width = outputColumns(output, 'out');
  const rows = stepRows(steps, c, 'run', width);
  steps.forEach((s, i) => {
    lines.push(rows[i]);
    if (s.error) lines.push(...stepFailureLines(s.error, c));
  });
  lines.push('', nextHint(c, state, steps, status, stateFile, holder));
  output.out(fitLines(lines, width).join('\n'));
}
