import { InputRequiredError } from '../core/errors.js';
import { describeAnswer, type IoAnswer, type IoRequest } from './host.js';
import { SinkIoHost } from './sink-host.js';

/**
 * Never prompts: answers each request with its default and says so ("auto-confirmed"), or raises
 * InputRequiredError naming the flag, env var and config key that supply the value.
 */
export class NonInteractiveIoHost extends SinkIoHost {
  readonly interactive = false;

  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    if (request.default === undefined) throw new InputRequiredError([request.source]);
    this.notify({ code: 'prompt.auto', message: `${request.message} auto-confirmed`, answer: describeAnswer(request.default) });
    return request.default as IoAnswer<R>;
  }
}
