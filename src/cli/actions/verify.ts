import { isLoopbackEndpoint } from '../../azure/clients.js';
import type { CloudTarget } from '../../azure/types.js';
import { EMULATOR_SUBSCRIPTION_ID } from '../../config/defaults.js';
import { resourceNames } from '../../config/names.js';
import { ExitCode, InputRequiredError, UsageError } from '../../core/errors.js';
import type { DeploymentState } from '../../state/schema.js';
import { loadState } from '../../state/store.js';
import { runVerify } from '../../verify/index.js';
import type { CommandContext } from '../context.js';
import type { VerifyStepJson } from '../render/verify-json.js';
import { Factory } from '../factory.js';
import { verifyView } from '../views/verify.js';
import { liveLockHolder } from '../../drift/check.js';
import { stepsFromState } from './journal-steps.js';
import type { CommonOptions, TargetOptions } from '../flags.js';

/** The parsed command line of verify: what the run function receives. */
export interface VerifyCommandOptions {
  common: Pick<CommonOptions, 'state' | 'stateEndpoint' | 'stateCa' | 'output' | 'verbose' | 'color' | 'record' | 'commandName'>;
  target: TargetOptions;
  /** Both given: audit this cluster (any cluster); neither: the deployment of the state file. */
  resourceGroup?: string;
  name?: string;
  subscription?: string;
  /** false with --no-in-cluster: skip the checks that run kubectl in the cluster through runCommand. */
  inCluster: boolean;
}

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
  // verify never prompts: every value it needs is a flag.
  const f = new Factory(ctx, { common: { ...o.common, nonInteractive: true }, target: o.target });
  const view = verifyView(o.common.output, f.viewBase('verify'));
  return f.run(view, async () => {
    const subject = subjectOf(o, await loadState(f.state()));
    // A foreign cluster is reached through the flags only: a state file of another deployment must not redirect it.
    const target = await f.target(subject.state?.target);
    const subscriptionId = subscriptionOf(o, subject, target);
    const azure = f.clients(subscriptionId);
    const io = f.session().io;
    io.notify({
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
      progress: (message) => io.notify({ code: 'info', message }),
    });
    f.stopProgress();
    const cluster = { subscriptionId, resourceGroup: subject.resourceGroup, name: subject.name, armEndpoint: target.armEndpoint };
    // A failed audit names the correlation id and the run log, as a failed init does.
    if (report.status !== 'pass') f.log.line(`not verified: ${report.checks.filter((x) => x.result === 'fail').length} check(s) failed`);
    const support = report.status === 'pass' ? undefined : { correlationId: f.correlationId, logFile: f.logFile() };
    await view.report(report, cluster, async () => stepsJson(subject.state, !!(await liveLockHolder(f.state()))), support);
    return report.status === 'pass' ? ExitCode.ok : ExitCode.stepFailed;
  });
}
