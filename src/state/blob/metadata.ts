/**
 * What secure-aks keeps in a state blob's metadata (names are C# identifiers, values ASCII: JSON goes in
 * base64url). The revision counts writes, so a snapshot is taken only of a version not kept yet; the holder
 * names the run under the lease; the summary lets `state history` describe a version without reading it.
 */
import { staleReason, type LockInfo } from '../lock.js';
import { thisBoot } from '../process-identity.js';

export const META = {
  revision: 'secureaksrevision',
  holder: 'secureaksholder',
  summary: 'secureakssummary',
} as const;

export interface VersionSummary {
  deploymentId?: string;
  command?: string;
  updatedAt?: string;
  /** e.g. "10/10 done", "4/10 done, 05 failed". */
  steps?: string;
}

export function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode<T>(raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export function revisionOf(metadata: Record<string, string> | undefined): number {
  const n = Number(metadata?.[META.revision]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The run the metadata names as holding the lease. A holder whose process is gone is marked `stopped` only
 * when it ran on this very machine since its last boot (its boot id, not just a host name: hosts of a team
 * may share names); its lease is still waited out, never broken.
 */
export function holderOf(metadata: Record<string, string> | undefined): LockInfo | undefined {
  const info = decode<LockInfo>(metadata?.[META.holder]);
  if (!info || !Number.isInteger(info.pid) || typeof info.host !== 'string') return undefined;
  // What a holder wrote about itself is never taken as `stopped`: only this host's own look decides.
  const holder: LockInfo = { ...info };
  delete holder.stopped;
  const stopped = thisBoot(holder.process) ? staleReason(holder) : undefined;
  return stopped ? { ...holder, stopped } : holder;
}

export function summaryOf(metadata: Record<string, string> | undefined): VersionSummary {
  return decode<VersionSummary>(metadata?.[META.summary]) ?? {};
}

/** The summary of a state document (its text as written); an unparsable one has none. */
export function summarize(text: string): VersionSummary {
  try {
    const doc = JSON.parse(text) as {
      deploymentId?: string;
      command?: string;
      updatedAt?: string;
      steps?: Record<string, { status?: string }>;
    };
    const records = Object.entries(doc.steps ?? {});
    const done = records.filter(([, r]) => r.status === 'done' || r.status === 'skipped').length;
    const failed = records.filter(([, r]) => r.status === 'failed').map(([id]) => id);
    return {
      deploymentId: doc.deploymentId,
      command: doc.command,
      updatedAt: doc.updatedAt,
      steps: `${done}/${records.length} done${failed.length ? `, ${failed.join(', ')} failed` : ''}`,
    };
  } catch {
    return {};
  }
}
