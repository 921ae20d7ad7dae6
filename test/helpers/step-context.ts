import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { createAzureClients, type ArmCallRecord } from '../../src/azure/clients.js';
import type { ArmRecorder } from '../../src/azure/record-policy.js';
import type { RetryWaits } from '../../src/azure/retry.js';
import type { AzureClients } from '../../src/azure/types.js';
import { DEFAULTS, EMULATOR_SUBSCRIPTION_ID } from '../../src/config/defaults.js';
import { resourceNames } from '../../src/config/names.js';
import type { ResolvedConfig, ResourceNames } from '../../src/config/types.js';
import type { Change, InFlightOperation, StepId, StepOutputs } from '../../src/core/step.js';
import type { Step, StepContext } from '../../src/engine/step.js';
import { resourceTags, retiredTagNames, USER_TAGS_OUTPUT } from '../../src/core/tags.js';

/** What the harness needs of a running emulator (startTestEmulator() returns it). */
export interface EmulatorEndpoint {
  url: string;
  caFile: string;
}

export interface StepHarnessOptions {
  config?: Partial<ResolvedConfig>;
  deploymentId?: string;
  /** LRO poll interval against the emulator (ms). */
  pollIntervalMs?: number;
  /** Record the clients' ARM traffic as a cassette (the product's --record). */
  recorder?: ArmRecorder;
  /** Sign in with this credential instead of the emulator's fixed token. */
  credential?: TokenCredential;
  /** The retry module's bounds; by default short, so a test of a bound does not wait a minute. */
  waits?: Partial<RetryWaits>;
}

const TEST_WAITS: RetryWaits = { firstDelayMs: 20, maxDelayMs: 200, busyBudgetMs: 30_000, rolePropagationMs: 2000 };

const WRITE_METHODS = new Set(['PUT', 'PATCH', 'DELETE']);

/**
 * Runs steps against the emulator through the real SDK clients the way the engine would: an in-memory
 * outputs map fed by each apply, a per-step operation journal, recorded progress lines and a counter of
 * every ARM call (writes = PUT/PATCH/DELETE) made through this harness's clients.
 */
export class StepHarness {
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  readonly deploymentId: string;
  readonly azure: AzureClients;
  readonly outputs = new Map<StepId, StepOutputs>();
  readonly journal = new Map<StepId, InFlightOperation>();
  readonly progress: string[] = [];
  readonly abort = new AbortController();
  private readonly log: ArmCallRecord[] = [];
  private stateDirPath?: string;

  constructor(emulator: EmulatorEndpoint, options: StepHarnessOptions = {}) {
    this.config = testConfig(options.config);
    this.names = resourceNames(this.config);
    this.deploymentId = options.deploymentId ?? 'test-deployment-0001';
    this.azure = createAzureClients({
      subscriptionId: this.config.subscriptionId,
      target: { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: emulator.url, caFile: emulator.caFile },
      onArmCall: (call) => this.log.push(call),
      pollIntervalMs: options.pollIntervalMs ?? 20,
      recorder: options.recorder,
      credential: options.credential,
      waits: { ...TEST_WAITS, ...options.waits },
    });
  }

  get stateDir(): string {
    return (this.stateDirPath ??= mkdtempSync(join(tmpdir(), 'secure-aks-steps-')));
  }

  /** The StepContext the engine would hand `step`: outputs() only for steps it depends on. */
  context(step: Pick<Step, 'id' | 'dependsOn'>): StepContext {
    return contextFor(this, step);
  }

  check(step: Step): Promise<Change[]> {
    return step.check(this.context(step));
  }

  /** check then apply (as `init` does); stores the outputs for dependent steps. */
  async apply(step: Step): Promise<{ changes: Change[]; outputs: StepOutputs }> {
    const ctx = this.context(step);
    const changes = await step.check(ctx);
    const outputs = await step.apply(ctx, changes);
    // Like the engine: what the step published early stays unless apply returns a newer value.
    this.outputs.set(step.id, { ...this.outputs.get(step.id), ...outputs });
    return { changes, outputs };
  }

  /**
   * Applies the given steps one at a time, each after those of them it depends on (otherwise in the order
   * given), as the engine would without overlap: e.g. the NSGs and rules before step 3's firewall.
   */
  async applyAll(steps: readonly Step[]): Promise<void> {
    const left = [...steps];
    const given = new Set(steps.map((s) => s.id));
    const applied = new Set<StepId>();
    while (left.length > 0) {
      const next = left.findIndex((s) => s.dependsOn.every((d) => !given.has(d) || applied.has(d)));
      if (next < 0) throw new Error(`steps ${left.map((s) => s.id).join(', ')} depend on each other`);
      const [step] = left.splice(next, 1);
      await this.apply(step!);
      applied.add(step!.id);
    }
  }

  calls(): readonly ArmCallRecord[] {
    return this.log;
  }

  writes(): ArmCallRecord[] {
    return this.log.filter((c) => WRITE_METHODS.has(c.method.toUpperCase()));
  }

  writeCount(): number {
    return this.writes().length;
  }

  resetCounters(): void {
    this.log.length = 0;
  }
}

/** The StepContext the engine would hand `step`: outputs() only for steps it depends on. */
function contextFor(h: StepHarness, step: Pick<Step, 'id' | 'dependsOn'>): StepContext {
  return {
    config: h.config,
    names: h.names,
    deploymentId: h.deploymentId,
    tags: resourceTags(h.deploymentId, h.config.tags),
    // Like the engine: what this step's last apply recorded.
    retiredTags: retiredTagNames(h.outputs.get(step.id)?.[USER_TAGS_OUTPUT], resourceTags(h.deploymentId, h.config.tags)),
    azure: h.azure,
    get jumphostKeyPath() {
      return join(h.stateDir, `${h.names.cluster}-jumphost.key`);
    },
    outputs(id: StepId): StepOutputs {
      if (!step.dependsOn.includes(id)) throw new Error(`step ${step.id} read outputs of ${id} without depending on it`);
      // Like the engine: a dependency that has not run (plan) has no outputs yet.
      return h.outputs.get(id) ?? {};
    },
    // Like the engine's journal: what this step's last apply returned.
    previousOutputs: () => h.outputs.get(step.id) ?? {},
    async remember(outputs: StepOutputs): Promise<void> {
      h.outputs.set(step.id, { ...h.outputs.get(step.id), ...outputs });
    },
    publish(outputs: StepOutputs): void {
      h.outputs.set(step.id, { ...h.outputs.get(step.id), ...outputs });
    },
    // Steps run here one at a time: whatever the test applied before this one has finished.
    async waitFor(id: StepId): Promise<void> {
      if (!step.dependsOn.includes(id)) throw new Error(`step ${step.id} waited for ${id} without depending on it`);
    },
    progress: (message: string) => void h.progress.push(`${step.id}: ${message}`),
    recordOperation: async (op) => {
      if (op) h.journal.set(step.id, op);
      else h.journal.delete(step.id);
    },
    inFlight: () => h.journal.get(step.id),
    signal: h.abort.signal,
  };
}

export function createStepHarness(emulator: EmulatorEndpoint, options?: StepHarnessOptions): StepHarness {
  return new StepHarness(emulator, options);
}

/** A complete configuration with the product defaults, in the emulator's subscription. */
export function testConfig(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    subscriptionId: EMULATOR_SUBSCRIPTION_ID,
    resourceGroup: 'rg-steps-test',
    location: 'eastus',
    name: 'aks-test',
    ...DEFAULTS,
    ...overrides,
  };
}
