import type { SecureAksError } from '../engine/errors.js';
import { colorEnabled, makeChalk } from '../io/color.js';
import { renderError } from './render/human.js';
import { renderJson } from './render/json.js';
import type { Output } from './render/output.js';

export interface ReportOptions {
  json: boolean;
  command: string;
  verbose?: boolean;
  noColor?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** A command that failed before or outside the step run: the error block, or the one JSON document. */
export function reportError(output: Output, error: SecureAksError, o: ReportOptions): void {
  if (o.json) {
    renderJson(output, { command: o.command, status: 'failed', steps: [], error });
    return;
  }
  const chalk = makeChalk(colorEnabled({ noColorFlag: o.noColor, env: o.env, isTTY: process.stderr.isTTY }));
  renderError(output, error, chalk, o.verbose);
}
