import type { IoEvent } from './events.js';

/** What supplies a value when it cannot be asked for (listed by InputRequiredError). */
export interface ValueSource {
  key: string;
  flag: string;
  env: string;
  configKey: string;
}

interface RequestBase {
  /** Stable code tests and the recording host match on. */
  code: string;
  message: string;
  /** Named in the InputRequired error when there is no default and we may not prompt. */
  source: ValueSource;
  /** Esc leaves the prompt: the interactive host throws PromptBack instead of answering. */
  escapeGoesBack?: boolean;
}

export type IoRequest =
  | (RequestBase & { kind: 'confirm'; default?: boolean })
  | (RequestBase & { kind: 'input'; default?: string; validate?: (value: string) => string | undefined })
  | (RequestBase & { kind: 'select'; default?: string; choices: SelectChoice[] })
  /** Several of a list at once (add-ons); `default` holds the values ticked to begin with. */
  | (RequestBase & { kind: 'checkbox'; default?: string[]; choices: SelectChoice[] });

/** One entry of a picker; `disabled` says why it cannot be chosen (shown, not selectable). */
export interface SelectChoice {
  value: string;
  name?: string;
  disabled?: string;
  /** A line about the highlighted choice, shown under the list. */
  description?: string;
  /** What the answered question shows of it, when `name` is long. */
  short?: string;
}

export type IoAnswer<R extends IoRequest> = R extends { kind: 'confirm' } ? boolean : R extends { kind: 'checkbox' } ? string[] : string;

/**
 * The one channel between the product and the person (after the aws-cdk toolkit's io host): engine and commands
 * `notify` events and `requestResponse` answers; every request carries its default. The interactive host
 * prompts; the non-interactive host answers with the default ("auto-confirmed") or raises InputRequiredError.
 */
export interface IoHost {
  readonly interactive: boolean;
  notify(event: IoEvent): void;
  requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>>;
  /** Stop spinners and timers; called once at the end of a command. */
  close(): void;
}

/** Esc at a prompt that allows it: the person goes back one screen, nothing is answered. */
export class PromptBack extends Error {
  override readonly name = 'PromptBack';
  constructor() {
    super('Went back without answering.');
  }
}

/** Describes an answer for the "auto-confirmed" note. */
export function describeAnswer(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}
