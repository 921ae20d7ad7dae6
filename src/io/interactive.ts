import { PromptBack, type IoAnswer, type IoRequest } from './host.js';
import { SinkIoHost } from './sink-host.js';

/**
 * Prompts on the terminal with @inquirer/prompts (loaded on first prompt so non-interactive runs never
 * pay for it). Prompts write to stderr: stdout belongs to the renderers.
 */
export class InteractiveIoHost extends SinkIoHost {
  readonly interactive = true;

  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    const prompts = await import('@inquirer/prompts');
    // Inquirer has no Esc binding; a prompt is cancelled through its `signal`, so Esc aborts that signal.
    const escape = new AbortController();
    const onKey = (_: unknown, key: { name?: string } | undefined) => {
      if (key?.name === 'escape') escape.abort();
    };
    if (request.escapeGoesBack) process.stdin.on('keypress', onKey);
    const context = { output: process.stderr, ...(request.escapeGoesBack ? { signal: escape.signal } : {}) };
    try {
      switch (request.kind) {
        case 'confirm':
          return (await prompts.confirm({ message: request.message, default: request.default }, context)) as IoAnswer<R>;
        case 'select':
          return (await prompts.select(
            {
              message: request.message,
              default: request.default,
              pageSize: 12,
              choices: request.choices.map((c) => ({
                value: c.value,
                name: c.name ?? c.value,
                ...(c.disabled ? { disabled: c.disabled } : {}),
                ...(c.description ? { description: c.description } : {}),
                ...(c.short ? { short: c.short } : {}),
              })),
            },
            context,
          )) as IoAnswer<R>;
        case 'checkbox': {
          const ticked = new Set(request.default ?? []);
          return (await prompts.checkbox(
            {
              message: request.message,
              pageSize: 12,
              choices: request.choices.map((c) => ({
                value: c.value,
                name: c.name ?? c.value,
                checked: ticked.has(c.value),
                ...(c.disabled ? { disabled: c.disabled } : {}),
                ...(c.description ? { description: c.description } : {}),
                ...(c.short ? { short: c.short } : {}),
              })),
            },
            context,
          )) as IoAnswer<R>;
        }
        case 'input': {
          const validate = request.validate;
          return (await prompts.input(
            { message: request.message, default: request.default, validate: validate ? (v: string) => validate(v) ?? true : undefined },
            context,
          )) as IoAnswer<R>;
        }
      }
    } catch (err) {
      if (escape.signal.aborted) throw new PromptBack();
      // Ctrl-C inside a prompt: the same typed interruption as anywhere else.
      if ((err as Error)?.name === 'ExitPromptError') {
        const { AbortError } = await import('../core/errors.js');
        throw new AbortError('Cancelled at the prompt.');
      }
      throw err;
    } finally {
      process.stdin.off('keypress', onKey);
    }
  }
}
