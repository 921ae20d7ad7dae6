import { InputRequiredError } from '../core/errors.js';
import type { IoEvent, IoEventCode } from './events.js';
import type { IoAnswer, IoHost, IoRequest } from './host.js';

/** For tests: records every event and answers requests from a table keyed by request code. */
export class RecordingIoHost implements IoHost {
  readonly events: IoEvent[] = [];
  readonly requests: IoRequest[] = [];
  constructor(
    private readonly answers: Record<string, string | boolean | string[]> = {},
    readonly interactive = false,
  ) {}

  notify(event: IoEvent): void {
    this.events.push(event);
  }

  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    this.requests.push(request);
    const answer = request.code in this.answers ? this.answers[request.code] : request.default;
    if (answer === undefined) throw new InputRequiredError([request.source]);
    return answer as IoAnswer<R>;
  }

  codes(): IoEventCode[] {
    return this.events.map((e) => e.code);
  }

  ofCode<C extends IoEventCode>(code: C): Array<Extract<IoEvent, { code: C }>> {
    return this.events.filter((e): e is Extract<IoEvent, { code: C }> => e.code === code);
  }

  close(): void {}
}
