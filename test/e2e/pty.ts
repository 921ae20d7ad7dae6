import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, cleanEnv } from './run-cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, '');

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f' } as const;

export interface PtySession {
  /** Everything the terminal showed so far, raw (escape codes included). */
  raw(): string;
  /** Waits until the text shown since the last wait matches, then moves the mark past the match. */
  expect(pattern: RegExp, timeoutMs?: number): Promise<string>;
  send(keys: string): void;
  exited: Promise<number | null>;
  child: ChildProcess;
}

/**
 * Runs the built CLI in a pseudo-terminal (python3's pty module), 120x40 unless `columns` says otherwise,
 * as a person at a terminal would.
 */
export function spawnInPty(args: string[], options: { cwd: string; env?: Record<string, string>; columns?: number }): PtySession {
  const env = cleanEnv({ TERM: 'xterm-256color', ...options.env });
  delete env.NO_COLOR;
  delete env.CI; // a person at a terminal: CI=true (set by CI runners) would rightly turn prompts off
  if (options.env?.NO_COLOR) env.NO_COLOR = options.env.NO_COLOR;
  const child = spawn(
    'python3',
    [join(ROOT, 'test', 'e2e', 'pty-bridge.py'), String(options.columns ?? 120), '40', process.execPath, BIN, ...args],
    {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let raw = '';
  let mark = 0;
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d) => {
    raw += String(d);
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (d) => (raw += String(d)));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    raw: () => raw,
    child,
    exited,
    send: (keys) => void child.stdin!.write(keys),
    expect(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const shown = stripAnsi(raw.slice(mark));
          const m = pattern.exec(shown);
          if (!m) return false;
          // Move the mark to the raw end: prompts redraw, so later waits look only at newer output.
          mark = raw.length;
          waiters.delete(check as () => void);
          clearTimeout(timer);
          resolve(shown);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check as () => void);
          reject(new Error(`Timed out waiting for ${pattern}; the terminal showed:\n${stripAnsi(raw.slice(mark)).slice(-3000)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check as () => void);
      });
    },
  };
}
