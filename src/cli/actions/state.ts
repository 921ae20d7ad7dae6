/** `secure-aks state <sub>`: one Factory per run (lock release, failure view), the sub-command's action inside. */
import type { CommandContext } from '../context.js';
import { Factory } from '../factory.js';
import type { Session } from '../session.js';
import { stateView } from '../views/state.js';
import { stateHistory } from './state-history.js';
import type { StateCommandOptions } from './state-options.js';
import { stateRestore } from './state-restore.js';
import { stateTransfer } from './state-transfer.js';

/** `session` replaces the terminal's io host (tests answer restore's confirmation through a recording host). */
export function runStateCommand(ctx: CommandContext, o: StateCommandOptions, session?: Session): Promise<number> {
  const f = new Factory(ctx, { common: o.common, target: { emulator: false, cloud: o.cloud }, ...(session ? { session } : {}) });
  const view = stateView(o.common.output, f.viewBase(`state ${o.sub}`));
  return f.run(view, async () => {
    if (o.sub === 'history') view.history(await stateHistory(f, o));
    else if (o.sub === 'restore') view.restored(await stateRestore(f, o));
    else view.transferred(await stateTransfer(f, o));
    return 0;
  });
}
