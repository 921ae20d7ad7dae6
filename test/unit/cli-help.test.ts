/**
 * What each command's help offers a person: the order of its sections, that it fits the terminal, the exit
 * codes that command can return, and only the flags that mean something there (the rest still accepted).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';

const COMMANDS = ['init', 'plan', 'status', 'verify', 'destroy', 'emulator', 'completion'];

async function run(args: string[], columns?: number) {
  const output = new BufferedOutput(columns);
  const ran: string[] = [];
  const record = (name: string) => async () => (ran.push(name), 0);
  const code = await main(['node', 'secure-aks', ...args], {
    output,
    env: {},
    overrides: {
      init: record('init'),
      plan: record('plan'),
      status: record('status'),
      verify: record('verify'),
      destroy: record('destroy'),
      emulator: record('emulator'),
    },
  });
  return { code, ran, stdout: output.stdout, stderr: output.stderr };
}

/** The flags a help text offers (each flag's own line in the Options section). */
function offered(help: string): string[] {
  const options = help.slice(help.indexOf('Options:'), help.indexOf('\n\n', help.indexOf('Options:')));
  return [...options.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]);
}

describe('help', () => {
  it.each([60, 120])('at %i columns every help fits and reads usage, flags, examples, exit codes', async (columns) => {
    for (const args of [[], ...COMMANDS.map((c) => [c])]) {
      const { code, stdout } = await run([...args, '--help'], columns);
      expect(code).toBe(0);
      const too = stdout.split('\n').filter((l) => l.length > columns);
      expect(too, `${args.join(' ')} --help`).toEqual([]);
      const at = ['Usage:', 'Options:', 'Examples:', 'Exit codes:'].map((h) => stdout.search(new RegExp(`^${h}`, 'm')));
      expect(
        at.every((i) => i >= 0),
        `${args.join(' ')} --help has every section`,
      ).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
  });

  it('wraps at word boundaries: every word of the unwrapped help is still whole at 60 columns', async () => {
    const wide = await run(['init', '--help']);
    const narrow = await run(['init', '--help'], 60);
    const words = (s: string) => s.replace(/ \\\n/g, ' ').split(/\s+/).filter(Boolean);
    expect(words(narrow.stdout)).toEqual(words(wide.stdout));
  });

  it('lists the exit codes each command can return', async () => {
    const codes = async (c: string) => {
      const { stdout } = await run([c, '--help']);
      return [...stdout.slice(stdout.indexOf('Exit codes:')).matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1]));
    };
    expect(await codes('plan')).toEqual([0, 1, 2, 3, 4, 5, 10, 130]);
    expect(await codes('status')).toEqual([0, 1, 2, 3, 4, 5, 11, 12, 13, 14, 130]);
    expect(await codes('init')).toEqual([0, 1, 2, 3, 4, 5, 130]);
    expect(await codes('verify')).toEqual([0, 1, 2, 3, 4, 5, 130]);
    expect(await codes('destroy')).toEqual([0, 1, 2, 3, 4, 5, 130]);
    const root = await run(['--help']);
    for (const code of [10, 11, 12, 13, 14]) expect(root.stdout).toMatch(new RegExp(`^ {2}${code} `, 'm'));
  });
});

describe('flags only where they mean something', () => {
  it('offers --yes on init and destroy, on status only for --resume, and not on plan or verify', async () => {
    expect(offered((await run(['init', '--help'])).stdout)).toContain('--yes');
    expect(offered((await run(['destroy', '--help'])).stdout)).toContain('--yes');
    expect(offered((await run(['plan', '--help'])).stdout)).not.toContain('--yes');
    expect(offered((await run(['verify', '--help'])).stdout)).not.toContain('--yes');
    const status = (await run(['status', '--help'])).stdout;
    expect(status).toMatch(/-y, --yes +with --resume: accept the plan without asking/);
    expect(status).toMatch(/--non-interactive +with --resume: never prompt/);
  });

  it('offers --config only where a configuration is read', async () => {
    expect(offered((await run(['init', '--help'])).stdout)).toContain('--config');
    expect(offered((await run(['plan', '--help'])).stdout)).toContain('--config');
    for (const c of ['status', 'destroy', 'verify']) expect(offered((await run([c, '--help'])).stdout), c).not.toContain('--config');
  });

  it.each([
    ['plan', '--yes'],
    ['plan', '-y'],
    ['verify', '-y'],
    ['verify', '--non-interactive'],
    ['status', '--config', 'x.yaml'],
    ['destroy', '--config', 'x.yaml'],
  ])('still accepts the common flag on %s: %s', async (command, ...flag) => {
    const { code, ran, stderr } = await run([command, ...flag]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(ran).toEqual([command]);
  });
});

describe('flags other tools have', () => {
  it.each(['init', 'plan', 'destroy', 'status'])('%s --dry-run exits 2 naming `secure-aks plan`', async (command) => {
    const { code, ran, stderr } = await run([command, '--dry-run']);
    expect(code).toBe(2);
    expect(ran).toEqual([]);
    expect(stderr).toMatch(/Error UnknownOption: There is no --dry-run flag: `secure-aks plan` shows what init would/);
    expect(stderr).toMatch(/What to do: Run `secure-aks plan` with the same flags\./);
  });

  it('--json exits 2 naming -o json, in text and as one JSON document', async () => {
    const text = await run(['status', '--json']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/Error UnknownOption: There is no --json flag: JSON output is `-o json`/);
    const json = await run(['init', '--json', '-o', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'failed', error: { code: 'UnknownOption' } });
  });

  it('keeps suggesting the nearest flag for a typo', async () => {
    const { code, stderr } = await run(['plan', '--vnet-cidrr', '10.0.0.0/16']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--vnet-cidrr'\n\(Did you mean --vnet-cidr\?\)/);
  });
});

describe('shell completion', () => {
  it.each(['bash', 'zsh', 'fish', 'powershell'])('completion %s prints a script that asks `secure-aks complete --`', async (shell) => {
    const { code, stdout } = await run(['completion', shell]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/secure-aks complete '?--/);
  });

  it('rejects another shell with exit 2', async () => {
    const { code, stderr } = await run(['completion', 'tcsh']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/tcsh/);
  });

  const complete = async (...words: string[]) =>
    (await run(['complete', '--', ...words])).stdout
      .split('\n')
      .filter((l) => l && !l.startsWith(':'))
      .map((l) => l.split('\t')[0]);

  it('completes the commands, each command`s visible flags and the choices of -o and --cloud', async () => {
    expect(await complete('')).toEqual(expect.arrayContaining(['init', 'plan', 'status', 'verify', 'destroy', 'emulator', 'completion']));
    expect(await complete('')).not.toContain('complete');
    expect(await complete('init', '--no-')).toEqual(expect.arrayContaining(['--no-bastion', '--no-jumphost', '--no-test-deployment']));
    expect(await complete('status', '--re')).toEqual(['--resume', '--record']);
    expect(await complete('plan', '--y')).toEqual([]);
    expect(await complete('init', '--output', '')).toEqual(['text', 'json']);
    expect(await complete('destroy', '--cloud', '')).toEqual(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment']);
    expect(await complete('completion', '')).toEqual(['zsh', 'bash', 'fish', 'powershell']);
  });
});
