/** The words of one kubectl command line, parsed the way kubectl reads its flags, and what a command answers. */
import type { ArmResource, Store } from '../../core/contract.js';
import type { ClusterState } from './kube-state.js';

export interface KubectlContext {
  store: Store;
  cluster: ArmResource;
  state: ClusterState;
  now: number;
  /** Azure RBAC for Kubernetes: kubectl's Forbidden result for a request the caller may not make. */
  authorize?: (verb: string | undefined, operands: string[], args: ParsedArgs) => KubectlResult | undefined;
}

export interface KubectlResult {
  exitCode: number;
  logs: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
  /** Words after a bare `--` (the container command of kubectl run). */
  rest: string[];
}

/** Splits a shell line into words, honouring single and double quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || word) words.push(word);
      word = '';
      started = false;
    } else word += ch;
  }
  if (started || word) words.push(word);
  return words;
}

const SHORT_WITH_VALUE = new Set(['-n', '-o', '-l', '-c', '-f', '-r']);

export function parseArgs(words: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return { positional, flags, rest: words.slice(i + 1) };
    const eq = w.indexOf('=');
    if (w.startsWith('--') && eq > 0) flags.set(w.slice(0, eq), w.slice(eq + 1));
    else if (w.startsWith('-') && !w.startsWith('--') && w.length > 2 && SHORT_WITH_VALUE.has(w.slice(0, 2)))
      flags.set(w.slice(0, 2), w.slice(2).replace(/^=/, ''));
    else if (SHORT_WITH_VALUE.has(w) || ['--namespace', '--output', '--selector', '--image', '--replicas', '--timeout'].includes(w))
      flags.set(w, words[++i] ?? '');
    else if (w.startsWith('-')) flags.set(w, true);
    else positional.push(w);
  }
  return { positional, flags, rest: [] };
}

export function flag(args: ParsedArgs, ...names: string[]): string | true | undefined {
  for (const n of names) if (args.flags.has(n)) return args.flags.get(n);
  return undefined;
}

export function namespaceOf(args: ParsedArgs): string {
  const ns = flag(args, '-n', '--namespace');
  return typeof ns === 'string' && ns ? ns : 'default';
}
