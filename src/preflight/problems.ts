/**
 * What preflight found. A blocking problem stops init/plan before any write; a note is shown in the
 * summary (e.g. "Microsoft.Network will be registered by step 1"). Every problem names the config field
 * or resource and says what to change, so the fix is one flag away.
 */
import { ExitCode, SecureAksError, type ExitCodeValue } from '../core/errors.js';
import type { AdoptedResource } from '../state/schema.js';

export interface PreflightProblem {
  code: string;
  /** Config keys (or `permissions`) the user changes to fix it. */
  fields: string[];
  message: string;
  remediation: string;
  /**
   * usage: change a value (exit 2); auth: an administrator must grant or register something (exit 4);
   * azure: Azure failed to answer a check (exit 1, like any Azure service error): try again later.
   */
  kind: 'usage' | 'auth' | 'azure';
  docs?: string;
}

export interface PreflightNote {
  code: string;
  message: string;
}

/** An existing resource the user adopted: how it is now, and what this run will change on it. */
export interface PreflightAdoption {
  prior: AdoptedResource;
  type: string;
  changes: string[];
}

export interface PreflightReport {
  problems: PreflightProblem[];
  notes: PreflightNote[];
  /** Resources the user adopted (`--adopt`); absent or empty when every resource is ours or new. */
  adoptions?: PreflightAdoption[];
}

export const DOCS = {
  quota: 'https://learn.microsoft.com/azure/quotas/per-vm-quota-requests',
  sku: 'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/skunotavailable-error',
  providers: 'https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types',
  permissions: 'https://learn.microsoft.com/azure/aks/concepts-identity',
  versions: 'https://learn.microsoft.com/azure/aks/supported-kubernetes-versions',
  lts: 'https://learn.microsoft.com/azure/aks/long-term-support',
  names: 'https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules',
  move: 'https://learn.microsoft.com/azure/azure-resource-manager/management/move-resource-group-and-subscription',
} as const;

/**
 * Preflight findings that make every other finding a consequence (nothing answered, or the subscription
 * is not there): the command reports that one cause, with its own exit status, not "preflight failed".
 */
const WHOLE_RUN_CAUSES: Record<string, ExitCodeValue> = {
  EndpointUnreachable: ExitCode.stepFailed,
  SubscriptionNotFound: ExitCode.usage,
  PermissionsApiFailed: ExitCode.stepFailed,
};

/**
 * Every blocking problem at once. Exit 4 when any of them needs an administrator (a permission or a
 * provider registration the caller may not do), exit 1 when Azure failed to answer a check, else exit 2
 * like any other wrong value.
 */
export class PreflightError extends SecureAksError {
  constructor(readonly problems: readonly PreflightProblem[]) {
    const one = problems.length === 1 ? problems[0] : undefined;
    super(
      one ? one.code : 'PreflightFailed',
      one
        ? one.message
        : `Preflight found ${problems.length} problems before anything was created:\n` +
            problems.map((p) => `- ${p.code}: ${p.message} ${p.remediation}`).join('\n'),
      {
        remediation: one ? one.remediation : 'Fix each problem listed above and run the command again; nothing was created.',
        exitCode: problems.some((p) => p.kind === 'auth')
          ? ExitCode.auth
          : problems.some((p) => p.kind === 'azure')
            ? ExitCode.stepFailed
            : ExitCode.usage,
        source: 'user',
        docs: one?.docs ?? problems.find((p) => p.docs)?.docs,
      },
    );
    this.name = 'PreflightError';
  }
  /** A whole-run cause among the problems (see WHOLE_RUN_CAUSES) is reported alone; otherwise all of them. */
  override reported(): SecureAksError {
    const cause = this.problems.find((p) => p.code in WHOLE_RUN_CAUSES);
    if (!cause) return this;
    return new SecureAksError(cause.code, cause.message, {
      remediation: cause.remediation,
      exitCode: WHOLE_RUN_CAUSES[cause.code],
      source: 'user',
      docs: cause.docs,
    });
  }
}
