/**
 * Typed errors. Every error a user can cause carries a stable code, a sentence naming the field or
 * resource, and what to do next. The CLI maps `exitCode` to the process exit status (README "Exit codes").
 */
export const ExitCode = {
  ok: 0,
  stepFailed: 1,
  usage: 2,
  inputRequired: 3,
  auth: 4,
  locked: 5,
  // Answers scripts branch on, distinct from the failures above (README "Exit codes").
  /** plan --detailed-exitcode: the plan has changes to apply. */
  planChanges: 10,
  /** status: a step is recorded failed. */
  statusFailed: 11,
  /** status: a step is recorded running but no run holds the lock (killed or crashed). */
  statusInterrupted: 12,
  /** status: Azure no longer matches a done step. */
  statusDrifted: 13,
  /** status: steps are still pending (never run, cancelled, or destroyed), none failed or interrupted. */
  statusIncomplete: 14,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class SecureAksError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: {
      remediation?: string;
      exitCode?: ExitCodeValue;
      source?: 'user' | 'azure' | 'tool';
      cause?: unknown;
      docs?: string;
      /** Why a well-known Azure failure happened, in one sentence (the catalogue in src/azure/aks-failures.ts). */
      explanation?: string;
      /** The x-ms-correlation-request-id Azure support asks for: the failed request's, else this run's. */
      correlationId?: string;
      /** This run's log file (beside the state file), named in the failure output. */
      logFile?: string;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SecureAksError';
  }
  get exitCode(): ExitCodeValue {
    return this.options.exitCode ?? ExitCode.stepFailed;
  }
  get remediation(): string | undefined {
    return this.options.remediation;
  }
  get correlationId(): string | undefined {
    return this.options.correlationId;
  }
  /**
   * The error to report and exit with: this one, or for an error that bundles several findings, the one
   * finding that explains all the others (see PreflightError).
   */
  reported(): SecureAksError {
    return this;
  }
}

/** Bad flag, config value or state file: exit 2. */
export class UsageError extends SecureAksError {
  constructor(code: string, message: string, remediation?: string) {
    super(code, message, { remediation, exitCode: ExitCode.usage, source: 'user' });
  }
}

/** A value is missing and we may not prompt: exit 3. `missing` lists each value and what supplies it. */
export class InputRequiredError extends SecureAksError {
  constructor(readonly missing: Array<{ key: string; flag: string; env: string; configKey: string }>) {
    super(
      'InputRequired',
      `Missing required value${missing.length > 1 ? 's' : ''}: ` +
        missing.map((m) => `${m.key} (flag ${m.flag}, env ${m.env}, config key ${m.configKey})`).join('; '),
      { exitCode: ExitCode.inputRequired, source: 'user', remediation: 'Pass each value by flag, environment variable or --config file.' },
    );
  }
}

/** Authentication or permission problem: exit 4. */
export class AuthError extends SecureAksError {
  constructor(code: string, message: string, remediation?: string) {
    super(code, message, { remediation, exitCode: ExitCode.auth, source: 'user' });
  }
}

/** Another run holds the state lock: exit 5. */
export class LockError extends SecureAksError {
  constructor(message: string, remediation?: string) {
    super('StateLocked', message, { remediation, exitCode: ExitCode.locked, source: 'user' });
  }
}

/** The user said no, or pressed Ctrl-C: exit 130. */
export class AbortError extends SecureAksError {
  constructor(message = 'Interrupted.') {
    super('Interrupted', message, { exitCode: ExitCode.interrupted, source: 'user' });
  }
}

/** An Azure request failed: carries Azure's own code and message plus our remediation hint. */
export class AzureOperationError extends SecureAksError {
  constructor(
    code: string,
    message: string,
    readonly statusCode?: number,
    remediation?: string,
  ) {
    super(code, message, { remediation, exitCode: ExitCode.stepFailed, source: 'azure' });
  }
}
