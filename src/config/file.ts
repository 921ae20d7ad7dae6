/**
 * The --config file: YAML or JSON (by extension, else sniffed). Every problem points at its line and
 * column, because "invalid config" without a place sends the user hunting.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, stringify } from 'yaml';
import type { ResolvedConfig } from './types.js';
import { CONFIG_KEYS } from './options.js';
import { ConfigInvalidError, ConfigProblem } from './problems.js';
import { checkValues, type ConfigValues } from './schema.js';
import { toConfigValues } from './validate.js';
import { writeFileAtomic } from '../state/atomic.js';

export interface Position {
  line: number;
  col: number;
}

export interface ConfigFileContents {
  path: string;
  /** The values that passed their checks (the others are in `problems`). */
  values: ConfigValues;
  /** Unknown keys and bad values, each message starting with "<path> line L, column C:". */
  problems: ConfigProblem[];
  /** Where each top-level key is written. */
  positions: Record<string, Position>;
}

function invalid(path: string, pos: Position | undefined, message: string, remediation: string): ConfigProblem {
  const where = pos ? `${path} line ${pos.line}, column ${pos.col}` : path;
  return new ConfigProblem('ConfigFileInvalid', [], `${where}: ${message}`, remediation);
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

function looksLikeJson(path: string, text: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return true;
  if (ext === '.yaml' || ext === '.yml') return false;
  return text.trimStart().startsWith('{');
}

/** Reads and checks a config file; throws only when it cannot be read or parsed at all. */
export async function readConfigFile(path: string): Promise<ConfigFileContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigInvalidError([
      new ConfigProblem('ConfigFileNotFound', [], `Cannot read config file ${path}${code === 'ENOENT' ? ': it does not exist' : ` (${code})`}.`, 'Check the --config path.'),
    ]);
  }
  if (looksLikeJson(path, text)) {
    try {
      JSON.parse(text);
    } catch (err) {
      // Node reports "... at position N"; turn it into a line and column.
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      const short = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
      throw new ConfigInvalidError([invalid(path, at ? positionAt(text, Number(at[1])) : undefined, short, 'Fix the JSON syntax at that place.')]);
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigInvalidError(
      doc.errors.map((e) => invalid(path, lineCounter.linePos(e.pos[0]), e.message.split('\n')[0], 'Fix the YAML syntax at that place.')),
    );
  }
  const positions: Record<string, Position> = {};
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) positions[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]);
    }
  }
  const raw = doc.contents === null ? {} : doc.toJS();
  const { values, problems } = checkValues(raw);
  return {
    path,
    values,
    positions,
    problems: problems.map((p) => {
      const pos = p.fields.length ? positions[p.fields[0]] : undefined;
      const where = pos ? `${path} line ${pos.line}, column ${pos.col}` : path;
      return new ConfigProblem(p.code, p.fields, `${where}: ${p.message}`, p.remediation);
    }),
  };
}

/** Loads a config file, throwing every problem at once (ConfigInvalidError) when it is not clean. */
export async function loadConfig(path: string): Promise<ConfigValues> {
  const contents = await readConfigFile(path);
  if (contents.problems.length) throw new ConfigInvalidError(contents.problems);
  return contents.values;
}

/** Writes a YAML config that loadConfig accepts (for --save-config), keys in the usual order. */
export async function saveConfig(path: string, config: Partial<ResolvedConfig> | ConfigValues): Promise<void> {
  const values = toConfigValues(config as Partial<ResolvedConfig>) as Record<string, unknown>;
  const ordered = Object.fromEntries(CONFIG_KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
  const header = '# secure-aks configuration: use with `secure-aks init --config <this file>`.\n# Flags and SECURE_AKS_* environment variables override these values.\n';
  await writeFileAtomic(path, header + stringify(ordered), { mode: 0o644, dirMode: 0o755 });
}
