/**
 * The cassette format: the YAML the Azure CLI's test recordings use (vcrpy), so recordings of secure-aks
 * runs and the CLI's public recordings of real Azure traffic are read by one loader and replayed by one
 * harness. Header values are lists, bodies are strings, as vcrpy writes them.
 */
import YAML from 'yaml';

export interface CassetteRequest {
  method: string;
  uri: string;
  headers: Record<string, string[]>;
  body: string | null;
}

export interface CassetteResponse {
  status: { code: number; message: string };
  headers: Record<string, string[]>;
  body: { string: string };
}

export interface CassetteInteraction {
  request: CassetteRequest;
  response: CassetteResponse;
}

export interface Cassette {
  interactions: CassetteInteraction[];
  version: 1;
}

export class CassetteFormatError extends Error {
  readonly code = 'InvalidCassette';
}

/** Parses a cassette; a file that is not one names what is missing. */
export function parseCassette(text: string, source: string): Cassette {
  const doc = YAML.parse(text) as Partial<Cassette> | null;
  if (!doc || !Array.isArray(doc.interactions)) {
    throw new CassetteFormatError(`${source} is not a cassette: it has no 'interactions' list. Record one with --record <dir>.`);
  }
  doc.interactions.forEach((it, i) => {
    if (!it?.request?.method || !it.request.uri || typeof it.response?.status?.code !== 'number') {
      throw new CassetteFormatError(`${source}: interaction ${i + 1} lacks request.method, request.uri or response.status.code.`);
    }
  });
  return { interactions: doc.interactions, version: 1 };
}

/** One interaction as an item of the top-level `interactions:` list (appended to a cassette being recorded). */
export function stringifyInteraction(interaction: CassetteInteraction): string {
  // Long lines stay whole: a folded URL or body would still parse, but is harder to grep.
  return YAML.stringify([interaction], { lineWidth: 0 });
}
