/**
 * `state push <az://...>` / `state pull <az://...>`: the state between the local --state file and a blob,
 * under both locks (the blob's first, so a push and a pull of the same pair never wait on each other).
 * A destination holding another deployment, or a newer version of this one, is refused unless --force.
 * The jumphost's private key never leaves this machine: it is copied, mode 0600, between the file's
 * directory and the blob's local companion directory (location.ts). The source is left as it was.
 */
import { chmod, copyFile, mkdir, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { StateBackend } from '../../state/backend.js';
import { summarize } from '../../state/blob/metadata.js';
import { jumphostKeyPath } from '../../state/jumphost-key.js';
import { blobLocation } from '../../state/location.js';
import type { StateLock } from '../../state/lock.js';
import { openStateBackend } from '../../state/open.js';
import type { DeploymentState } from '../../state/schema.js';
import { parseState, saveState } from '../../state/store.js';
import type { Factory } from '../factory.js';
import { defaultEmulatorData } from '../target.js';
import type { StateCommandOptions } from './state-options.js';

export interface TransferredState {
  direction: 'push' | 'pull';
  from: string;
  to: string;
  deploymentId: string;
  steps?: string;
  /** Where the jumphost key was copied to, when this deployment has one here. */
  keyCopiedTo?: string;
  /** What to pass as --state from now on. */
  useState: string;
  /** What --force replaced at the destination: another deployment, or a newer version of this one. */
  replaced?: string;
}

function blobUrl(url: string | undefined, sub: 'push' | 'pull'): string {
  const loc = url ? blobLocation(url, `state ${sub}`) : undefined;
  if (!loc)
    throw new UsageError(
      'InvalidStateUrl',
      `state ${sub} takes the blob as az://<account>/<container>/<path>${url ? `, not "${url}"` : ''}.`,
      `E.g. \`secure-aks state ${sub} az://stplatformstate/secure-aks/prod.json\`; the local file is --state (default .secure-aks/state.json).`,
    );
  return loc.url;
}

async function withLocks<T>(backends: StateBackend[], source: StateBackend, command: string, work: () => Promise<T>): Promise<T> {
  const held: StateLock[] = [];
  try {
    // The source must exist: a blob that does not is refused, not left behind as an empty lock placeholder.
    for (const b of backends) held.push(await b.lock(command, undefined, { mustExist: b === source && b.kind === 'blob' }));
    return await work();
  } finally {
    for (const l of held.reverse()) await l.release().catch(() => undefined);
  }
}

/** Why `dest` may not be overwritten by `src` (undefined: it may), unless --force. */
function refusal(dest: DeploymentState, src: DeploymentState, to: string): UsageError | undefined {
  if (dest.deploymentId !== src.deploymentId)
    return new UsageError(
      'StateDestinationOtherDeployment',
      `${to} holds another deployment (${dest.deploymentId}), not ${src.deploymentId}; it was left as it was.`,
      'Pick another destination, or pass --force to replace it (that deployment keeps its Azure resources, but its state here is lost).',
    );
  if (Date.parse(dest.updatedAt) > Date.parse(src.updatedAt))
    return new UsageError(
      'StateDestinationNewer',
      `${to} holds a newer version of deployment ${src.deploymentId} (written ${dest.updatedAt}, the source ${src.updatedAt}); it was left as it was.`,
      'Continue from the newer one instead, or pass --force to replace it with the older source.',
    );
  return undefined;
}

/** Copies the key file, mode 0600; an identical key already there is fine, a different one is refused unless --force. */
async function copyKey(from: string, to: string, force: boolean): Promise<boolean> {
  const key = await readFile(from).catch(() => undefined);
  if (!key) return false;
  const there = await readFile(to).catch(() => undefined);
  if (there?.equals(key)) return true;
  if (there && !force)
    throw new UsageError(
      'JumphostKeyConflict',
      `A different jumphost key is already at ${to}; nothing was copied.`,
      'Move it aside (it may be the only way into another jumphost), or pass --force to replace it.',
    );
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  await copyFile(from, to, there ? 0 : constants.COPYFILE_EXCL);
  await chmod(to, 0o600);
  return true;
}

export async function stateTransfer(f: Factory, o: StateCommandOptions): Promise<TransferredState> {
  const direction = o.sub === 'push' ? 'push' : 'pull';
  const url = blobUrl(o.url, direction);
  if (blobLocation(o.common.state))
    throw new UsageError(
      'StateTransferNeedsFile',
      `state ${direction} copies between a local --state file and ${url}, but --state is a blob too (${o.common.state}).`,
      `Pass the local file as --state (default .secure-aks/state.json), or leave --state out.`,
    );
  const file = f.state();
  const blob = openStateBackend(url, { endpoint: o.common.stateEndpoint, caFile: o.common.stateCa, cloud: o.cloud }, f.ctx.env);
  const [source, dest] = direction === 'push' ? [file, blob] : [blob, file];

  return withLocks([blob, file], source, `state ${direction}`, async () => {
    const text = await source.read();
    if (text === undefined)
      throw new UsageError(
        'NoStateFile',
        `There is no state at ${source.location} to ${direction}.`,
        direction === 'push'
          ? 'Pass the local state file of the deployment with --state <file>.'
          : 'Check the az:// URL (`secure-aks list --backend az://<account>/<container>` shows the deployments there).',
      );
    const state = parseState(text, source.location);
    const destText = await dest.read();
    const existing = destText === undefined ? undefined : parseState(destText, dest.location);
    const refused = existing && refusal(existing, state, dest.location);
    if (refused && !o.force) throw refused;

    // The embedded emulator's data stays where it is: a state that did not record it gets it recorded,
    // since its default place (beside the state) differs at the destination.
    const moved: DeploymentState =
      state.target?.kind === 'emulator' && !state.target.emulatorData
        ? { ...state, target: { ...state.target, emulatorData: defaultEmulatorData(source.location) } }
        : state;
    const name = state.config.name;
    const keyFrom = jumphostKeyPath(source.location, state, name);
    const keyTo = jumphostKeyPath(dest.location, moved, name);
    const keyCopied = keyFrom !== keyTo && (await copyKey(keyFrom, keyTo, o.force));
    await saveState(dest, moved);
    return {
      direction,
      from: source.location,
      to: dest.location,
      deploymentId: state.deploymentId,
      ...(summarize(text).steps ? { steps: summarize(text).steps } : {}),
      ...(keyCopied ? { keyCopiedTo: keyTo } : {}),
      useState: dest.location,
      ...(refused && existing
        ? {
            replaced:
              existing.deploymentId === state.deploymentId
                ? `a newer version of this deployment (written ${existing.updatedAt})`
                : `deployment ${existing.deploymentId}`,
          }
        : {}),
    };
  });
}
