import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import { TIMING_PROFILES, type TimingProfile } from '../../emulator/core/timing.js';
import type { EmulatorOptions } from '../actions/emulator.js';
import type { CommandContext } from '../context.js';
import { examplesHelp, exitCodesHelp } from './help-sections.js';

function number(name: string, min: number, max: number, integer: boolean) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new UsageError(
        'InvalidFlagValue',
        `${name} "${text}" must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`,
        `Pass e.g. ${name} ${integer ? 8443 : 60}.`,
      );
    }
    return n;
  };
}

export function parseEmulatorOptions(cmd: Command, env: NodeJS.ProcessEnv = process.env): EmulatorOptions {
  const o = cmd.opts<{ port?: string; data?: string; speed?: string; timing?: string; seed?: string; blob?: boolean; blobPort?: string }>();
  const speed = o.speed ?? (env.SECURE_AKS_EMULATOR_SPEED || undefined);
  const timing = o.timing ?? (env.SECURE_AKS_EMULATOR_TIMING || 'typical');
  if (!(TIMING_PROFILES as readonly string[]).includes(timing)) {
    throw new UsageError(
      'InvalidFlagValue',
      `--timing "${timing}" must be ${TIMING_PROFILES.join(' or ')}.`,
      'Pass --timing typical (the default) or --timing pessimistic.',
    );
  }
  return {
    port: o.port === undefined ? 0 : number('--port', 0, 65535, true)(o.port),
    data: o.data ?? '.secure-aks/emulator',
    speed: speed === undefined ? 60 : number('--speed', 0.001, 100_000, false)(speed),
    timing: timing as TimingProfile,
    seed: o.seed === undefined ? 1 : number('--seed', 0, 2 ** 32 - 1, true)(o.seed),
    blob: o.blob === true || o.blobPort !== undefined,
    blobPort: o.blobPort === undefined ? 0 : number('--blob-port', 0, 65535, true)(o.blobPort),
  };
}

export function emulatorCommand(ctx: CommandContext, run?: (o: EmulatorOptions) => Promise<number>): Command {
  return new Command('emulator')
    .description('Run the local ARM emulator (HTTPS on 127.0.0.1 with its own CA) for tests and demos')
    .addHelpText(
      'after',
      '\nThe first line of stdout is the endpoint URL; the CA certificate is written to <dir>/ca.pem. Serves until SIGINT or SIGTERM.' +
        '\nWith --blob, the next lines are the blob endpoint, then the flags and the env of a shared state on it (one CA serves both).',
    )
    .addHelpText(
      'after',
      examplesHelp([
        ['serve on a fixed port, data in ./emu', 'secure-aks emulator --port 8443 --data ./emu'],
        [
          'then, in another terminal, build against it',
          'secure-aks init --arm-endpoint https://127.0.0.1:8443 --arm-ca ./emu/ca.pem -g rg-demo -n aks-demo -l eastus',
        ],
        ['with a blob service for a shared state', 'secure-aks emulator --data ./emu --blob'],
      ]),
    )
    .addHelpText(
      'after',
      exitCodesHelp([
        [0, 'stopped by SIGINT or SIGTERM'],
        [2, 'usage error: a bad flag value, a data path that is a file, a corrupt store, a port in use'],
      ]),
    )
    .addOption(new Option('--port <n>', 'TCP port on 127.0.0.1 (default 0: any free port)'))
    .addOption(new Option('--data <dir>', 'directory for the emulator store and ca.pem (default .secure-aks/emulator)'))
    .addOption(
      new Option('--speed <x>', 'how many times faster than real Azure operations finish (env SECURE_AKS_EMULATOR_SPEED; default 60)'),
    )
    .addOption(
      new Option(
        '--timing <profile>',
        'durations: typical, or pessimistic (documented upper bounds) (env SECURE_AKS_EMULATOR_TIMING; default typical)',
      ),
    )
    .addOption(new Option('--seed <n>', "seed of the pessimistic profile's jitter (default 1)"))
    .addOption(
      new Option('--blob', "also serve Azurite's Blob service (account devstoreaccount1) for a shared state, data in <dir>/azurite"),
    )
    .addOption(new Option('--blob-port <n>', 'its TCP port on 127.0.0.1 (implies --blob; default 0: any free port)'))
    .action(async (_opts, cmd: Command) => {
      const options = parseEmulatorOptions(cmd, ctx.env);
      const runner = run ?? (await import('../actions/emulator.js')).runEmulator.bind(null, ctx);
      ctx.setExit(await runner(options));
    });
}
