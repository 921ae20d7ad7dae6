/**
 * Upgrades state files written by older versions, one schema version at a time, so a user can resume
 * or destroy a deployment started with an older secure-aks. Version 1 is the first published format;
 * a future change adds `MIGRATIONS[1]` (1 -> 2) and bumps STATE_SCHEMA_VERSION.
 */
import { UsageError } from '../core/errors.js';
import { STATE_SCHEMA_VERSION } from './schema.js';

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Version 2 records the production options. A version-1 deployment was built without any of them, on the
 * free tier (no sku was sent), so that is what it records: a re-run must not read a new default as a change.
 */
const V1_DEPLOYMENT_OPTIONS = {
  tier: 'free',
  zones: [],
  userPool: false,
  userPoolCount: 2,
  userPoolZones: [],
  tags: [],
  monitoring: false,
  azurePolicy: false,
  policyBaseline: false,
  defender: false,
  keyVault: false,
};

/** MIGRATIONS[n] turns a version-n document into a version-(n+1) document. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (doc) => ({ ...doc, config: { ...V1_DEPLOYMENT_OPTIONS, ...(doc.config as Record<string, unknown>) } }),
};

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
