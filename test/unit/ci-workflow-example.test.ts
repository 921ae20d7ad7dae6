/**
 * The GitHub Actions workflow in docs/examples (shown verbatim in docs/ci-github-actions.md) stays true:
 * workload identity federation and nothing secret, every secure-aks command line uses commands and flags
 * the CLI has (looked up in the real commander program), a pinned version, plan's detailed exit code read
 * as 0 / 10 / failure, one concurrency group for the job that writes the state, and the run logs uploaded.
 */
import { readFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';
import { BufferedOutput } from '../../src/cli/render/output.js';

const EXAMPLE_PATH = 'docs/examples/github-actions-secure-aks.yml';
const example = readFileSync(new URL(`../../${EXAMPLE_PATH}`, import.meta.url), 'utf8');
const doc = readFileSync(new URL('../../docs/ci-github-actions.md', import.meta.url), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(example) as Workflow;
const jobs = Object.entries(workflow.jobs);
const program = buildProgram({ output: new BufferedOutput(), env: {}, signal: new AbortController().signal, setExit: () => undefined });

interface Invocation {
  job: string;
  version: string;
  words: string[];
  script: string;
}

/** Shell words up to the first redirection, pipe or list operator (the example needs no more shell than that). */
function commandWords(text: string): string[] {
  const words: string[] = [];
  for (const [token] of text.matchAll(/"[^"]*"|'[^']*'|[^\s"']+/g)) {
    if (/^(\||\|\||&&|;|&)$/.test(token) || /^\d?[<>]/.test(token)) break;
    words.push(token.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return words;
}

/** Every `npx ... secure-aks@<version> ...` in the run steps, continuation lines joined. */
function invocations(): Invocation[] {
  const found: Invocation[] = [];
  for (const [job, { steps }] of jobs) {
    for (const step of steps) {
      if (!step.run) continue;
      for (const line of step.run.replace(/\\\n/g, ' ').split('\n')) {
        const m = /^\s*npx\s+(?:--yes\s+|-y\s+)?secure-aks@(\S+)\s+(.*)$/.exec(line);
        if (m) found.push({ job, version: m[1], words: commandWords(m[2]), script: step.run });
      }
    }
  }
  return found;
}

function findOption(cmd: Command, flag: string): Option | undefined {
  return cmd.options.find((o) => o.long === flag || o.short === flag);
}

/** The command a word list names and the flags it uses that the command does not have. */
function unknownFlags(words: string[]): { command: Command | undefined; path: string[]; unknown: string[] } {
  let command: Command | undefined = program;
  const path: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('-')) {
      const sub: Command | undefined = command?.commands.find((c) => c.name() === word || c.aliases().includes(word));
      if (sub) {
        command = sub;
        path.push(word);
        continue;
      }
      if (path.length === 0) return { command: undefined, path: [word], unknown };
      continue; // an argument of the command
    }
    const flag = word.split('=')[0];
    const option = command ? findOption(command, flag) : undefined;
    if (!option) unknown.push(flag);
    else if ((option.required || option.optional) && !word.includes('=')) i++;
  }
  return { command, path, unknown };
}

describe('docs/ci-github-actions.md', () => {
  it(`shows ${EXAMPLE_PATH} verbatim`, () => {
    // A fence closes only at the start of a line: the workflow's own ```json lines are indented inside it.
    const blocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    expect(blocks).toContain(example);
  });

  it('names no storage key, SAS or client secret, in the workflow or the doc', () => {
    for (const [name, text] of [
      ['workflow', example],
      ['doc', doc],
    ]) {
      for (const banned of ['AZURE_STORAGE_KEY', 'sig=', 'AccountKey', 'client-secret', 'AZURE_CLIENT_SECRET'])
        expect(text, `${name}: ${banned}`).not.toContain(banned);
      // No repository secret is read at all: the ids are variables (they are not secret).
      expect(text, name).not.toMatch(/\bsecrets\.[A-Za-z_]/);
    }
  });
});

describe(EXAMPLE_PATH, () => {
  it('lets every job that logs in get an OIDC token, and nothing more than it needs', () => {
    expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    for (const [name, job] of jobs) {
      if (job.permissions) expect(job.permissions['id-token'], name).toBe('write');
    }
  });

  it('logs in with azure/login@v2 by workload identity federation: client, tenant and subscription ids, no credentials', () => {
    const logins = jobs.flatMap(([name, job]) => job.steps.filter((s) => s.uses?.startsWith('azure/login')).map((s) => [name, s] as const));
    expect(logins.map(([name]) => name).sort()).toEqual(jobs.map(([name]) => name).sort());
    for (const [name, step] of logins) {
      expect(step.uses, name).toBe('azure/login@v2');
      expect(Object.keys(step.with ?? {}).sort(), name).toEqual(['client-id', 'subscription-id', 'tenant-id']);
      for (const value of Object.values(step.with ?? {})) expect(String(value), name).toMatch(/^\$\{\{ vars\.AZURE_[A-Z_]+_ID \}\}$/);
    }
  });

  it('sets only SECURE_AKS_* variables the CLI reads', () => {
    const flags = new Set(program.commands.flatMap((c) => c.options.map((o) => o.long)));
    for (const name of Object.keys(workflow.env ?? {})) {
      expect(name).toMatch(/^SECURE_AKS_[A-Z_]+$/);
      const flag =
        '--' +
        name
          .replace(/^SECURE_AKS_/, '')
          .toLowerCase()
          .replace(/_/g, '-');
      expect(flags.has(flag), `${name} is the env var of ${flag}`).toBe(true);
    }
    expect(workflow.env?.SECURE_AKS_STATE).toMatch(/^az:\/\/[a-z0-9]{3,24}\/[a-z0-9-]{3,63}\/\S+$/);
  });

  const calls = invocations();

  it('runs a pinned secure-aks, never an unpinned one', () => {
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) expect(call.version).toMatch(/^\d+\.\d+\.\d+$/);
    const unpinned = jobs.flatMap(([, job]) => job.steps.flatMap((s) => (s.run ?? '').split('\n')));
    for (const line of unpinned) expect(line).not.toMatch(/^\s*(npx\s+(--yes\s+|-y\s+)?)?secure-aks(\s|$)/);
  });

  for (const call of calls) {
    const line = `secure-aks ${call.words.join(' ')}`;
    const { command, path, unknown } = unknownFlags(call.words);
    it(`${call.job}: \`${line}\` uses a command and flags the CLI has`, () => {
      expect(command, `no command ${path.join(' ')}`).toBeDefined();
      expect(path.length, line).toBeGreaterThan(0);
      expect(unknown, line).toEqual([]);
    });
  }

  it('initialises only on main, without prompts, accepting, as JSON, in one concurrency group that never cancels a run', () => {
    const inits = calls.filter((c) => c.words[0] === 'init');
    expect(inits).toHaveLength(1);
    expect(inits[0].words).toEqual(expect.arrayContaining(['--non-interactive', '--yes', '-o', 'json']));
    const job = workflow.jobs[inits[0].job];
    expect(job.if).toMatch(/github\.ref == 'refs\/heads\/main'/);
    expect(job.concurrency?.group).toMatch(/^secure-aks-state-/);
    expect(job.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('plans pull requests with the detailed exit code: 0 no changes, 10 changes, anything else fails the job', () => {
    const plans = calls.filter((c) => c.words[0] === 'plan');
    expect(plans).toHaveLength(1);
    const [plan] = plans;
    expect(plan.words).toEqual(expect.arrayContaining(['--detailed-exitcode', '-o', 'json']));
    expect(workflow.jobs[plan.job].if).toMatch(/github\.event_name == 'pull_request'/);
    expect(plan.script).toMatch(/set \+e\n/);
    expect(plan.script).toMatch(/^\s*0\) /m);
    expect(plan.script).toMatch(/^\s*10\) headline='Changes/m);
    expect(plan.script).toMatch(/if \[ "\$code" -ne 0 \] && \[ "\$code" -ne 10 \]; then exit "\$code"; fi/);
    expect(plan.script).toMatch(/>> "\$GITHUB_STEP_SUMMARY"/);
  });

  it('uploads the JSON results and the run logs, never the local key files', () => {
    const uploads = jobs.flatMap(([, job]) => job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')));
    const paths = uploads.flatMap((s) =>
      String(s.with?.path ?? '')
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean),
    );
    expect(paths).toEqual(expect.arrayContaining(['plan.json', 'init.json', '.secure-aks/az/**/logs/', 'deployments.json']));
    for (const path of paths) expect(path).toMatch(/(\.json|\/logs\/)$/);
  });

  it('lists every deployment of the backend as JSON for a dashboard', () => {
    const lists = calls.filter((c) => c.words[0] === 'list');
    expect(lists).toHaveLength(1);
    expect(lists[0].words).toEqual(expect.arrayContaining(['--backend', '-o', 'json']));
    const backend = lists[0].words[lists[0].words.indexOf('--backend') + 1];
    expect(workflow.env?.SECURE_AKS_STATE?.startsWith(`${backend}/`)).toBe(true);
  });
});
