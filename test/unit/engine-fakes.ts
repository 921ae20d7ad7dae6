import type { AzureClients } from '../../src/azure/types.js';
import { DEFAULTS, EMULATOR_SUBSCRIPTION_ID } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { MemoryJournal } from '../../src/engine/journal.js';
import type { RunOptions } from '../../src/engine/runner.js';
import type { Change, StepId, StepOutputs } from '../../src/core/step.js';
import type { Step, StepContext } from '../../src/engine/step.js';
import { RecordingIoHost } from '../../src/io/recording.js';

export const config: ResolvedConfig = {
  ...DEFAULTS,
  subscriptionId: EMULATOR_SUBSCRIPTION_ID,
  resourceGroup: 'rg-test',
  location: 'eastus',
  name: 'aks-test',
};

export interface FakeStepOptions {
  number: number;
  id: StepId;
  dependsOn?: StepId[];
  delayMs?: number;
  changes?: Change[];
  fail?: Error;
  skip?: string;
  outputs?: StepOutputs;
  /** Runs inside apply, e.g. to read another step's outputs. */
  onApply?: (ctx: StepContext) => void;
}

/** A log every fake step appends to, so tests can see order and overlap. */
export class Timeline {
  readonly entries: string[] = [];
  active = 0;
  maxActive = 0;
  writes = 0;
  checks = 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Step made of timers: no Azure, just the contract. */
export function fakeStep(o: FakeStepOptions, t: Timeline): Step {
  return {
    number: o.number,
    id: o.id,
    title: `Step ${o.id}`,
    dependsOn: o.dependsOn ?? [],
    skipReason: o.skip ? () => o.skip : undefined,
    async check() {
      t.checks++;
      return o.changes ?? [{ action: 'create', resourceType: 'Fake/things', name: o.id }];
    },
    async apply(ctx, changes) {
      t.entries.push(`start ${o.id}`);
      t.active++;
      t.maxActive = Math.max(t.maxActive, t.active);
      try {
        await sleep(o.delayMs ?? 10);
        o.onApply?.(ctx);
        if (o.fail) throw o.fail;
        t.writes += changes.filter((c) => c.action !== 'none').length;
        return o.outputs ?? { [`${o.id}Id`]: `/fake/${o.id}` };
      } finally {
        t.active--;
        t.entries.push(`end ${o.id}`);
      }
    },
    async verify() {},
  };
}

export function runOptions(steps: Step[], extra: Partial<RunOptions> = {}): RunOptions & { io: RecordingIoHost; journal: MemoryJournal } {
  return {
    steps,
    config,
    deploymentId: 'dep-1',
    azure: {} as AzureClients,
    jumphostKeyPath: '/nonexistent/jumphost.key',
    journal: new MemoryJournal(),
    io: new RecordingIoHost(),
    ...extra,
  } as RunOptions & { io: RecordingIoHost; journal: MemoryJournal };
}
