import { translateAzureError } from '../../azure/errors.js';
import { createAzureClients } from '../../azure/clients.js';
import { ExitCode } from '../../engine/errors.js';
import { MemoryJournal } from '../../engine/journal.js';
import { planSteps } from '../../engine/plan.js';
import { jumphostKeyPath } from '../../state/jumphost-key.js';
import { errorWithoutResume, withoutResume } from '../../engine/resume-advice.js';
import type { CommandContext } from '../context.js';
import type { DeployOptions } from '../commands/deploy-options.js';
import { renderRunSummary } from '../render/human.js';
import { renderRunJson } from '../render/json.js';
import { reportError } from '../report-error.js';
import { openSession } from '../session.js';
import { resolveTarget, type ResolvedTarget } from '../target.js';
import { assertPreflight } from '../../preflight/index.js';
import { adoptionLines } from '../render/deployment-summary.js';
import { prepareDeployment, recordedDeployment } from './prepare.js';

/**
 * plan: every step's read-only check against Azure, then stop. It takes no lock and never writes the
 * state file: checks read the recorded outputs from a scratch copy of the journal.
 */
export async function runPlan(ctx: CommandContext, o: DeployOptions): Promise<number> {
  const session = openSession(ctx, o.common);
  let target: ResolvedTarget | undefined;
  try {
    const prepared = await prepareDeployment(ctx, o, session);
    const recorded = prepared.store?.state;
    target = await resolveTarget(o.target, recorded?.target, o.common.state, ctx.env);
    // Loaded only once the inputs are settled: a usage error never pays for the step modules.
    const { STEPS } = await import('../../steps/index.js');
    const azure = createAzureClients({
      subscriptionId: prepared.config.subscriptionId,
      target: target.target,
      onArmCall: (call) => session.io.notify({ code: 'arm.call', call }),
      onWait: (message) => session.io.notify({ code: 'info', message }),
      recorder: session.recorder,
      env: ctx.env,
    });
    // What Azure would refuse (quota, VM size, providers, permissions, version, names) fails the plan too.
    const preflight = await assertPreflight({
      azure,
      config: prepared.config,
      deploymentId: prepared.deploymentId,
      recorded: recordedDeployment(recorded),
      adopted: recorded?.adopted,
      signal: ctx.signal,
    });
    for (const note of preflight.notes) session.io.notify({ code: 'info', message: `preflight: ${note.message}` });
    for (const line of adoptionLines(preflight)) session.io.notify({ code: 'info', message: `preflight: ${line}` });
    const planned = await planSteps({
      steps: STEPS,
      config: prepared.config,
      deploymentId: prepared.deploymentId,
      azure,
      jumphostKeyPath: jumphostKeyPath(o.common.state, recorded, prepared.config.name),
      journal: new MemoryJournal(structuredClone(recorded?.steps ?? {})),
      io: session.io,
      signal: ctx.signal,
    });
    // A plan writes nothing, so there is nothing to resume: the advice is to run the plan again.
    const result = {
      ...planned,
      steps: planned.steps.map((s) =>
        s.error?.remediation ? { ...s, error: { ...s.error, remediation: withoutResume(s.error.remediation) } } : s,
      ),
      ...(planned.error ? { error: errorWithoutResume(planned.error) } : {}),
    };
    session.io.close();
    if (o.common.output === 'json') renderRunJson(ctx.output, 'plan', result, { deploymentId: prepared.deploymentId, preflight });
    else renderRunSummary(ctx.output, result, { command: 'plan', stateFile: o.common.state, chalk: session.chalk });
    return result.status === 'done' ? ExitCode.ok : (result.error?.exitCode ?? ExitCode.stepFailed);
  } catch (err) {
    session.io.close();
    const typed = errorWithoutResume(translateAzureError(err));
    reportError(ctx.output, typed, {
      json: o.common.output === 'json',
      command: 'plan',
      verbose: o.common.verbose,
      noColor: !o.common.color,
      env: ctx.env,
    });
    return typed.exitCode;
  } finally {
    await target?.close().catch(() => undefined);
  }
}
