/**
 * `--record <dir>`: every ARM request and answer of the run, sanitized (src/cassette/sanitize.ts), written as
 * a cassette in the Azure CLI's recording format to `<dir>/<command>-<timestamp>.yaml`, so the run can be
 * replayed against the emulator by the conformance harness (`npm run conformance <dir>`). Each interaction
 * is appended as it happens (`version: 1` comes first, so the file is a whole cassette at every moment), so
 * an interrupted run still leaves what it did and a long run does not rewrite a growing file.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { stringifyInteraction, type CassetteInteraction } from '../cassette/format.js';
import { sanitizeBody, sanitizeHeaders, sanitizeUri, tenantOfBearer, type SanitizeIds } from '../cassette/sanitize.js';

export interface ArmRecorder {
  /** The cassette file (written on the first interaction). */
  readonly file: string;
  /** Ids to replace by zero GUIDs besides those found in paths (the subscription the clients use). */
  addIds(ids: Partial<SanitizeIds>): void;
  policy(): PipelinePolicy;
}

export function createArmRecorder(options: { dir: string; command: string; now?: Date }): ArmRecorder {
  const stamp = (options.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = join(options.dir, `${options.command}-${stamp}.yaml`);
  const ids: SanitizeIds = { subscriptionIds: [], tenantIds: [] };
  let started = false;
  const save = (interaction: CassetteInteraction) => {
    if (!started) {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, 'version: 1\ninteractions:\n', { mode: 0o600 });
      started = true;
    }
    appendFileSync(file, stringifyInteraction(interaction));
  };
  return {
    file,
    addIds(more) {
      ids.subscriptionIds.push(...(more.subscriptionIds ?? []));
      ids.tenantIds.push(...(more.tenantIds ?? []));
    },
    policy: () => ({
      name: 'secureAksRecordCassette',
      async sendRequest(request, next) {
        const response = await next(request);
        const tenant = tenantOfBearer(request.headers.get('authorization'));
        if (tenant && !ids.tenantIds.includes(tenant)) ids.tenantIds.push(tenant);
        const requestBody = typeof request.body === 'string' ? request.body : null;
        save({
          request: {
            method: request.method,
            uri: sanitizeUri(request.url, ids),
            headers: sanitizeHeaders(request.headers.toJSON(), ids),
            body: sanitizeBody(requestBody, ids),
          },
          response: {
            status: { code: response.status, message: '' },
            headers: sanitizeHeaders(response.headers.toJSON(), ids),
            body: { string: sanitizeBody(response.bodyAsText ?? '', ids) ?? '' },
          },
        });
        return response;
      },
    }),
  };
}
