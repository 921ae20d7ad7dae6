/**
 * PATCH of a virtual machine's tags (Virtual Machines - Update with only `tags`): the tags are replaced and
 * nothing else changes, so the answer is final at once (200 with the VM, provisioningState Succeeded).
 */
import type { ArmRequest, ArmResponse, EmulatorContext } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { vmIdOf } from './virtual-machine.js';

export function patchVmTags(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const vm = ctx.store.get(vmIdOf(req));
  if (!vm) throw resourceNotFound(vmIdOf(req));
  const updated = req.body?.tags === undefined ? vm : { ...vm, tags: { ...req.body.tags } };
  ctx.store.put(updated);
  return { status: 200, body: ctx.present(updated) };
}
