/**
 * The README's examples run as written. Every ```sh, ```bash or ```console block is read; the lines that are
 * secure-aks commands (`secure-aks ...`, `npx secure-aks ...`, `npm run demo`; a console line after its `$ `)
 * run with the built CLI against the emulator, in README order, in one scratch directory (so later blocks see
 * what earlier ones built, as a reader's shell would), and each must exit 0. Other lines (`npm ci`, `az login`,
 * `npm test`) set up a machine or are the test suite itself: not run here. A block preceded by
 * `<!-- example: azure-only (reason) -->` needs a real subscription and is skipped with that reason; a runnable
 * line with a placeholder (`<id>`) outside such a block fails. A line ending in `&` starts a server in the
 * background (the separately started emulator), which runs until the file ends.
 *
 * `npm run demo` runs its package.json script after the build (the e2e project is built first). The only
 * thing added to what the README says is SECURE_AKS_EMULATOR_SPEED, so the emulator finishes at once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
      const cli = /^(?:npx )?secure-aks\s+(.*)$/.exec(command);
      if (cli) out.push({ line, args: words(cli[1]!), background, skip: azureOnly });
      else if (command === 'npm run demo') out.push({ line, args: DEMO, background, skip: azureOnly });
    }
  }
  return out;
}

const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
let work: string;
const servers: EmulatorProcess[] = [];

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-readme-'));
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
          const server = await startEmulatorProcess(e.args.slice(1), work, FAST);
          servers.push(server);
          expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+/);
          return;
        }
        const r = await runCli([...e.args], { cwd: work, env: FAST, timeoutMs: 60_000 });
        expect(r.code, `${e.line}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`).toBe(0);
      },
      60_000,
    );
  }
});
