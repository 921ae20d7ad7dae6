/**
 * Interactive answers filled from Azure: the subscription (current first), the region (only those offering
 * AKS and Azure Firewall, zones shown), the node VM size (offered in the region for this subscription,
 * restricted ones shown but not selectable) and the Kubernetes version (newest non-preview by default).
 * Free text (names, CIDRs) uses the OPTIONS table validators, as flags and config files do.
 */
import { createAzureClients } from '../../azure/clients.js';
import type { ArmRecorder } from '../../azure/record-policy.js';
import type { AzureClients, CloudTarget } from '../../azure/types.js';
import { EMULATOR_SUBSCRIPTION_ID } from '../../config/defaults.js';
import type { ConfigKey, ConfigOption, OptionValue } from '../../config/options.js';
import type { PromptFn, PromptOptions } from '../../config/resolve.js';
import { PromptBack, type IoHost, type SelectChoice } from '../../io/host.js';
import { listKubernetesVersions, listRegions, listSubscriptions, listVmSizes, newestStable } from '../../preflight/catalog.js';
import { currentSubscription } from './current-subscription.js';
import { tierPicker, yesNoPrompt } from './option-prompts.js';

type Known = Partial<Record<ConfigKey, OptionValue>>;

const capital = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/** A free-text prompt validated as you type with the option's own validator. */
export function textPrompt(
  io: IoHost,
  option: ConfigOption,
  defaultValue: string | undefined,
  options: PromptOptions = {},
): Promise<string> {
  return io.requestResponse({
    ...options,
    kind: 'input',
    code: `config.${option.key}`,
    message: `${capital(option.description)}:`,
    default: defaultValue,
    validate: (text: string) => {
      const verdict = option.validator(text);
      return verdict === true ? undefined : verdict;
    },
    source: { key: option.key, flag: option.flag, env: option.env, configKey: option.key },
  });
}

function select(
  io: IoHost,
  option: ConfigOption,
  message: string,
  choices: SelectChoice[],
  defaultValue: string | undefined,
  options: PromptOptions,
): Promise<string> {
  const selectable = choices.filter((c) => !c.disabled);
  const dflt = selectable.find((c) => c.value === defaultValue)?.value ?? selectable[0]?.value;
  return io.requestResponse({
    ...options,
    kind: 'select',
    code: `config.${option.key}`,
    message,
    default: dflt,
    choices,
    source: { key: option.key, flag: option.flag, env: option.env, configKey: option.key },
  });
}

export interface PickerOptions {
  io: IoHost;
  target: CloudTarget;
  env: NodeJS.ProcessEnv;
  /** --record: the pickers' reads go to the run's cassette too. */
  recorder?: ArmRecorder;
}

/**
 * A PromptFn that answers from Azure where Azure knows the answer. When Azure cannot be read the picker
 * falls back to validated free text, with a warning saying why.
 */
export function azurePrompt({ io, target, env, recorder }: PickerOptions): PromptFn {
  const clients = new Map<string, AzureClients>();
  const azureFor = (subscriptionId: string) => {
    if (!clients.has(subscriptionId))
      clients.set(
        subscriptionId,
        createAzureClients({ subscriptionId, target, recorder, env, onWait: (message) => io.notify({ code: 'info', message }) }),
      );
    return clients.get(subscriptionId)!;
  };
  const fallbackSub = target.kind === 'azure' ? (currentSubscription(env) ?? EMULATOR_SUBSCRIPTION_ID) : EMULATOR_SUBSCRIPTION_ID;
  const subOf = (known: Known) => String(known.subscription ?? fallbackSub);

  type Picker = (option: ConfigOption, dflt: string | undefined, known: Known, options: PromptOptions) => Promise<string>;
  /** The VM sizes offered in the region; a system pool's must have 2 vCPUs and 4 GB at least. */
  function vmSizePicker(pool: 'system' | 'user'): Picker {
    return async (option, dflt, known, options) => {
      const location = String(known.location);
      const sizes = await listVmSizes(azureFor(subOf(known)), location);
      const choices = sizes.map((s) => ({
        value: s.name,
        name: `${s.name.padEnd(20)} ${String(s.vCPUs).padStart(2)} vCPU ${String(s.memoryGB).padStart(4)} GB  ${s.zones.length ? `zones ${s.zones.join(',')}` : 'no zones'}`,
        ...(s.restriction
          ? { disabled: `restricted in ${location} (${s.restriction})` }
          : pool === 'system' && (s.vCPUs < 2 || s.memoryGB < 4)
            ? { disabled: 'too small for an AKS system pool' }
            : {}),
      }));
      // A user pool offers the system pool's size, as it defaults to.
      const offered = dflt ?? (pool === 'user' && typeof known.nodeVmSize === 'string' ? known.nodeVmSize : undefined);
      const what = pool === 'system' ? 'Node VM size' : 'User pool VM size';
      return select(io, option, `${what} (offered in ${location}):`, choices, offered, options);
    };
  }
  const pickers: Partial<Record<ConfigKey, Picker>> = {
    async subscription(option, dflt, _known, options) {
      const current = dflt ?? currentSubscription(env);
      const subs = await listSubscriptions(azureFor(fallbackSub), current);
      if (subs.length === 1) {
        io.notify({ code: 'info', message: `Subscription: ${subs[0].name} (${subs[0].id})` });
        return subs[0].id;
      }
      const choices = subs.map((s) => ({ value: s.id, name: `${s.name} (${s.id})${s.id === current ? '  current' : ''}` }));
      return select(io, option, 'Azure subscription:', choices, current, options);
    },
    async location(option, dflt, known, options) {
      const regions = await listRegions(azureFor(subOf(known)));
      const choices = regions.map((r) => ({
        value: r.name,
        name: `${r.displayName.padEnd(20)} ${r.name.padEnd(16)} ${r.zones.length ? `zones ${r.zones.join(',')}` : 'no zones'}`,
      }));
      return select(io, option, 'Region (offering AKS and Azure Firewall):', choices, dflt, options);
    },
    nodeVmSize: vmSizePicker('system'),
    userPoolVmSize: vmSizePicker('user'),
    tier: (option, dflt, _known, options) => tierPicker(io, option, dflt, options),
    // Asked only where the region and the size have zones; elsewhere the pool is simply not zone-pinned.
    async zones(option, dflt, known, options) {
      const location = String(known.location);
      const sizes = await listVmSizes(azureFor(subOf(known)), location);
      const size = sizes.find((s) => s.name.toLowerCase() === String(known.nodeVmSize).toLowerCase());
      if (!size?.zones.length) {
        io.notify({
          code: 'info',
          message: `Availability zones: ${known.nodeVmSize} has none in ${location}; the system pool is not zone-pinned`,
        });
        return '';
      }
      const all = size.zones.join(',');
      const choices = [
        { value: all, name: `zones ${all}  (the nodes spread over them)` },
        { value: '', name: 'none      (no zone pinning)' },
      ];
      return select(io, option, `Availability zones of the system pool (${size.name} in ${location}):`, choices, dflt || all, options);
    },
    async kubernetesVersion(option, dflt, known, options) {
      const location = String(known.location);
      const versions = await listKubernetesVersions(azureFor(subOf(known)), location);
      const newest = newestStable(versions);
      const choices = versions.map((v) => ({
        value: v.version,
        name: `${v.version}${v.isPreview ? '  (preview)' : ''}${v === newest ? '  newest non-preview' : ''}${v.isDefault ? '  AKS default' : ''}`,
      }));
      return select(io, option, `Kubernetes version (offered in ${location}):`, choices, dflt ?? newest?.version, options);
    },
  };

  return async (option, dflt, known, options = {}) => {
    if (option.type === 'boolean') return yesNoPrompt(io, option, dflt, options);
    const pick = pickers[option.key];
    if (!pick) return textPrompt(io, option, dflt, options);
    try {
      return await pick(option, dflt, known, options);
    } catch (err) {
      if ((err as { code?: string }).code === 'Interrupted' || err instanceof PromptBack) throw err;
      io.notify({
        code: 'warn',
        message: `Could not list ${option.key} choices from Azure (${(err as Error).message.split('\n')[0]}); type the value instead.`,
      });
      return textPrompt(io, option, dflt, options);
    }
  };
}
