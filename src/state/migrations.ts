/**
 * Upgrades state files written by older versions, one schema version at a time, so a user can resume
 * or destroy a deployment started with an older secure-aks. Version 1 is the first published format;
 * a future change adds `MIGRATIONS[1]` (1 -> 2) and bumps STATE_SCHEMA_VERSION.
 */
import { UsageError } from '../core/errors.js';
import { STATE_SCHEMA_VERSION } from './schema.js';

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] turns a version-n document into a version-(n+1) document. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export function migrate(
  doc: Record<string, unknown>,
  file: string,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = STATE_SCHEMA_VERSION,
): Record<string, unknown> {
  let current = doc;
  for (let version = Number(doc.schemaVersion); version < target; version++) {
    const step = migrations[version];
    if (!step) {
      throw new UsageError(
        'StateFileUnsupported',
        `State file ${file} has schema version ${doc.schemaVersion}, which this version of secure-aks cannot upgrade (it reads version ${target}).`,
        'Finish or destroy that deployment with the secure-aks version that created it.',
      );
    }
    current = { ...step(current), schemaVersion: version + 1 };
  }
  return current;
}
