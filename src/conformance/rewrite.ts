/**
 * What the replayer changes in a recorded request so the emulator can serve it: the subscription id, regions
 * the emulator does not serve, and ids Azure minted during the recording (a principal id, say) that the
 * emulator minted differently. Names, api-versions and everything else are sent as recorded.
 */
import { EMULATOR_SUBSCRIPTION_ID } from '../emulator/index.js';

/**
 * Regions of the recordings the emulator does not serve, and the served region each is replayed in. A region
 * changes no shape of any answer; it only has to be one the emulator accepts.
 */
export const REGION_MAP: Readonly<Record<string, string>> = {
  westus: 'westus2',
  westcentralus: 'westus2',
  eastus2: 'eastus',
  // The canary region of East US 2 (Azure CLI network tests record there).
  eastus2euap: 'eastus',
  italynorth: 'westeurope',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mapRegion(region: string): string {
  const key = region.toLowerCase().replace(/\s/g, '');
  return REGION_MAP[key] ?? key;
}

export class Rewriter {
  /** Recorded GUID (lower case) -> the emulator's GUID at the same place of the same answer. */
  private readonly ids = new Map<string, string>();

  private substitute(text: string): string {
    let out = text.replace(/\/subscriptions\/[0-9a-f-]{36}/gi, `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}`);
    for (const [recorded, actual] of this.ids) out = out.replace(new RegExp(recorded, 'gi'), actual);
    return out;
  }

  /** Path and query of a recorded ARM URI as the emulator should receive it. */
  uri(recorded: string): string {
    const url = new URL(recorded);
    const path = url.pathname.replace(/(\/locations\/)([^/]+)/i, (_m, p: string, region: string) => p + mapRegion(region));
    return this.substitute(path + url.search);
  }

  body(recorded: unknown): string | undefined {
    if (recorded === undefined) return undefined;
    if (typeof recorded === 'string') return this.substitute(recorded);
    const body = JSON.parse(this.substitute(JSON.stringify(recorded))) as { location?: unknown };
    if (typeof body.location === 'string') body.location = mapRegion(body.location);
    return JSON.stringify(body);
  }

  /** Learns the ids the emulator minted where Azure minted others (same key path, both GUIDs). */
  learn(recorded: unknown, actual: unknown): void {
    if (typeof recorded === 'string' && typeof actual === 'string') {
      if (GUID.test(recorded) && GUID.test(actual) && recorded.toLowerCase() !== actual.toLowerCase() && !/^0{8}-/.test(recorded)) {
        this.ids.set(recorded.toLowerCase(), actual);
      }
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(actual)) {
      recorded.forEach((r, i) => this.learn(r, actual[i]));
      return;
    }
    if (recorded && actual && typeof recorded === 'object' && typeof actual === 'object') {
      for (const [k, v] of Object.entries(recorded)) this.learn(v, (actual as Record<string, unknown>)[k]);
    }
  }
}
