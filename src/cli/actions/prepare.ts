import { createHash } from 'node:crypto';
import { isLoopbackEndpoint } from '../../azure/clients.js';
import type { CloudTarget } from '../../azure/types.js';
import { EMULATOR_SUBSCRIPTION_ID } from '../../config/defaults.js';
import { readConfigFile } from '../../config/file.js';
import { OPTION_BY_KEY } from '../../config/options.js';
import { resolveConfig, type ChooseFn, type PromptFn, type ValueSource } from '../../config/resolve.js';
import type { ConfigKey } from '../../config/options.js';
import type { ResolvedConfig } from '../../config/types.js';
import { toConfigValues } from '../../config/validate.js';
import { InputRequiredError, UsageError } from '../../core/errors.js';
import type { RecordedDeployment } from '../../preflight/index.js';
import type { DeploymentState } from '../../state/schema.js';
import type { StateBackend } from '../../state/backend.js';
import { StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import type { DeployOptions } from '../commands/deploy-options.js';
import { promptThrough, type Session } from '../session.js';
import { assertSameTarget } from '../target-match.js';

export interface Prepared {
  config: ResolvedConfig;
  /** The existing state of this deployment, if any. */
  store?: StateStore;
  targetKind: CloudTarget['kind'];
  deploymentId: string;
  /** Where each value came from (empty when resuming with the recorded configuration). */
  sources: Partial<Record<ConfigKey, ValueSource>>;
}

/** How prompts are answered: pickers filled from Azure, and which optional values to ask for too. */
export interface PromptPlan {
  prompt: PromptFn;
  promptFor?: readonly ConfigKey[];
  /** Asks the add-ons in one question. */
  choose?: ChooseFn;
}

/** Which kind of target flags + recorded state point at, decided before anything is started. */
export function targetKindOf(o: DeployOptions['target'], recorded: CloudTarget | undefined): CloudTarget['kind'] {
  if (o.emulator) return 'emulator';
  if (o.armEndpoint) return 'endpoint';
  return recorded?.kind ?? 'azure';
}

/** An emulator (embedded or on loopback) serves one known subscription; real Azure needs one named. */
function servesEmulatorSubscription(kind: CloudTarget['kind'], o: DeployOptions['target'], recorded: CloudTarget | undefined): boolean {
  if (kind === 'emulator') return true;
  const endpoint = o.armEndpoint ?? (kind === 'endpoint' ? recorded?.armEndpoint : undefined);
  return kind === 'endpoint' && !!endpoint && isLoopbackEndpoint(endpoint);
}

/** What the embedded emulator's demo takes unless told otherwise. */
const EMULATOR_DEMO_DEFAULTS = { tier: 'free' } as const;

const SUBSCRIPTION = OPTION_BY_KEY.subscription;
const subscriptionSource = {
  key: 'subscription',
  flag: SUBSCRIPTION.flag,
  env: [SUBSCRIPTION.env, ...(SUBSCRIPTION.fallbackEnv ?? [])].join(' or '),
  configKey: 'subscription',
};

async function subscriptionGiven(ctx: CommandContext, o: DeployOptions): Promise<boolean> {
  if (o.values.subscription !== undefined) return true;
  if ([SUBSCRIPTION.env, ...(SUBSCRIPTION.fallbackEnv ?? [])].some((e) => ctx.env[e])) return true;
  return o.common.config ? (await readConfigFile(o.common.config).catch(() => undefined))?.values.subscription !== undefined : false;
}

/** Same deployment => same tag value, even if the state file was lost. */
export function deploymentIdFor(config: Pick<ResolvedConfig, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return createHash('sha256')
    .update(`${config.subscriptionId}/${config.resourceGroup}/${config.name}`.toLowerCase())
    .digest('hex')
    .slice(0, 8);
}

/**
 * Resolves what init and plan need before touching Azure: the configuration (flags > env > file >
 * state > defaults > prompts, or exactly the recorded one when resuming), the subscription and the
 * deployment id.
 */
export async function prepareDeployment(
  ctx: CommandContext,
  o: DeployOptions,
  session: Session,
  state: string | StateBackend,
  resume = false,
  prompts?: PromptPlan,
): Promise<Prepared> {
  const store = await StateStore.open(state);
  const recorded = store?.state;
  // Flags pointing at another target than the recorded one are refused before any value is resolved.
  assertSameTarget(o.target, recorded?.target, o.common.state);
  const targetKind = targetKindOf(o.target, recorded?.target);
  const emulatorSubscription = servesEmulatorSubscription(targetKind, o.target, recorded?.target);

  if (resume) {
    if (!store)
      throw new UsageError(
        'NoStateFile',
        `There is no state file at ${o.common.state} to resume.`,
        'Run `secure-aks init` first, or pass --state <file>.',
      );
    return { config: store.state.config, store, targetKind, deploymentId: store.state.deploymentId, sources: {} };
  }

  let resolved;
  try {
    resolved = await resolveConfig({
      flags: o.values,
      env: ctx.env,
      configFile: o.common.config,
      // The recorded deployment sits between the config file and the defaults.
      ...(recorded ? { recorded: { values: toConfigValues(recorded.config), name: o.common.state } } : {}),
      interactive: session.io.interactive,
      prompt: prompts?.prompt ?? promptThrough(session.io),
      promptFor: prompts?.promptFor,
      choose: prompts?.choose,
      // The embedded emulator is a demo: no uptime SLA to pay for. Anything else defaults to Standard.
      ...(targetKind === 'emulator' ? { targetDefaults: EMULATOR_DEMO_DEFAULTS } : {}),
      cloud: o.target.cloud ?? recorded?.target.cloud,
    });
  } catch (err) {
    // List every missing value at once, the subscription included when Azure needs one.
    if (err instanceof InputRequiredError && !emulatorSubscription && !(await subscriptionGiven(ctx, o))) {
      throw new InputRequiredError([...err.missing, subscriptionSource]);
    }
    throw err;
  }
  const subscriptionId = resolved.config.subscriptionId ?? (emulatorSubscription ? EMULATOR_SUBSCRIPTION_ID : undefined);
  if (!subscriptionId) throw new InputRequiredError([subscriptionSource]);
  const config: ResolvedConfig = { ...resolved.config, subscriptionId };

  assertSameDeployment(o.common.state, recorded?.config, config);
  return { config, store, targetKind, deploymentId: recorded?.deploymentId ?? deploymentIdFor(config), sources: resolved.sources };
}

/** What preflight compares a re-run against; after a full destroy every step is pending again. */
export function recordedDeployment(state: DeploymentState | undefined): RecordedDeployment | undefined {
  if (!state) return undefined;
  const deployed = Object.values(state.steps).some((s) => s && s.status !== 'pending' && s.status !== 'skipped');
  return { deploymentId: state.deploymentId, location: state.config.location, deployed };
}

/** A state file belongs to one cluster; a second deployment needs its own state file. */
export function assertSameDeployment(stateFile: string, r: ResolvedConfig | undefined, config: ResolvedConfig): void {
  if (r) {
    if (
      r.name !== config.name ||
      r.resourceGroup.toLowerCase() !== config.resourceGroup.toLowerCase() ||
      r.subscriptionId !== config.subscriptionId
    ) {
      throw new UsageError(
        'StateBelongsToAnotherDeployment',
        `State file ${stateFile} belongs to cluster ${r.name} in ${r.resourceGroup} (subscription ${r.subscriptionId}), not ${config.name} in ${config.resourceGroup} (subscription ${config.subscriptionId}).`,
        'Pass another --state file for a second deployment, or the same -n/-g/--subscription to continue this one.',
      );
    }
  }
}
