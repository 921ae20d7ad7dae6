/**
 * Loading and saving the state file. Saves are atomic (atomic.ts), mode 0600, and serialized through
 * one queue per store so concurrent step updates never interleave; the CLI awaits `flush()` before it
 * exits, so Ctrl-C never cuts a save short. A broken, foreign or newer file is never modified: the error
 * says what it is and what to do.
 */
import { dirname, resolve } from 'node:path';
import { SecureAksError, UsageError } from '../core/errors.js';
import type { StepId } from '../core/step.js';
import type { StateBackend } from './backend.js';
import { FileStateBackend } from './file-backend.js';
import { isBlobState } from './location.js';
import { migrate } from './migrations.js';
import { STATE_SCHEMA_VERSION, STATE_TOOL, stateSchema, type DeploymentState, type StepRecord } from './schema.js';
import { assertRecordedConfigValid } from './recorded-config.js';
import { assertNoSecrets } from '../core/secrets.js';

function lineColumn(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1])).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

const KEEP_ASIDE =
  'The file was left untouched. Move it aside (keep it: its deploymentId tags the Azure resources) or pass another --state file.';

/** A path is the local file backend; a backend is used as given. */
export function backendOf(source: string | StateBackend): StateBackend {
  return typeof source === 'string' ? new FileStateBackend(source) : source;
}

/** Reads the state: undefined when there is none; throws UsageError when it cannot be used. */
export async function loadState(source: string | StateBackend): Promise<DeploymentState | undefined> {
  const backend = backendOf(source);
  const text = await backend.read();
  return text === undefined ? undefined : parseState(text, backend.location);
}

/** Checks and migrates a state document read from `file` (its path or URL, for messages). */
export function parseState(text: string, file: string): DeploymentState {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      'StateFileCorrupt',
      `State file ${file} is not valid JSON${lineColumn(text, (err as Error).message)}.`,
      KEEP_ASIDE,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || (doc as Record<string, unknown>).tool !== STATE_TOOL) {
    throw new UsageError(
      'StateFileForeign',
      `${file} is not a secure-aks state file (it has no "tool": "${STATE_TOOL}").`,
      'Pass the state file of a secure-aks deployment with --state, or another path for a new one.',
    );
  }
  const record = doc as Record<string, unknown>;
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new UsageError('StateFileCorrupt', `State file ${file} has no valid schemaVersion.`, KEEP_ASIDE);
  }
  if (version > STATE_SCHEMA_VERSION) {
    throw new UsageError(
      'StateFileTooNew',
      `State file ${file} has schema version ${version}, but this secure-aks reads up to version ${STATE_SCHEMA_VERSION}.`,
      'Upgrade secure-aks (npx secure-aks@latest) to continue this deployment.',
    );
  }
  const migrated = version < STATE_SCHEMA_VERSION ? migrate(record, file) : record;
  const parsed = stateSchema.safeParse(migrated);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new UsageError('StateFileCorrupt', `State file ${file} is damaged: ${where}.`, KEEP_ASIDE);
  }
  const state = migrated as unknown as DeploymentState;
  assertRecordedConfigValid(file, state.config, state.target);
  return state;
}

/** The document as stored. */
export function stateText(state: DeploymentState): string {
  return JSON.stringify(state, null, 2) + '\n';
}

/** Writes a state document atomically through its backend, after the secret guard. */
export async function saveState(target: string | StateBackend, state: DeploymentState): Promise<void> {
  assertNoSecrets(state);
  await backendOf(target).write(stateText(state));
}

/**
 * A write that did not reach the disk (full, read-only, removed): the file and the system's reason, and
 * what to do. The file keeps its previous content (writes are atomic), so the run can be resumed.
 */
export function stateNotSaved(file: string, err: unknown, existed: boolean, command: string): SecureAksError {
  // A storage account that stopped answering mid-run: the run stops like any write that failed, and resumes.
  if (err instanceof SecureAksError && err.code === 'StateUnreachable' && existed)
    return new SecureAksError('StateNotSaved', `Could not write the state ${file}: ${err.message}`, {
      source: 'user',
      cause: err,
      remediation:
        `${err.remediation ?? ''} Then run \`secure-aks ${command === 'destroy' ? 'destroy' : 'status --resume'} --state ${file}\`: it checks what exists in Azure before it writes, so nothing is done twice.`.trim(),
    });
  if (err instanceof SecureAksError) return err;
  const reason = (err as Error)?.message ?? String(err);
  const room = isBlobState(file)
    ? 'Restore access to the storage account (network, role Storage Blob Data Contributor), then run'
    : `Make room on (or restore write access to) ${dirname(resolve(file))}, then run`;
  // destroy continues by asking Azure what is left; a deployment continues with a resume.
  const again = command === 'destroy' ? `secure-aks destroy --state ${file}` : `secure-aks status --resume --state ${file}`;
  return new SecureAksError('StateNotSaved', `Could not write the state file ${file}: ${reason}.`, {
    source: 'user',
    cause: err,
    remediation: existed
      ? `The file still holds an earlier state of this run. ${room} \`${again}\`: it checks what exists in Azure before it writes, so nothing is done twice.`
      : `The state file was never written, so nothing was started. ${room} the same command again.`,
  });
}

/**
 * The state of one run, in memory and on disk. Every change goes through `update`, which checks the new
 * document before accepting it and queues a save; writes happen one at a time, newest snapshot last.
 */
export class StateStore {
  /** Why the file on disk is behind this run (the last write failed); undefined once a write succeeds. */
  unsaved: SecureAksError | undefined;
  private current: DeploymentState;
  private stored = false;
  private pending: { generation: number; doc: DeploymentState } | undefined;
  /** Snapshots queued and the newest one on disk: a save resolves once its snapshot (or a newer one) is written. */
  private queued = 0;
  private written = 0;
  private writing: Promise<void> | undefined;

  readonly backend: StateBackend;

  constructor(source: string | StateBackend, state: DeploymentState) {
    this.backend = backendOf(source);
    this.current = structuredClone(state);
  }

  /** The state's path or `az://` URL, as messages name it. */
  get file(): string {
    return this.backend.location;
  }

  /** Opens the existing state, or undefined when there is none. */
  static async open(source: string | StateBackend): Promise<StateStore | undefined> {
    const backend = backendOf(source);
    const state = await loadState(backend);
    if (!state) return undefined;
    const store = new StateStore(backend, state);
    store.stored = true;
    return store;
  }

  /** Whether some version of this deployment's file is on disk (opened, or written once). */
  get onDisk(): boolean {
    return this.stored;
  }

  get state(): Readonly<DeploymentState> {
    return this.current;
  }

  step(id: StepId): Readonly<StepRecord> | undefined {
    return this.current.steps[id];
  }

  /** Applies `mutate` to a copy, refuses it if it holds a secret, then saves. */
  update(mutate: (draft: DeploymentState) => void): Promise<void> {
    const draft = structuredClone(this.current);
    mutate(draft);
    draft.updatedAt = new Date().toISOString();
    try {
      assertNoSecrets(draft);
    } catch (err) {
      return Promise.reject(err);
    }
    this.current = draft;
    return this.save();
  }

  /** Merges `patch` into a step's record (creating it as pending); `undefined` fields are removed. */
  updateStep(id: StepId, patch: Partial<StepRecord>): Promise<void> {
    return this.update((draft) => {
      const merged: Record<string, unknown> = { status: 'pending', ...draft.steps[id], ...patch };
      for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
      draft.steps[id] = merged as unknown as StepRecord;
    });
  }

  /** Queues a write of the current document; resolves once it (or a newer snapshot) is on disk. */
  save(): Promise<void> {
    const generation = ++this.queued;
    this.pending = { generation, doc: structuredClone(this.current) };
    this.writing ??= this.drain();
    // A later snapshot that fails does not undo this one: resolve if a write holding it reached the disk.
    return this.writing.catch((err: unknown) => {
      if (this.written < generation) throw err;
    });
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const snapshot = this.pending;
        this.pending = undefined;
        try {
          await saveState(this.backend, snapshot.doc);
          this.written = snapshot.generation;
          this.unsaved = undefined;
          this.stored = true;
        } catch (err) {
          this.unsaved = stateNotSaved(this.file, err, this.stored, snapshot.doc.command);
          throw this.unsaved;
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
