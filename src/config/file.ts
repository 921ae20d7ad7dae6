/**
 * The --config file: YAML or JSON (by extension, else sniffed). Every problem points at its line and
 * column, because "invalid config" without a place sends the user hunting.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, stringify } from 'yaml';
import type { ResolvedConfig } from './types.js';
import { CONFIG_KEYS } from './options.js';
import { ConfigInvalidError, ConfigProblem } from './problems.js';
import { checkValues, type ConfigValues } from './schema.js';
import { toConfigValues } from './validate.js';
import { writeFileAtomic } from '../core/atomic.js';
import { tagsMappingToList } from './tag-mapping.js';
import { splitStateKeys, type StateConfigValues } from './state-keys.js';

export interface Position {
  line: number;
  col: number;
}

export interface ConfigFileContents {
  path: string;
  /** The values that passed their checks (the others are in `problems`). */
  values: ConfigValues;
  /** Where the state is kept (`state`, `stateEndpoint`, `stateCa`), as written: not part of `values`. */
  state: StateConfigValues;
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

/** What a path is when it is not a regular file, for the sentence that refuses it. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The text of a config file. Stat first: reading a FIFO or a device blocks until a writer appears (and
 * Ctrl-C cannot interrupt a pending read), so anything but a regular file is refused before it is opened.
 */
async function readText(path: string): Promise<string> {
  const unreadable = (code: string | undefined) =>
    new ConfigInvalidError([
      new ConfigProblem(
        'ConfigFileNotFound',
        [],
        `Cannot read config file ${path}${code === 'ENOENT' ? ': it does not exist' : ` (${code})`}.`,
        'Check the --config path.',
      ),
    ]);
  let info: Stats;
  try {
    info = await stat(path);
  } catch (err) {
    throw unreadable((err as NodeJS.ErrnoException).code);
  }
  if (!info.isFile()) {
    throw new ConfigInvalidError([
      new ConfigProblem(
        'ConfigFileNotRegular',
        [],
        `Config file ${path} is ${kindOf(info)}, not a regular file.`,
        'Pass the path of a YAML or JSON file; to use generated settings, write them to a file first.',
      ),
    ]);
  }
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable((err as NodeJS.ErrnoException).code);
  }
}

/** Aliases a config may expand: a handful is plenty, a "billion laughs" file expands them exponentially. */
const MAX_ALIAS_COUNT = 100;

/** Reads and checks a config file; throws only when it cannot be read or parsed at all. */
export async function readConfigFile(path: string): Promise<ConfigFileContents> {
  const text = await readText(path);
  if (looksLikeJson(path, text)) {
    try {
      JSON.parse(text);
    } catch (err) {
      // Node reports "... at position N"; turn it into a line and column.
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      const short = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
      throw new ConfigInvalidError([
        invalid(path, at ? positionAt(text, Number(at[1])) : undefined, short, 'Fix the JSON syntax at that place.'),
      ]);
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
  let raw: unknown = {};
  try {
    if (doc.contents !== null) raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError when aliases expand beyond maxAliasCount (a resource exhaustion attack),
    // and for an alias that names no anchor.
    if (!(err instanceof ReferenceError)) throw err;
    const bomb = /excessive alias count/i.test(err.message);
    throw new ConfigInvalidError([
      bomb
        ? invalid(
            path,
            undefined,
            `its YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies; refusing to expand them.`,
            'Write the values out instead of repeating aliases.',
          )
        : invalid(path, undefined, `its YAML is not valid: ${err.message}.`, 'Define each anchor (&name) before an alias (*name) uses it.'),
    ]);
  }
  const state = splitStateKeys(tagsMappingToList(raw));
  const { values, problems } = checkValues(state.rest);
  return {
    path,
    values,
    state: state.values,
    positions,
    problems: [...state.problems, ...problems].map((p) => {
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
  const header =
    '# secure-aks configuration: use with `secure-aks init --config <this file>`.\n# Flags and SECURE_AKS_* environment variables override these values.\n';
  await writeFileAtomic(path, header + stringify(ordered), { mode: 0o644, dirMode: 0o755 });
}
