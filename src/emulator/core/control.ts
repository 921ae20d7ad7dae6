/**
 * The test-control API under `/_emulator/` (loopback only, no token): inspect resources and the request
 * log, inject faults, set the caller's permissions, mark providers unregistered, relax a strictness rule,
 * advance the clock, reset everything.
 */
import type { ArmResponse, EmulatorContext } from './contract.js';
import { ArmError } from './contract.js';
import type { Faults, FaultSpec } from './faults.js';
import type { RequestLog } from './requestLog.js';
import type { Strictness } from './strictness.js';
import { setRegistrationState } from './registration.js';

export interface CallerPermissions {
  actions: string[];
  notActions: string[];
  principalId: string;
}

export interface ControlDeps {
  ctx: EmulatorContext;
  faults: Faults;
  log: RequestLog;
  strictness: Strictness;
  setCaller(caller: Partial<CallerPermissions> | undefined): void;
  /** Moves the clock forward (Azure seconds), releases held operations; answers the new now (ms). */
  advanceClock(azureSeconds: number): number;
  reset(): void;
}

function stringArray(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ArmError(400, 'InvalidCaller', `'${field}' must be an array of action strings such as "Microsoft.Network/*".`);
  }
  return value;
}

export function handleControl(method: string, path: string, body: any, deps: ControlDeps): ArmResponse {
  const route = `${method} ${path.replace(/^\/_emulator/i, '').toLowerCase()}`;
  switch (route) {
    case 'GET /resources':
      return { status: 200, body: deps.ctx.store.all().map((r) => deps.ctx.present(r)) };
    case 'GET /requests':
      return { status: 200, body: deps.log.list() };
    case 'DELETE /requests':
      deps.log.clear();
      return { status: 204 };
    case 'POST /faults':
      return { status: 201, body: { id: deps.faults.add(body as FaultSpec) } };
    case 'DELETE /faults':
      deps.faults.clear();
      return { status: 204 };
    case 'PUT /caller': {
      const perms = { actions: stringArray(body?.actions, 'actions'), notActions: stringArray(body?.notActions, 'notActions') };
      deps.setCaller({ ...perms, ...(typeof body?.principalId === 'string' ? { principalId: body.principalId } : {}) });
      return { status: 200, body: deps.ctx.caller() };
    }
    case 'PUT /strictness':
      deps.strictness.update(body);
      return { status: 200, body: deps.strictness.snapshot() };
    case 'GET /strictness':
      return { status: 200, body: deps.strictness.snapshot() };
    case 'GET /caller':
      return { status: 200, body: deps.ctx.caller() };
    case 'POST /providers': {
      if (typeof body?.namespace !== 'string')
        throw new ArmError(400, 'InvalidProvider', "Give 'namespace' (e.g. Microsoft.Network) and 'registrationState'.");
      const state = body.registrationState ?? 'NotRegistered';
      if (!['Registered', 'NotRegistered'].includes(state))
        throw new ArmError(400, 'InvalidProvider', "'registrationState' must be Registered or NotRegistered.");
      setRegistrationState(deps.ctx, body.namespace, state);
      return { status: 204 };
    }
    case 'GET /clock':
      return { status: 200, body: { now: new Date(deps.ctx.now()).toISOString() } };
    case 'POST /clock': {
      const seconds = body?.advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
        throw new ArmError(400, 'InvalidClock', "Give 'advanceSeconds', a number of Azure seconds (0 or more) to move the clock forward.");
      return { status: 200, body: { now: new Date(deps.advanceClock(seconds)).toISOString() } };
    }
    case 'POST /reset':
      deps.reset();
      return { status: 204 };
    default:
      throw new ArmError(404, 'NotFound', `No control endpoint '${method} ${path}'. See the control API in docs/emulator.md.`);
  }
}
