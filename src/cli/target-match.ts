import { isLoopbackEndpoint } from '../azure/clients.js';
import type { CloudTarget } from '../azure/types.js';
import { UsageError } from '../core/errors.js';
import type { TargetOptions } from './flags.js';

/**
 * A state file journals one deployment on one target. Flags that point elsewhere would build a second
 * deployment there and then overwrite the record of the first, so they are refused before anything starts.
 */
export function assertSameTarget(flags: TargetOptions, recorded: CloudTarget | undefined, stateFile: string): void {
  if (flags.emulator && flags.armEndpoint) {
    throw new UsageError(
      'ConflictingTargets',
      `--emulator and --arm-endpoint ${flags.armEndpoint} were both given, but a run talks to one ARM endpoint.`,
      'Pass --emulator for the embedded emulator, or --arm-endpoint <url> (with --arm-ca) for another endpoint, not both.',
    );
  }
  if (!recorded) return;
  const requested = requestedTarget(flags, recorded);
  if (!requested) return;
  throw new UsageError(
    'StateTargetMismatch',
    `State file ${stateFile} records a deployment on ${describeTarget(recorded)}, but this run asks for ${requested}.`,
    `To continue that deployment, drop the target flags (the state file's target is used) or pass ${flagsFor(recorded)}; for a new deployment on ${requested}, pass another --state file.`,
  );
}

/** What the flags ask for when it differs from the recorded target; undefined when they agree (or say nothing). */
function requestedTarget(flags: TargetOptions, recorded: CloudTarget): string | undefined {
  if (flags.emulator) return recorded.kind === 'emulator' ? undefined : 'the embedded emulator (--emulator)';
  if (flags.armEndpoint) {
    return recorded.kind === 'endpoint' && sameEndpoint(flags.armEndpoint, recorded.armEndpoint)
      ? undefined
      : `the ARM endpoint ${flags.armEndpoint} (--arm-endpoint)`;
  }
  if (flags.cloud && recorded.kind === 'azure' && flags.cloud !== recorded.cloud) return `Azure ${flags.cloud} (--cloud)`;
  return undefined;
}

/**
 * Same scheme and host. On a loopback host the port may differ: a separately started `secure-aks emulator`
 * takes a free port each time it starts, and serves the same data from its --data directory.
 */
function sameEndpoint(a: string, b: string): boolean {
  const [x, y] = [new URL(a), new URL(b)];
  if (x.protocol !== y.protocol || x.hostname.toLowerCase() !== y.hostname.toLowerCase()) return false;
  return x.port === y.port || isLoopbackEndpoint(a);
}

export function describeTarget(t: CloudTarget): string {
  if (t.kind === 'emulator') return `the embedded emulator${t.emulatorData ? ` (data in ${t.emulatorData})` : ''}`;
  if (t.kind === 'endpoint') return `the ARM endpoint ${t.armEndpoint}`;
  return `Azure ${t.cloud}`;
}

function flagsFor(t: CloudTarget): string {
  if (t.kind === 'emulator') return '--emulator';
  if (t.kind === 'endpoint') return `--arm-endpoint ${t.armEndpoint}${t.caFile ? ` --arm-ca ${t.caFile}` : ''}`;
  return `--cloud ${t.cloud}`;
}
