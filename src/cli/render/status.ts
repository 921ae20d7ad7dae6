import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../../engine/result.js';
import type { DeploymentState } from '../../state/schema.js';
import { stepRows } from './step-rows.js';
import type { Output } from './output.js';

/** `status` in text: where the deployment points, each step's state, the last error and the next command. */
export function renderStatus(output: Output, c: ChalkInstance, state: DeploymentState, steps: StepResult[], status: string, stateFile: string): void {
  const { config, target } = state;
  const lines = [
    c.bold(`Deployment ${state.deploymentId}: cluster ${config.name} in ${config.resourceGroup} (${config.location})`),
    `Target: ${target.kind === 'azure' ? `Azure (${target.cloud})` : target.kind === 'emulator' ? 'embedded emulator' : target.armEndpoint}; last run: ${state.command} at ${state.updatedAt}`,
    '',
  ];
  const rows = stepRows(steps, c);
  steps.forEach((s, i) => {
    lines.push(rows[i]);
    if (s.error) {
      lines.push(`      ${c.red(s.error.code)}: ${s.error.message}`);
      if (s.error.remediation) lines.push(`      ${c.cyan('What to do:')} ${s.error.remediation}`);
    }
  });
  lines.push('');
  if (status === 'done') lines.push(c.green('All steps are done.'));
  else lines.push(`Continue with \`secure-aks status --resume --state ${stateFile}\`.`);
  output.out(lines.join('\n'));
}
