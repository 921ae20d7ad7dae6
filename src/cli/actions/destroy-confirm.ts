import { AbortError } from '../../core/errors.js';
import { nodeResourceGroupOf } from '../../destroy/hints.js';
import { plannedResources, restoredResources, type TeardownPlan } from '../../destroy/types.js';
import type { IoHost } from '../../io/host.js';
import type { DeploymentState } from '../../state/schema.js';

export const CONFIRM_SOURCE = { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '(none: pass --yes)' };

/** Lists what destroy will delete, put back and keep, then asks; "no" (the default) throws an AbortError. */
export async function confirmTeardown(io: IoHost, plan: TeardownPlan, state: DeploymentState): Promise<void> {
  const planned = plannedResources(plan);
  io.notify({ code: 'info', message: `Deployment ${state.deploymentId}: ${planned.length} resource(s) will be deleted:` });
  for (const r of planned) {
    const withGroup =
      r.type.toLowerCase() === 'microsoft.containerservice/managedclusters'
        ? ` (AKS deletes its node resource group ${nodeResourceGroupOf(state)} with it)`
        : '';
    io.notify({ code: 'info', message: `  - ${r.type} ${r.name}${withGroup}` });
  }
  const restored = restoredResources(plan);
  if (restored.length)
    io.notify({
      code: 'info',
      message: `${restored.length} adopted resource(s) will be put back as they were before this deployment (not deleted):`,
    });
  for (const r of restored) io.notify({ code: 'info', message: `  ~ ${r.type} ${r.name}` });
  if (plan.kept.length) io.notify({ code: 'info', message: `${plan.kept.length} resource(s) will be kept:` });
  for (const k of plan.kept) io.notify({ code: 'info', message: `  = ${k.type} ${k.id.split('/').pop()}: ${k.reason}` });
  // Default No: Enter keeps everything; only a typed "y" (or --yes) deletes. A host that cannot ask
  // never gets here (runDestroy refuses first without --yes).
  const ok = await io.requestResponse({
    kind: 'confirm',
    code: 'destroy.confirm',
    message: restored.length
      ? `Delete these ${planned.length} resource(s) and put back the ${restored.length} adopted one(s)?`
      : `Delete these ${planned.length} resource(s)?`,
    default: false,
    source: CONFIRM_SOURCE,
  });
  if (!ok) throw new AbortError('Nothing was deleted.');
}
