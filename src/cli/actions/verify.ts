import { createAzureClients, isLoopbackEndpoint } from '../../azure/clients.js';
import { translateAzureError } from '../../azure/errors.js';
import type { CloudTarget } from '../../azure/types.js';
import { EMULATOR_SUBSCRIPTION_ID } from '../../config/defaults.js';
import { resourceNames } from '../../config/names.js';
import { ExitCode, InputRequiredError, UsageError } from '../../engine/errors.js';
import type { DeploymentState } from '../../state/schema.js';
import { loadState } from '../../state/store.js';
import { runVerify } from '../../verify/index.js';
import type { CommandContext } from '../context.js';
import type { VerifyCommandOptions } from '../commands/verify.js';
import { renderVerifyHuman } from '../render/verify-human.js';
import { renderVerifyJson, type VerifyStepJson } from '../render/verify-json.js';
import { reportError } from '../report-error.js';
import { openSession } from '../session.js';
import { resolveTarget, type ResolvedTarget } from '../target.js';
import { liveLockHolder } from '../../drift/check.js';
import { stepsFromState } from './journal-steps.js';

/** Which cluster to audit and whether the state file describes it (then its target, names and steps apply). */
interface Subject {
  resourceGroup: string;
  name: string;
  state?: DeploymentState;
}

function subjectOf(o: VerifyCommandOptions, state: DeploymentState | undefined): Subject {
  if (o.resourceGroup === undefined || o.name === undefined) {
    if (!state) {
      throw new UsageError(
        'NoStateFile',
        `There is no state file at ${o.common.state} naming a deployment to verify.`,
        'Pass -g <resource group> -n <cluster> to audit any cluster, or --state <file> for a deployment made with `secure-aks init`.',
      );
    }
    return { resourceGroup: state.config.resourceGroup, name: state.config.name, state };
  }
  const c = state?.config;
  const same =
    c !== undefined &&
    c.resourceGroup.toLowerCase() === o.resourceGroup.toLowerCase() &&
    c.name.toLowerCase() === o.name.toLowerCase() &&
    (o.subscription === undefined || o.subscription === c.subscriptionId);
  return { resourceGroup: o.resourceGroup, name: o.name, state: same ? state : undefined };
}

const SUBSCRIPTION_SOURCE = {
  key: 'subscription',
  flag: '--subscription',
  env: 'SECURE_AKS_SUBSCRIPTION or AZURE_SUBSCRIPTION_ID',
  configKey: '(none)',
};

/** An emulator (embedded or on loopback) serves one known subscription; Azure needs one named. */
function subscriptionOf(o: VerifyCommandOptions, subject: Subject, target: CloudTarget): string {
  const emulator = target.kind === 'emulator' || (target.kind === 'endpoint' && isLoopbackEndpoint(target.armEndpoint));
  const id = o.subscription ?? subject.state?.config.subscriptionId ?? (emulator ? EMULATOR_SUBSCRIPTION_ID : undefined);
  if (!id) throw new InputRequiredError([SUBSCRIPTION_SOURCE]);
  return id;
}

const stepsJson = (state: DeploymentState | undefined, runAlive: boolean): VerifyStepJson[] =>
  state ? stepsFromState(state, runAlive).map(({ number, id, title, status }) => ({ number, id, title, status })) : [];

/**
 * verify: the posture audit of the state file's deployment, or of any cluster named by -g/-n (through
 * the target flags, else Azure). Read-only, except the short-lived probe pods of the in-cluster checks.
 * Exit 0 when no check fails, 1 otherwise.
 */
export async function runVerifyCommand(ctx: CommandContext, o: VerifyCommandOptions): Promise<number> {
  const json = o.common.output === 'json';
  const session = openSession(ctx, { ...o.common, yes: false, nonInteractive: true });
  let target: ResolvedTarget | undefined;
  try {
    const subject = subjectOf(o, await loadState(o.common.state));
    // A foreign cluster is reached through the flags only: a state file of another deployment must not redirect it.
    target = await resolveTarget(o.target, subject.state?.target, o.common.state, ctx.env);
    const subscriptionId = subscriptionOf(o, subject, target.target);
    const azure = createAzureClients({
      subscriptionId,
      target: target.target,
      onArmCall: (call) => session.io.notify({ code: 'arm.call', call }),
      onWait: (message) => session.io.notify({ code: 'info', message }),
      recorder: session.recorder,
      env: ctx.env,
    });
    session.io.notify({
      code: 'info',
      message: `Verifying cluster ${subject.name} in ${subject.resourceGroup}${o.inCluster ? '' : ' (ARM reads only: --no-in-cluster)'}`,
    });
    const report = await runVerify({
      azure,
      resourceGroup: subject.resourceGroup,
      clusterName: subject.name,
      names: subject.state ? resourceNames(subject.state.config) : undefined,
      inCluster: o.inCluster,
      signal: ctx.signal,
      progress: (message) => session.io.notify({ code: 'info', message }),
    });
    session.io.close();
    const cluster = { subscriptionId, resourceGroup: subject.resourceGroup, name: subject.name, armEndpoint: target.target.armEndpoint };
    if (json) renderVerifyJson(ctx.output, report, stepsJson(subject.state, !!(await liveLockHolder(o.common.state))), cluster);
    else renderVerifyHuman(ctx.output, report, cluster, session.chalk);
    return report.status === 'pass' ? ExitCode.ok : ExitCode.stepFailed;
  } catch (err) {
    session.io.close();
    const typed = translateAzureError(err);
    reportError(ctx.output, typed, { json, command: 'verify', verbose: o.common.verbose, noColor: !o.common.color, env: ctx.env });
    return typed.exitCode;
  } finally {
    await target?.close().catch(() => undefined);
  }
}
