/**
 * The README's examples run as written. Every ```sh, ```bash or ```console block is read; the lines that are
 * secure-aks commands (`secure-aks ...`, `npx secure-aks ...`, `npm run demo`; a console line after its `$ `)
 * run with the built CLI against the emulator, in README order, in one scratch directory (so later blocks see
 * what earlier ones built, as a reader's shell would), and each must exit 0. Other lines (`npm ci`, `az login`,
 * `npm test`) set up a machine or are the test suite itself: not run here. A command whose output the shell
 * reads (`source <(secure-aks ...)`, piped or redirected) runs alone and must print something. A block preceded by
 * `<!-- example: azure-only (reason) -->` needs a real subscription and is skipped with that reason; a runnable
 * line with a placeholder (`<id>`) outside such a block fails. A line ending in `&` starts a server in the
 * background (the separately started emulator), which runs until the file ends.
 *
 * `npm run demo` runs its package.json script after the build (the e2e project is built first). Two things
 * differ from what the README says: SECURE_AKS_EMULATOR_SPEED, so the emulator finishes at once, and the
 * port. The README shows a fixed port (`--port 8443`, then `https://127.0.0.1:8443`) because a reader copies
 * it; here that port is rewritten to one the system just gave out free, so two runs at once, or a CI machine
 * where the README's port is taken, do not fail.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ROOT, runCli, startEmulatorProcess, type EmulatorProcess } from './run-cli.js';

const FAST = { SECURE_AKS_EMULATOR_SPEED: '3000' };

interface Example {
  /** The line as the README has it, comment removed. */
  line: string;
  args: string[];
  background: boolean;
  /** Why it is not run here, when it is not. */
  skip?: string;
  /** The line feeds the command's output to the shell (`source <(...)`, `| Invoke-Expression`, `> file`): it must print something. */
  prints?: boolean;
}

/** Shell words: whitespace-separated, single or double quotes keep spaces (all the README needs). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const DEMO = (() => {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.demo!;
  const built = /^npm run build && node bin\/secure-aks\.js (.*)$/.exec(script);
  if (!built) throw new Error(`package.json's demo script changed shape: ${script}`);
  return words(built[1]!);
})();

function readmeExamples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /(?:<!--\s*example:\s*azure-only\s*(\(([^)]*)\))?\s*-->\s*\n)?```(sh|bash|console)\n([\s\S]*?)```/g;
  for (const block of markdown.matchAll(fence)) {
    const azureOnly = block[0].startsWith('<!--') ? `azure-only: ${block[2] ?? 'needs a real subscription'}` : undefined;
    for (const raw of block[4]!.split('\n')) {
      const line = (block[3] === 'console' ? raw.replace(/^\$ /, '') : raw).replace(/\s+#\s.*$/, '').trim();
      const background = line.endsWith('&') && !line.endsWith('&&');
      const command = background ? line.slice(0, -1).trim() : line;
      // A script piped, redirected or process-substituted into the shell's setup (completion): the command
      // itself must print it.
      const substituted = /<\((?:npx )?secure-aks\s+([^)]*)\)/.exec(command);
      const cli = substituted ?? /^(?:npx )?secure-aks\s+(.*?)(?:\s+[|>].*)?$/.exec(command);
      const prints = substituted !== null || /\s[|>]\s/.test(command);
      if (cli) out.push({ line, args: words(cli[1]!), background, skip: azureOnly, prints });
      else if (command === 'npm run demo') out.push({ line, args: DEMO, background, skip: azureOnly });
    }
  }
  return out;
}

/** A port the system reports free right now (bound to 0, read, released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The README's emulator port (`--port N`), if it fixes one. */
function readmePort(list: Example[]): string | undefined {
  for (const e of list) {
    const i = e.args.indexOf('--port');
    if (i >= 0 && e.args[0] === 'emulator') return e.args[i + 1];
  }
  return undefined;
}

/** The example's words with the README's port replaced by the free one, as `--port N` and in `127.0.0.1:N`. */
function withPort(args: string[], from: string | undefined, to: number): string[] {
  if (!from) return args;
  return args.map((a, i) => (args[i - 1] === '--port' && a === from ? String(to) : a.replaceAll(`127.0.0.1:${from}`, `127.0.0.1:${to}`)));
}

const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const fixedPort = readmePort(examples);
let port: number;
let work: string;
const servers: EmulatorProcess[] = [];

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-readme-'));
  port = await freePort();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe('README examples', () => {
  it('has runnable examples, and none with a placeholder outside an azure-only block', () => {
    expect(examples.filter((e) => !e.skip).length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => !e.skip && /<[^>]+>/.test(e.line)).map((e) => e.line)).toEqual([]);
  });

  it('runs the command inside `source <(...)`, as the shell would', () => {
    const sourced = examples.filter((e) => e.line.startsWith('source <('));
    expect(sourced.map((e) => e.args)).toEqual([
      ['completion', 'bash'],
      ['completion', 'zsh'],
    ]);
    expect(sourced.every((e) => e.prints)).toBe(true);
  });

  it("rewrites the README's emulator port wherever it appears, and only there", () => {
    expect(withPort(['emulator', '--port', '8443', '--data', './emu'], '8443', 50123)).toEqual([
      'emulator',
      '--port',
      '50123',
      '--data',
      './emu',
    ]);
    expect(withPort(['init', '--arm-endpoint', 'https://127.0.0.1:8443', '-n', '8443'], '8443', 50123)).toEqual([
      'init',
      '--arm-endpoint',
      'https://127.0.0.1:50123',
      '-n',
      '8443',
    ]);
  });

  for (const e of examples) {
    if (e.skip) {
      it.skip(`${e.line} (${e.skip})`, () => undefined);
      continue;
    }
    it(
      e.line,
      async () => {
        if (e.background) {
          expect(e.args[0], 'only the emulator runs in the background').toBe('emulator');
          const server = await startEmulatorProcess(withPort(e.args, fixedPort, port).slice(1), work, FAST);
          servers.push(server);
          expect(server.url).toMatch(fixedPort ? new RegExp(`^https://127\\.0\\.0\\.1:${port}\\b`) : /^https:\/\/127\.0\.0\.1:\d+/);
          return;
        }
        const r = await runCli(withPort(e.args, fixedPort, port), { cwd: work, env: FAST, timeoutMs: 60_000 });
        expect(r.code, `${e.line}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`).toBe(0);
        if (e.prints) expect(r.stdout.trim(), `${e.line} prints what the shell reads`).not.toBe('');
      },
      60_000,
    );
  }
});
