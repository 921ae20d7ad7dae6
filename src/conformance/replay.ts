/**
 * Replays one cassette's ARM interactions, in recorded order, against a fresh in-process emulator and
 * compares every answer with Azure's. Polls of a recorded operation URL go to the status URL the emulator
 * gave for the same request; a recorded answer in a final state is re-requested (GETs only) until the
 * emulator's answer is final too, since the emulator's clock and Azure's never run alike.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cassette } from '../cassette/format.js';
import { EMULATOR_SUBSCRIPTION_ID, startEmulator } from '../emulator/index.js';
import { compareAnswer, type Answer, type Comparison } from './compare.js';
import { armExchanges, type Exchange } from './exchange.js';
import { send } from './http.js';
import { mapRegion, Rewriter } from './rewrite.js';

/** Simulated seconds per real second: a nine-minute cluster create takes 5 ms, so no poll ever sees Retry-After. */
export const REPLAY_SPEED = 100_000;
const FINAL_WAIT_TRIES = 100;
const FINAL_WAIT_MS = 10;

export interface ReplayResult {
  compared: Comparison[];
  /** Interactions not compared, with the reason (e.g. a recorded in-flight poll the emulator had already finished). */
  skipped: { cassette: string; index: number; method: string; path: string; reason: string }[];
}

const FINAL = /^(succeeded|failed|canceled)$/i;

/** Whether an answer is final: a settled resource, a finished operation, or a Location poll that stopped answering 202. */
function isFinal(answer: { status: number; body?: unknown }, poll: boolean): boolean {
  const b = answer.body as { status?: unknown; properties?: { provisioningState?: unknown } } | undefined;
  if (typeof b?.status === 'string') return FINAL.test(b.status);
  if (poll && answer.status === 202) return false;
  const state = b?.properties?.provisioningState;
  return typeof state !== 'string' || FINAL.test(state);
}

function urlKey(uri: string, base: string): string {
  const url = new URL(uri, base);
  return (url.pathname + url.search).toLowerCase();
}

interface GroupSpec {
  location: string;
  tags?: unknown;
}

/**
 * Resource groups the recording's test fixture made before recording started (with its tags, as a recorded
 * GET of the group shows them); the replay makes them first, in the mapped region. A group the recording
 * creates or finds missing is left alone.
 */
function resourceGroups(exchanges: Exchange[]): Map<string, GroupSpec> {
  const groups = new Map<string, GroupSpec>();
  for (const ex of exchanges) {
    const path = new URL(ex.uri).pathname;
    const name = /\/resourcegroups\/([^/?]+)/i.exec(path)?.[1]?.toLowerCase();
    // Node resource groups (MC_*) are made by AKS itself.
    if (!name || /^mc_/.test(name)) continue;
    const isGroupRead = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i.test(path) && ex.method === 'GET' && ex.status === 200;
    const source = (isGroupRead ? ex.body : (ex.body ?? ex.requestBody)) as { location?: unknown; tags?: object } | undefined;
    const known = groups.get(name);
    if (known && !isGroupRead) continue;
    const location = known?.location ?? mapRegion(typeof source?.location === 'string' ? source.location : 'eastus');
    // Tags a subscription policy added while the recording ran show up in later reads: keep them all.
    const tags = isGroupRead && source?.tags ? { ...(known?.tags as object | undefined), ...source.tags } : known?.tags;
    groups.set(name, { location, ...(tags ? { tags } : {}) });
  }
  // A group the recording creates itself, or found missing (a recorded secure-aks run), did not exist before.
  for (const ex of exchanges) {
    const path = new URL(ex.uri).pathname;
    const group = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
    if (!group) continue;
    const isGroup = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i.test(path);
    const missing = (ex.body as { error?: { code?: unknown } } | undefined)?.error?.code === 'ResourceGroupNotFound';
    if ((isGroup && (ex.method === 'PUT' || ex.status === 404)) || missing) groups.delete(group);
  }
  return groups;
}

export async function replayCassette(name: string, cassette: Cassette, speed = REPLAY_SPEED): Promise<ReplayResult> {
  const emu = await startEmulator({ speed });
  const call = (method: string, path: string, body?: string): Promise<Answer> => send(emu.url, emu.caPem, method, path, body);
  const result: ReplayResult = { compared: [], skipped: [] };
  try {
    const exchanges = armExchanges(cassette);
    const rewrite = new Rewriter();
    for (const [group, spec] of resourceGroups(exchanges)) {
      const groupPath = `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourcegroups/${group}?api-version=2021-04-01`;
      const made = await call('PUT', groupPath, JSON.stringify(spec));
      if (made.status >= 300) throw new Error(`Replay of ${name}: creating resource group ${group} answered ${made.status}.`);
    }
    // Recorded operation URL (path and query, lower case) -> the emulator's status URL for the same request.
    const operations = new Map<string, string | undefined>();
    for (const ex of exchanges) {
      const key = urlKey(ex.uri, ex.uri);
      const poll = operations.has(key);
      const target = poll ? operations.get(key) : rewrite.uri(ex.uri);
      const path = new URL(ex.uri).pathname;
      if (target === undefined) {
        result.compared.push({
          ...compareAnswer(name, ex, path, { status: 0, headers: {} }),
          differences: ['the emulator gave no status URL for the request this polls'],
          matched: false,
        });
        continue;
      }
      const method = poll ? 'GET' : ex.method;
      const body = poll ? undefined : rewrite.body(ex.requestBody);
      let answer = await call(method, target, body);
      if (method === 'GET' && isFinal(ex, poll)) {
        for (let i = 0; i < FINAL_WAIT_TRIES && !isFinal(answer, poll); i++) {
          await sleep(FINAL_WAIT_MS);
          answer = await call(method, target, body);
        }
      } else if (poll && isFinal(answer, poll)) {
        const reason = 'recorded while in flight; the emulator had already finished it';
        result.skipped.push({ cassette: name, index: ex.index, method: ex.method, path, reason });
        continue;
      }
      rewrite.learn(ex.body, answer.body);
      for (const header of ['azure-asyncoperation', 'location']) {
        const recorded = ex.headers[header];
        const ours = answer.headers[header];
        if (recorded) operations.set(urlKey(recorded, ex.uri), ours ? new URL(ours, emu.url).toString() : undefined);
      }
      result.compared.push(compareAnswer(name, ex, path, answer));
    }
  } finally {
    await emu.close();
  }
  return result;
}
