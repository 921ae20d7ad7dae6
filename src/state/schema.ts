/**
 * The state file: a versioned journal of one deployment. Azure is the source of truth; this records what
 * the wizard was asked to build, where, and how far each step got (with what is needed to re-attach to
 * a long-running operation after a crash). It never holds a secret (see secrets.ts).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CloudTarget } from '../azure/types.js';
import type { ResolvedConfig } from '../config/types.js';
import type { InFlightOperation, StepId, StepOutputs, StepStatus } from '../core/step.js';
import { CLOUDS } from '../config/regions.js';

export const STATE_SCHEMA_VERSION = 2;
export const STATE_TOOL = 'secure-aks';

export interface StepError {
  code: string;
  message: string;
  remediation?: string;
  statusCode?: number;
  /** A well-known failure's cause, its Learn page, what a check found after it, and Azure's correlation id. */
  explanation?: string;
  docs?: string;
  findings?: string[];
  correlationId?: string;
}

/**
 * One run of a step, kept so a resume does not overwrite the first run's timing: `status` and `endedAt` are
 * written when that run ends; an attempt still `running` in a file no run holds was cut short (the next run
 * marks it `interrupted`, without an end it never had).
 */
export interface StepAttempt {
  startedAt: string;
  endedAt?: string;
  status: 'running' | 'done' | 'failed' | 'interrupted';
}

/** Attempts kept per step: the most recent ones (a step resumed twenty times has said enough). */
export const MAX_ATTEMPTS = 20;

export interface StepRecord {
  status: StepStatus;
  startedAt?: string;
  finishedAt?: string;
  outputs?: StepOutputs;
  error?: StepError;
  inFlight?: InFlightOperation;
  /** Number of changes the last check found (0 on a re-run of a complete deployment). */
  changes?: number;
  /** Every run of this step, oldest first (at most MAX_ATTEMPTS); absent in states written before. */
  attempts?: StepAttempt[];
}

/**
 * An existing resource the user let this deployment change (`adopt`), as it was before the first write to
 * it; destroy puts it back to this. Recorded once: a later run never overwrites what was there first.
 */
export interface AdoptedResource {
  kind: 'virtualNetwork' | 'routeTable' | 'networkSecurityGroup';
  id: string;
  name: string;
  resourceGroup: string;
  tags: Record<string, string>;
  /** Virtual network: its address space. */
  addressPrefixes?: string[];
  /** Virtual network: the subnets it had, with what was attached to each. */
  subnets?: Array<{ name: string; routeTableId?: string; networkSecurityGroupId?: string }>;
  /** Route table or NSG: the subnets it was attached to. */
  subnetIds?: string[];
  /** Route table: its routes (name and properties). */
  routes?: Array<Record<string, unknown>>;
  /** NSG: its security rules (name and properties). */
  rules?: Array<Record<string, unknown>>;
}

export interface DeploymentState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  tool: typeof STATE_TOOL;
  /** Short random id, put in the secure-aks-deployment tag of everything created. */
  deploymentId: string;
  createdAt: string;
  updatedAt: string;
  /** The command that last wrote the file (init, status --resume, destroy...). */
  command: string;
  target: CloudTarget;
  config: ResolvedConfig;
  steps: Partial<Record<StepId, StepRecord>>;
  /** File name of this deployment's jumphost SSH key, beside the state file (jumphost-key.ts); never the key. */
  jumphostKeyFile?: string;
  /** Resources that existed before and were adopted; absent in states written before adoption existed. */
  adopted?: AdoptedResource[];
}

/** 8 hex characters: short enough for a tag value people read, 2^32 values for one user's deployments. */
export function newDeploymentId(): string {
  return randomBytes(4).toString('hex');
}

export function createState(init: {
  command: string;
  target: CloudTarget;
  config: ResolvedConfig;
  deploymentId?: string;
  jumphostKeyFile?: string;
  now?: Date;
}): DeploymentState {
  const at = (init.now ?? new Date()).toISOString();
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    tool: STATE_TOOL,
    deploymentId: init.deploymentId ?? newDeploymentId(),
    createdAt: at,
    updatedAt: at,
    command: init.command,
    target: init.target,
    config: init.config,
    steps: {},
    ...(init.jumphostKeyFile ? { jumphostKeyFile: init.jumphostKeyFile } : {}),
  };
}

const outputValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.undefined()]);

const stepRecordSchema = z.object({
  status: z.enum(['done', 'skipped', 'failed', 'pending', 'running']),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  outputs: z.record(z.string(), outputValue).optional(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      remediation: z.string().optional(),
      statusCode: z.number().optional(),
      explanation: z.string().optional(),
      docs: z.string().optional(),
      findings: z.array(z.string()).optional(),
      correlationId: z.string().optional(),
    })
    .optional(),
  inFlight: z
    .object({ resourceId: z.string(), operation: z.enum(['create', 'update', 'delete']), resumeFrom: z.string(), startedAt: z.string() })
    .optional(),
  changes: z.number().optional(),
  // Optional, so a state written before attempts were kept loads unchanged.
  attempts: z
    .array(
      z.looseObject({
        startedAt: z.string(),
        endedAt: z.string().optional(),
        status: z.enum(['running', 'done', 'failed', 'interrupted']),
      }),
    )
    .optional(),
});

/** Structure check of a (migrated) state document; config values were validated when resolved. */
export const stateSchema = z.object({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  tool: z.literal(STATE_TOOL),
  deploymentId: z.string().regex(/^[0-9a-z-]{1,36}$/),
  createdAt: z.string(),
  updatedAt: z.string(),
  command: z.string(),
  target: z.looseObject({
    kind: z.enum(['azure', 'emulator', 'endpoint']),
    cloud: z.enum(CLOUDS),
    armEndpoint: z.string(),
    caFile: z.string().optional(),
    emulatorData: z.string().optional(),
  }),
  config: z.looseObject({ resourceGroup: z.string(), location: z.string(), name: z.string(), subscriptionId: z.string() }),
  steps: z.record(z.string(), stepRecordSchema),
  jumphostKeyFile: z.string().min(1).optional(),
  // Optional, so a state written before adoption existed loads unchanged (no schema version bump needed).
  adopted: z
    .array(
      z.looseObject({
        kind: z.enum(['virtualNetwork', 'routeTable', 'networkSecurityGroup']),
        id: z.string(),
        name: z.string(),
        resourceGroup: z.string(),
        tags: z.record(z.string(), z.string()),
        addressPrefixes: z.array(z.string()).optional(),
        subnets: z
          .array(z.looseObject({ name: z.string(), routeTableId: z.string().optional(), networkSecurityGroupId: z.string().optional() }))
          .optional(),
        subnetIds: z.array(z.string()).optional(),
        routes: z.array(z.record(z.string(), z.unknown())).optional(),
        rules: z.array(z.record(z.string(), z.unknown())).optional(),
      }),
    )
    .optional(),
});
