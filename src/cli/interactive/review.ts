/**
 * The summary screen's loop: show what will be built (or updated, or resumed) with the preflight result and,
 * for a deployment that exists, what differs in Azure; then Create, Edit a value, or Cancel (a resume has
 * nothing to edit, so it offers Resume or Cancel). Every one of these answers defaults to Cancel: Enter alone
 * never creates or changes anything. When nothing differs there is nothing to confirm and no question.
 * An edit goes through the same prompt (picker or validated text) as the first answer, then the whole
 * configuration is validated again and preflight re-runs before the summary returns.
 */
import { derivedDefaults } from '../../config/derive.js';
import { OPTIONS, OPTION_BY_KEY, type ConfigKey, type OptionValue } from '../../config/options.js';
import { ask, type PromptFn, type ValueSource } from '../../config/resolve.js';
import type { CloudName } from '../../config/regions.js';
import type { ConfigValues } from '../../config/schema.js';
import type { ResolvedConfig } from '../../config/types.js';
import { toConfigValues, validateConfig } from '../../config/validate.js';
import { AbortError, type SecureAksError } from '../../core/errors.js';
import { PromptBack, type IoHost } from '../../io/host.js';
import { yesNoQuestion } from './option-prompts.js';
import { PreflightError, type PreflightReport } from '../../preflight/problems.js';

export interface ReviewInput {
  io: IoHost;
  config: ResolvedConfig;
  sources: Partial<Record<ConfigKey, ValueSource>>;
  prompt?: PromptFn;
  cloud?: CloudName;
  /** --yes: no question (preflight must still pass). */
  yes: boolean;
  /** What is being confirmed: a new deployment (default), an existing one, or a resume. */
  intent?: 'create' | 'update' | 'resume';
  check(config: ResolvedConfig): Promise<PreflightReport>;
  show(config: ResolvedConfig, report: PreflightReport): void;
  /**
   * An existing deployment: compare Azure (read-only) and the recorded configuration with this one, show the
   * difference, and answer whether anything differs. Called after `show` when preflight found no problem.
   */
  compare?(config: ResolvedConfig): Promise<boolean>;
  /** Shows a problem the person must fix (an edit that does not validate) as an error. */
  error(problem: SecureAksError): void;
  /** Cancel at the summary: called before the run ends (--save-config saves the answers here). */
  onCancel?(config: ResolvedConfig): Promise<void>;
}

export interface Reviewed {
  config: ResolvedConfig;
  report: PreflightReport;
  /** Azure already matches the configuration: nothing was asked, there is nothing to do. */
  upToDate: boolean;
}

const CONFIRM_SOURCE = { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '(none: pass --yes)' };

const WORDING = {
  create: { question: 'Create these resources?', action: 'Create' },
  update: { question: 'Update this deployment to match?', action: 'Update' },
  resume: { question: 'Resume this deployment?', action: 'Resume' },
} as const;

/** What the edit picker calls each value: the words of the summary, not the config keys. */
export const VALUE_LABELS: Record<ConfigKey, string> = {
  subscription: 'Subscription',
  name: 'Cluster name',
  resourceGroup: 'Resource group',
  location: 'Region',
  vnetCidr: 'Virtual network range',
  nodeSubnetCidr: 'Node subnet range',
  firewallSubnetCidr: 'Firewall subnet range',
  bastionSubnetCidr: 'Bastion subnet range',
  jumphostSubnetCidr: 'Jumphost subnet range',
  podCidr: 'Pod range',
  serviceCidr: 'Service range',
  dnsServiceIp: 'Cluster DNS address',
  nodeCount: 'Node count',
  nodeVmSize: 'Node VM size',
  kubernetesVersion: 'Kubernetes version',
  bastion: 'Azure Bastion',
  jumphost: 'Jumphost VM',
  testDeployment: 'Test deployment',
  adopt: 'Adopted resources',
  tier: 'Pricing tier',
  zones: 'System pool zones',
  nodeMinCount: 'System pool min nodes',
  nodeMaxCount: 'System pool max nodes',
  userPool: 'User node pool',
  userPoolVmSize: 'User pool VM size',
  userPoolCount: 'User pool node count',
  userPoolZones: 'User pool zones',
  userPoolMinCount: 'User pool min nodes',
  userPoolMaxCount: 'User pool max nodes',
  tags: 'Tags',
  monitoring: 'Container Insights',
  logAnalyticsWorkspace: 'Log Analytics',
  azurePolicy: 'Azure Policy add-on',
  policyBaseline: 'Pod security baseline',
  defender: 'Microsoft Defender',
  keyVault: 'Key Vault CSI driver',
  autoUpgradeWindow: 'Upgrade window',
  nodeOsUpgradeWindow: 'Node OS window',
};

const DONE = '(done)';

export async function review(input: ReviewInput): Promise<Reviewed> {
  let config = input.config;
  const sources = { ...input.sources };
  const { io } = input;
  const words = WORDING[input.intent ?? 'create'];
  // A resume answers with the recorded configuration: there is no prompt to edit it with.
  const canEdit = !!input.prompt;
  for (;;) {
    const report = await input.check(config);
    input.show(config, report);
    const blocked = report.problems.length > 0;
    if (!blocked && input.compare && !(await input.compare(config))) return { config, report, upToDate: true };
    if (input.yes || !io.interactive || (!canEdit && input.intent !== 'resume')) {
      if (blocked) throw new PreflightError(report.problems);
      if (input.yes) return { config, report, upToDate: false };
      // No default: without a terminal (or with --non-interactive) this must be an explicit --yes.
      const ok = await io.requestResponse({ kind: 'confirm', code: 'init.confirm', message: words.question, source: CONFIRM_SOURCE });
      if (!ok) throw new AbortError('Nothing was changed: you declined the plan.');
      return { config, report, upToDate: false };
    }
    const choice = await io.requestResponse({
      kind: 'select',
      code: 'init.review',
      message: blocked ? 'Preflight found problems. What now?' : words.question,
      // Enter alone never creates or changes anything (the README's "the default answer is No").
      default: blocked && canEdit ? 'edit' : 'cancel',
      choices: [
        { value: 'create', name: words.action, ...(blocked ? { disabled: 'fix the problems above first' } : {}) },
        ...(canEdit ? [{ value: 'edit', name: 'Edit a value' }] : []),
        { value: 'cancel', name: 'Cancel' },
      ],
      source: CONFIRM_SOURCE,
    });
    if (choice === 'create') return { config, report, upToDate: false };
    if (choice === 'cancel') {
      if (blocked) throw new PreflightError(report.problems);
      await input.onCancel?.(config);
      throw new AbortError('Nothing was changed: you cancelled at the summary.');
    }
    config = await editUntilValid(input, config, sources);
  }
}

function shown(config: ResolvedConfig, key: ConfigKey): string {
  const v = toConfigValues(config)[key as keyof ConfigValues];
  if (v === undefined) return key === 'kubernetesVersion' ? 'newest' : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/**
 * Edits until the configuration validates; Done or Esc goes back to the summary with the last valid
 * configuration (an edit that did not validate is not kept).
 */
async function editUntilValid(
  input: ReviewInput,
  start: ResolvedConfig,
  sources: Partial<Record<ConfigKey, ValueSource>>,
): Promise<ResolvedConfig> {
  let config = start;
  for (;;) {
    const edited = await editOne(input, config, sources);
    if (edited === undefined) return start;
    config = edited;
    const problems = validateConfig(toConfigValues(config), { cloud: input.cloud });
    if (problems.length === 0) return config;
    for (const p of problems) input.error(p);
  }
}

/** One value picked and answered; undefined when the person chose Done or pressed Esc. */
async function editOne(
  input: ReviewInput,
  config: ResolvedConfig,
  sources: Partial<Record<ConfigKey, ValueSource>>,
): Promise<ResolvedConfig | undefined> {
  const { io } = input;
  const width = Math.max(...OPTIONS.map((o) => VALUE_LABELS[o.key].length));
  let key: ConfigKey;
  let value: OptionValue;
  const values = toConfigValues(config) as Partial<Record<ConfigKey, OptionValue>>;
  try {
    const picked = await io.requestResponse({
      kind: 'select',
      code: 'init.edit',
      message: 'Which value? (Esc: back to the summary)',
      choices: [
        ...OPTIONS.map((o) => ({ value: o.key, name: `${VALUE_LABELS[o.key].padEnd(width)}  ${shown(config, o.key)}` })),
        { value: DONE, name: 'Done (back to the summary)' },
      ],
      source: CONFIRM_SOURCE,
      escapeGoesBack: true,
    });
    if (picked === DONE) return undefined;
    key = picked as ConfigKey;
    const option = OPTION_BY_KEY[key];
    if (option.type === 'boolean') {
      // Asked positively ("Include Azure Bastion?"): the flag is negated, the question should not be.
      value = await io.requestResponse({
        kind: 'confirm',
        code: `config.${key}`,
        message: yesNoQuestion(option),
        default: Boolean(values[key]),
        source: { key, flag: option.flag, env: option.env, configKey: key },
        escapeGoesBack: true,
      });
    } else {
      const current = values[key] === undefined ? undefined : String(values[key]);
      value = await ask(option, input.prompt!, values, current, { escapeGoesBack: true });
    }
  } catch (err) {
    if (err instanceof PromptBack) return undefined;
    throw err;
  }
  values[key] = value;
  sources[key] = { kind: 'prompt', name: 'prompt' };
  // Ranges derived from the VNet or service range follow an edit of it, unless the user set them.
  const derived = derivedDefaults(values as ConfigValues) as Partial<Record<ConfigKey, OptionValue>>;
  for (const [k, v] of Object.entries(derived) as Array<[ConfigKey, OptionValue]>) {
    if (sources[k] === undefined || sources[k]!.kind === 'default') values[k] = v;
  }
  const { subscription, ...rest } = values as ConfigValues;
  return { ...(rest as Omit<ResolvedConfig, 'subscriptionId'>), subscriptionId: String(subscription ?? config.subscriptionId) };
}
