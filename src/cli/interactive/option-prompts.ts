/**
 * The questions of the production options: the pricing tier as a list with each tier's SLA, support and
 * rough price; a yes/no value as a yes/no question (a user node pool); the add-ons as one checkbox list,
 * each with what it adds and, under the list, what it opens in the firewall. Asked only in an interactive
 * init when nothing supplied or recorded the value (src/config/resolve.ts decides what is asked).
 */
import { ADDONS, type AddonKey } from '../../config/addons.js';
import type { ConfigKey, ConfigOption } from '../../config/options.js';
import type { ChooseFn, PromptOptions } from '../../config/resolve.js';
import { TIERS } from '../../config/rules.js';
import type { IoHost } from '../../io/host.js';
import { ADDON_WORDS, addonFirewallWords, TIER_WORDS } from '../render/production-options.js';

/**
 * The production options an interactive init asks about when nothing supplied them: the tier, a user pool
 * (its size and count only when wanted) and the add-ons (one list; the baseline only with Azure Policy).
 * The zones and autoscaler bounds are left to flags and Edit a value.
 */
export const OPTION_PROMPTS: readonly ConfigKey[] = [
  'tier',
  'userPool',
  'userPoolVmSize',
  'userPoolCount',
  'monitoring',
  'azurePolicy',
  'policyBaseline',
  'defender',
  'keyVault',
];

const sourceOf = (option: ConfigOption) => ({ key: option.key, flag: option.flag, env: option.env, configKey: option.key });

/** Yes/no questions asked as questions; the rest say what the flag's description says. */
const QUESTIONS: Partial<Record<ConfigKey, string>> = {
  userPool: 'Add a user node pool for your workloads? (the system pool then keeps to system pods)',
  policyBaseline: 'Assign the built-in AKS pod security baseline initiative to the cluster?',
};

/** The question a yes/no value is asked with, here and in the summary's edit picker. */
export function yesNoQuestion(option: ConfigOption): string {
  const asked = QUESTIONS[option.key];
  if (asked) return asked;
  if (option.key in ADDONS) return `Turn on ${ADDONS[option.key as AddonKey].title}? (${ADDON_WORDS[option.key as AddonKey]})`;
  return `${option.description.replace(/^skip /, 'Include ')}?`;
}

/** A yes/no value as a question; answered as the text its option parses ("true", "false"). */
export async function yesNoPrompt(io: IoHost, option: ConfigOption, dflt: string | undefined, options: PromptOptions): Promise<string> {
  const parsed = dflt === undefined ? undefined : option.parse(dflt);
  const yes = await io.requestResponse({
    ...options,
    kind: 'confirm',
    code: `config.${option.key}`,
    message: yesNoQuestion(option),
    default: parsed?.ok ? parsed.value === !option.negated : false,
    source: sourceOf(option),
  });
  return String(yes !== option.negated);
}

/**
 * Free, Standard, Premium: each in a short line that fits a narrow terminal (SLA and rough price), the
 * highlighted one explained in full under the list.
 */
export function tierPicker(io: IoHost, option: ConfigOption, dflt: string | undefined, options: PromptOptions): Promise<string> {
  const width = Math.max(...TIERS.map((t) => TIER_WORDS[t].title.length));
  return io.requestResponse({
    ...options,
    kind: 'select',
    code: `config.${option.key}`,
    message: 'AKS pricing tier:',
    default: (TIERS as readonly string[]).includes(dflt ?? '') ? dflt : 'standard',
    choices: TIERS.map((t) => ({
      value: t,
      name: `${TIER_WORDS[t].title.padEnd(width)}  ${TIER_WORDS[t].short}; ${TIER_WORDS[t].price}`,
      short: TIER_WORDS[t].title,
      description: `${TIER_WORDS[t].title}: ${TIER_WORDS[t].line}`,
    })),
    source: sourceOf(option),
  });
}

/** The add-ons as one checkbox list (none ticked unless recorded or supplied on): answers the keys ticked. */
export function chooseAddons(io: IoHost): ChooseFn {
  return async (options, on, known) => {
    const region = typeof known.location === 'string' ? known.location : '<region>';
    const keys = options.map((o) => o.key as AddonKey);
    const chosen = await io.requestResponse({
      kind: 'checkbox',
      code: 'config.addons',
      message: 'Add-ons (space ticks one, enter goes on; each opens only its own egress in the firewall):',
      default: on.filter((k) => (keys as string[]).includes(k)),
      choices: keys.map((k) => ({
        value: k,
        // The list stays one line per add-on; the highlighted one is explained under it.
        name: ADDONS[k].title,
        short: ADDONS[k].title,
        description: `${ADDON_WORDS[k]}\nfirewall: ${addonFirewallWords(k, region)}`,
      })),
      source: {
        key: 'addons',
        flag: options.map((o) => o.flag).join(', '),
        env: options.map((o) => o.env).join(', '),
        configKey: keys.join(', '),
      },
    });
    return chosen.filter((k): k is AddonKey => (keys as string[]).includes(k));
  };
}
