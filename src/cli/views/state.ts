import type { StateHistory } from '../actions/state-history.js';
import type { RestoredState } from '../actions/state-restore.js';
import type { TransferredState } from '../actions/state-transfer.js';
import type { OutputFormat } from '../flags.js';
import { renderHistory, renderRestored, renderTransferred } from '../render/state.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

/** `state history|restore|push|pull`: the result as text, or one JSON document `{ command, state, ... }`. */
export interface StateView extends FailureView {
  history(h: StateHistory): void;
  restored(r: RestoredState): void;
  transferred(t: TransferredState): void;
}

export function stateView(format: OutputFormat, v: ViewBase): StateView {
  const json = (doc: object) => v.output.out(JSON.stringify({ command: v.command, ...doc }, null, 2));
  return chooseView(format, v, {
    json: {
      history: (h) => json({ status: 'done', ...h }),
      restored: ({ state, ...rest }) => json({ state, status: 'done', ...rest }),
      transferred: ({ direction: _direction, ...rest }) => json({ status: 'done', ...rest }),
    },
    human: {
      history: (h) => renderHistory(v.output, h, v.colors().chalk),
      restored: (r) => renderRestored(v.output, r, v.colors().chalk),
      transferred: (t) => renderTransferred(v.output, t, v.colors().chalk),
    },
  });
}
