import type { AzureClients } from '../../azure/types.js';
import type { ResolvedConfig } from '../../config/types.js';
import type { StepId } from '../../core/step.js';
import { MemoryJournal, type StepJournalEntry } from '../../engine/journal.js';
import { planSteps } from '../../engine/plan.js';
import type { RunResult } from '../../engine/result.js';
import type { IoHost } from '../../io/host.js';

export interface CompareOptions {
  config: ResolvedConfig;
  deploymentId: string;
  azure: AzureClients;
  jumphostKeyPath: string;
  /** The recorded steps: read from a scratch copy, never written. */
  recorded?: Partial<Record<StepId, StepJournalEntry>>;
  io: IoHost;
  signal: AbortSignal;
}

/**
 * What `plan` would show, for the confirmation of a re-run or a resume: every step's read-only check (GETs
 * only) against a scratch copy of the journal. Its progress stays quiet: the summary is on screen and the
 * diff follows it; anything the checks warn about is still said.
 */
export async function compareWithAzure(o: CompareOptions): Promise<RunResult> {
  const { STEPS } = await import('../../steps/index.js');
  const quiet: IoHost = {
    interactive: false,
    notify: (e) => {
      if (e.code === 'warn') o.io.notify(e);
    },
    requestResponse: (r) => o.io.requestResponse(r),
    close: () => {},
  };
  o.io.notify({ code: 'info', message: 'Comparing Azure with the configuration (read-only)...' });
  return planSteps({
    steps: STEPS,
    config: o.config,
    deploymentId: o.deploymentId,
    azure: o.azure,
    jumphostKeyPath: o.jumphostKeyPath,
    journal: new MemoryJournal(structuredClone(o.recorded ?? {})),
    io: quiet,
    signal: o.signal,
  });
}
