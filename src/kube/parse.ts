/**
 * Parsing of kubectl's default table output as runCommand returns it. kubectl aligns columns with a tab
 * writer, so a column's values start where its header starts; values may contain single spaces
 * ("2 (5m ago)" under RESTARTS), so we cut by header position, not by whitespace.
 */
export type Row = Record<string, string>;

export interface Table {
  columns: string[];
  rows: Row[];
}

/** A header line: only upper-case column names ("NAME", "PORT(S)", "NODE SELECTOR"); resource names are lower case. */
const HEADER = /^[A-Z][A-Z0-9()_-]*(\s+[A-Z][A-Z0-9()_-]*)*\s*$/;

/**
 * Splits output into tables. A table starts at a header line: `kubectl get all` separates its tables with
 * blank lines, but commands chained with && print one table right after the other.
 */
export function parseTables(output: string): Table[] {
  const tables: string[][] = [];
  for (const line of output.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '' || /^No resources found/.test(line)) continue;
    if (HEADER.test(line)) tables.push([line]);
    else tables.at(-1)?.push(line); // text before any header (warnings) belongs to no table
  }
  return tables.map(parseBlock);
}

function parseBlock(lines: string[]): Table {
  const header = lines[0]!;
  const columns: Array<{ name: string; start: number }> = [];
  const re = /\S+(?: \S+)*/g; // a header may be two words ("NODE SELECTOR")
  for (let m = re.exec(header); m; m = re.exec(header)) columns.push({ name: m[0], start: m.index });
  const rows = lines.slice(1).map((line) => {
    const row: Row = {};
    columns.forEach((col, i) => {
      const end = columns[i + 1]?.start ?? line.length;
      row[col.name] = line.slice(col.start, Math.max(end, col.start)).trim();
    });
    return row;
  });
  return { columns: columns.map((c) => c.name), rows };
}

export interface NodeState {
  name: string;
  ready: boolean;
  status: string;
}

/** `kubectl get nodes`: Ready when STATUS lists Ready (a cordoned node is "Ready,SchedulingDisabled"). */
export function parseNodes(output: string): NodeState[] {
  const rows = parseTables(output).find((t) => t.columns.includes('ROLES'))?.rows ?? [];
  return rows.map((r) => ({ name: r.NAME ?? '', status: r.STATUS ?? '', ready: (r.STATUS ?? '').split(',').includes('Ready') }));
}

export interface PodState {
  namespace: string;
  name: string;
  status: string;
  ready: string;
  healthy: boolean;
}

/**
 * Pods of `kubectl get all --all-namespaces` (rows named pod/...) or `kubectl get pods -A`. Healthy means
 * Completed/Succeeded, or Running with every container ready.
 */
export function parsePods(output: string): PodState[] {
  const rows = parseTables(output)
    .filter((t) => t.columns.includes('STATUS') && t.columns.includes('READY') && t.columns.includes('RESTARTS'))
    .flatMap((t) => t.rows);
  return rows.map((r) => {
    const status = r.STATUS ?? '';
    const ready = r.READY ?? '';
    const [have, want] = ready.split('/').map(Number);
    const allReady = want === undefined || Number.isNaN(have) || have === want;
    const healthy = status === 'Completed' || status === 'Succeeded' || (status === 'Running' && allReady);
    return { namespace: r.NAMESPACE ?? 'default', name: (r.NAME ?? '').replace(/^pod\//, ''), status, ready, healthy };
  });
}

/** True when `kubectl get deployment NAME` found it (kubectl prints "NotFound" / "not found" otherwise). */
export function isNotFoundOutput(output: string): boolean {
  return /\(NotFound\)|not found/i.test(output);
}
