import { InputRequiredError } from '../core/errors.js';
import type { IoEvent } from './events.js';
import { describeAnswer, type IoAnswer, type IoHost, type IoRequest } from './host.js';

/**
 * Never prompts: answers each request with its default and says so ("auto-confirmed"), or raises
 * InputRequiredError naming the flag, env var and config key that supply the value.
 */
export class NonInteractiveIoHost implements IoHost {
  readonly interactive = false;
  constructor(
    private readonly sink: (event: IoEvent) => void,
    private readonly closeSink: () => void = () => {},
  ) {}

  notify(event: IoEvent): void {
    this.sink(event);
  }

  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    if (request.default === undefined) throw new InputRequiredError([request.source]);
    this.notify({ code: 'prompt.auto', message: `${request.message} auto-confirmed`, answer: describeAnswer(request.default) });
    return request.default as IoAnswer<R>;
  }

  close(): void {
    this.closeSink();
  }
}
