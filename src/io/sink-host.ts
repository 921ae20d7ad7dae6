import type { IoEvent } from './events.js';
import type { IoAnswer, IoHost, IoRequest } from './host.js';

/**
 * What the terminal hosts share: events go to the renderer's sink, and close() stops it. They differ only
 * in how a request is answered (a prompt, or the default), so that is all a subclass writes.
 */
export abstract class SinkIoHost implements IoHost {
  abstract readonly interactive: boolean;
  constructor(
    private readonly sink: (event: IoEvent) => void,
    private readonly closeSink: () => void = () => {},
  ) {}

  notify(event: IoEvent): void {
    this.sink(event);
  }

  abstract requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>>;

  close(): void {
    this.closeSink();
  }
}
