import type { ChalkInstance } from 'chalk';
import type { SecureAksError } from '../../core/errors.js';
import type { OutputFormat } from '../flags.js';
import { renderError, renderPreflightListed } from '../render/human.js';
import { renderJson } from '../render/json.js';
import type { Output } from '../render/output.js';

/**
 * What every view writes through (terraform's internal/command/views: one View per command, a human and a
 * JSON implementation, picked once from -o). Colours are built on first use, each for its own stream.
 */
export interface ViewBase {
  output: Output;
  colors(): { chalk: ChalkInstance; errChalk: ChalkInstance };
  /** --verbose: the error block adds the stack. */
  verbose: boolean;
  /** The command as the JSON document names it ("status --resume"). */
  command: string;
}

/** The part every command's view has: a command that failed before or outside its result. */
export interface FailureView {
  /** `preflightListed`: how many preflight problems the summary on stderr already listed (point at them, do not repeat them). */
  failure(error: SecureAksError, preflightListed?: number): void;
}

/** The error block on stderr: code, sentence, what to do. */
function humanFailure(v: ViewBase): FailureView {
  return {
    failure: (error, preflightListed) => {
      const c = v.colors().errChalk;
      if (preflightListed) renderPreflightListed(v.output, error, preflightListed, c);
      else renderError(v.output, error, c, v.verbose);
    },
  };
}

/** The one JSON document, with no steps and the error. */
function jsonFailure(v: ViewBase): FailureView {
  return { failure: (error) => renderJson(v.output, { command: v.command, status: 'failed', steps: [], error }) };
}

/** The one place -o picks a view: a command's own methods in JSON or in text, with the matching failure. */
export function chooseView<T extends FailureView>(
  format: OutputFormat,
  v: ViewBase,
  views: { json: Omit<T, 'failure'>; human: Omit<T, 'failure'> },
): T {
  return (format === 'json' ? { ...jsonFailure(v), ...views.json } : { ...humanFailure(v), ...views.human }) as T;
}

/** Failures alone: errors found before a command could run (main). */
export function failureView(format: OutputFormat, v: ViewBase): FailureView {
  return chooseView(format, v, { json: {}, human: {} });
}
