/**
 * `npm run soak`: random schedules of Azure faults, terminal operation failures and kill -9 points against
 * the built CLI and a separately started emulator with Azure's strictness on and the pessimistic timing
 * profile. A fault schedule holds only answers Azure means as "try again" (throttling, 5xx, resets,
 * conflicts, operations that end Failed with a retryable code): each must converge in ONE run. A terminal
 * failure needs exactly one `status --resume`; so does a kill. Every run must end with exactly the resources
 * of an uninterrupted run. Prints one `name: value` line per figure; exits 1 unless every run converged as
 * required and duplicates, orphans and lost state are 0.
 *
 * A share of the runs, chosen by the seed, turns the production options on (tier, zones, autoscaler, user pool,
 * add-ons, Key Vault, policy baseline, maintenance windows, tags), and some of those are followed by a run of the
 * same deployment that turns some of them off again, so faults and kills land in their writes and deletes. The
 * destroy runs tear an options deployment down under faults or a kill and one re-run: nothing may be left but
 * the soft-deleted vault.
 *
 * `--backend azurite` keeps every deployment's state as a blob on Azurite (soak/backend.js) instead of a local
 * file: lost state is then also judged from the blob and its kept versions, and a follow-up run refused because
 * a killed run's lease has not expired yet waits for it and tries again (`lease waits`, not a second resume).
 *
 *   node soak/run.js [--schedules 20] [--kills 20] [--terminal 4] [--destroys 2] [--speed 1000]
 *                    [--timing pessimistic] [--seed 42] [--backend file|azurite]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openBackend } from './backend.js';
import { compare, random, ROOT, runCli as runCliIn, shapes, spawnCli as spawnCliIn, startEmulator } from './lib.js';

const { values } = parseArgs({
  options: {
    schedules: { type: 'string', default: '20' },
    kills: { type: 'string', default: '20' },
    terminal: { type: 'string', default: '4' },
    destroys: { type: 'string', default: '2' },
    speed: { type: 'string', default: '1000' },
    timing: { type: 'string', default: 'pessimistic' },
    seed: { type: 'string' },
    backend: { type: 'string', default: 'file' },
  },
});
const seed = Number(values.seed ?? Date.now() % 1_000_000);
const rand = random(seed);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

/** Transient faults: the product's retries must absorb them within one run. */
const TRANSIENT = [
  { kind: 'status', status: 429, retryAfter: 0 },
  { kind: 'status', status: 429, retryAfter: 1 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'reset' },
  {
    kind: 'status',
    status: 409,
    code: 'AnotherOperationInProgress',
    message: 'Another operation on this or dependent resource is in progress.',
  },
  { kind: 'delay', delayMs: 200 },
  // AKS's word for a write while the cluster is busy.
  {
    method: 'PUT',
    path: '/managedClusters/[^/]+$',
    kind: 'status',
    status: 409,
    code: 'OperationNotAllowed',
    message:
      'Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details',
  },
  // Accepted writes whose operation ends Failed with a code that means "send it again".
  {
    method: 'PUT',
    kind: 'lro-failed',
    code: 'AnotherOperationInProgress',
    message: 'Another operation on this or dependent resource is in progress.',
  },
  {
    method: 'PUT',
    kind: 'lro-failed',
    code: 'RetryableError',
    message: 'Retryable error: the operation could not be completed; retry the request.',
  },
  {
    method: 'PUT',
    kind: 'lro-failed',
    code: 'ReferencedResourceNotProvisioned',
    message:
      'Cannot proceed with operation because resource used by this resource is not in Succeeded state. Resource is in Updating state.',
  },
];
/** Terminal failures of long-running operations, with real AKS / network / compute codes: resume fixes them. */
const TERMINAL = [
  {
    method: 'PUT',
    path: 'managedClusters/aks-soak$',
    kind: 'lro-failed',
    code: 'CreateVMSSAgentPoolFailed',
    message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
  },
  {
    method: 'PUT',
    path: 'azureFirewalls/afw-aks-soak$',
    kind: 'lro-failed',
    code: 'InternalServerError',
    message: 'An error occurred while provisioning the firewall.',
  },
  {
    method: 'PUT',
    path: 'bastionHosts/bas-aks-soak$',
    kind: 'lro-failed',
    code: 'BastionHostProvisioningFailed',
    message: 'The Bastion host could not be provisioned.',
  },
  {
    method: 'PUT',
    path: 'virtualMachines/vm-aks-soak-jump$',
    kind: 'lro-failed',
    code: 'OSProvisioningTimedOut',
    message: 'OS Provisioning for VM did not finish in the allotted time.',
  },
];
const FAULT_STATUSES = new Set([0, 409, 429, 500, 503]);

/** A 10% fault rate on every request, split at random over 2 to 5 transient kinds. */
function schedule() {
  const kinds = [...TRANSIENT].sort(() => rand() - 0.5).slice(0, 2 + Math.floor(rand() * 4));
  const weights = kinds.map(() => 0.2 + rand());
  const total = weights.reduce((a, b) => a + b, 0);
  return kinds.map((k, i) => ({ path: '.*', ...k, probability: Number(((0.1 * weights[i]) / total).toFixed(4)) }));
}

/**
 * What a run asks for beyond the base deployment. `on` turns every production option on; `off-cluster` and
 * `off-addons` are later runs of an `on` deployment that turn some of them off again (a pool, add-on resources,
 * maintenance configurations and the vault's private endpoint deleted; tags changed in place).
 */
const PROFILES = {
  plain: [],
  on: [
    ...['--tier', 'standard', '--zones', '1,2,3', '--node-min-count', '1', '--node-max-count', '3', '--user-pool'],
    ...['--monitoring', '--defender', '--azure-policy', '--policy-baseline', '--key-vault', '--tag', 'env=soak'],
    ...['--auto-upgrade-window', 'Sunday 02:00 4h', '--node-os-upgrade-window', 'Saturday 22:00 6h'],
  ],
  'off-cluster': [
    ...['--tier', 'free', '--no-user-pool', '--no-monitoring', '--no-defender', '--tag', 'env=soak2'],
    ...['--auto-upgrade-window', 'none', '--node-os-upgrade-window', 'none'],
  ],
  'off-addons': ['--no-key-vault', '--no-azure-policy', '--no-policy-baseline', '--tag', 'env=soak', '--tag', 'team=x'],
};
/** A run's profile: half stay plain, as before the options existed; an `on` run may be followed by a turn-off. */
function pickProfile(previous) {
  if (previous === 'on' && rand() < 0.5) return pick(['off-cluster', 'off-addons']);
  return rand() < 0.5 ? 'plain' : 'on';
}

const work = mkdtempSync(join(tmpdir(), 'secure-aks-soak-'));
const emu = await startEmulator(join(work, 'emu'), Number(values.speed), values.timing);
const backend = await openBackend(values.backend, work);
// Every CLI runs in the work directory: a blob state's local companions (the jumphost key, run logs) live there.
const cliOptions = { env: backend.env, cwd: work };
const spawnCli = (args) => spawnCliIn(args, cliOptions);
let counter = 0;
const deploy = (state, command = 'init', profile = 'plain') => [
  command,
  '--arm-endpoint',
  emu.url,
  '--arm-ca',
  emu.caFile,
  '--non-interactive',
  '--yes',
  '-o',
  'json',
  '-l',
  'eastus',
  '-g',
  'rg-aks-soak',
  '-n',
  'aks-soak',
  '--state',
  state,
  ...PROFILES[profile],
];
const resume = (state) => ['status', '--resume', '--non-interactive', '--yes', '-o', 'json', '--state', state];
const destroy = (state) => ['destroy', '--non-interactive', '--yes', '-o', 'json', '--state', state];
const totals = {
  runs: 0,
  optionRuns: 0,
  turnOffRuns: 0,
  destroys: 0,
  faults: 0,
  kills: 0,
  terminal: 0,
  converged: 0,
  duplicates: 0,
  orphans: 0,
  lost: 0,
  leaseWaits: 0,
  killsUnderLease: 0,
  killsTooLate: 0,
};
const problems = [];

/**
 * A run that must start: when it is refused only because a killed run's lease has not expired yet (StateLocked
 * on a blob state), wait until the lease is free and run it again. Each wait is counted as a lease wait.
 */
async function runCli(args, state) {
  for (;;) {
    const run = await runCliIn(args, cliOptions);
    const locked = run.code === 5 && /StateLocked/.test(run.stdout + run.stderr);
    if (!locked || !state || backend.name === 'file') return run;
    totals.leaseWaits++;
    if (!(await backend.waitForLease(state))) return run;
  }
}

async function injectedSoFar() {
  return (await emu.requests()).filter((r) => FAULT_STATUSES.has(r.status)).length;
}

/**
 * One resume (or, after a kill before the first state write, one init again): it must be enough. A kill before
 * a turn-off run recorded its configuration leaves nothing to resume; the user runs the same init again.
 */
async function converge(state, profile) {
  if (!(await backend.hasState(state))) return runCli(deploy(state, 'init', profile), state);
  const resumed = await runCli(resume(state), state);
  if (resumed.code !== 0 || !profile.startsWith('off-')) return resumed;
  const plan = await runCli(deploy(state, 'plan', profile), state);
  const pending = plan.code === 0 && JSON.parse(plan.stdout).summary.hasChanges;
  return pending ? runCli(deploy(state, 'init', profile), state) : resumed;
}

/** Checks one finished run and adds it to the totals. */
const lastLines = (run) => run.stderr.trim().split('\n').slice(-3).join(' | ');

async function stateReadable(label, state) {
  const journal = await runCli(['status', '--offline', '-o', 'json', '--state', state], state);
  // status exits with the deployment's health (0, or 11-14 for failed/interrupted/drifted/incomplete): any other
  // code means it could not read the state file.
  const readable = [0, 11, 12, 13, 14].includes(journal.code);
  if (!readable) problems.push(`${label}: state unreadable: ${journal.stdout.slice(0, 300)}`);
  // A blob state is also judged from the blob itself: its lease, its document and every kept version.
  const kept = await backend.check(state);
  for (const p of kept) problems.push(`${label}: ${p}`);
  if (readable && !kept.length) return true;
  totals.lost++;
  return false;
}

async function judge(label, state, final, profile) {
  totals.runs++;
  if (profile === 'on') totals.optionRuns++;
  if (profile.startsWith('off-')) totals.turnOffRuns++;
  let ok = final.code === 0;
  if (!ok) problems.push(`${label}: did not finish after one resume (exit ${final.code}): ${lastLines(final)}`);
  await stateReadable(label, state);
  await emu.clearFaults();
  const diff = compare(clean[profile], shapes(await emu.resources()));
  totals.duplicates += diff.duplicates.length;
  totals.orphans += diff.extra.length;
  if (diff.missing.length || diff.extra.length || diff.duplicates.length) {
    ok = false;
    problems.push(
      `${label}: missing ${diff.missing.join(', ') || '-'}; extra ${diff.extra.join(', ') || '-'}; duplicated ${diff.duplicates.join(', ') || '-'}`,
    );
  }
  // A step the journal calls done must have nothing left to change in Azure.
  const plan = await runCli(deploy(state, 'plan', profile), state);
  const pending =
    plan.code === 0
      ? JSON.parse(plan.stdout).steps.filter((s) => s.changes.some((c) => c.action !== 'none'))
      : [{ id: `plan exit ${plan.code}` }];
  if (ok && pending.length) {
    totals.lost++;
    ok = false;
    problems.push(`${label}: marked done but Azure differs in ${pending.map((s) => s.id).join(', ')}`);
  }
  if (ok) totals.converged++;
  return ok;
}

/**
 * Where each run starts: a fresh emulator and state file, or (a turn-off run) the deployment the previous run
 * left, so the change is made to a deployment that went through faults or a kill itself.
 */
async function begin(profile, previousState) {
  if (profile.startsWith('off-')) {
    await emu.clearRequests();
    return previousState;
  }
  await emu.reset();
  return backend.stateFor(++counter);
}

const started = Date.now();
/** The resources an uninterrupted run of each profile leaves, and how long it takes (kill points fall within). */
const clean = {};
const cleanMs = {};
for (const [profile, from] of [['plain'], ['on'], ['off-cluster', 'on'], ['off-addons', 'on']]) {
  const state = backend.stateFor(++counter);
  await emu.reset();
  const setup = from ? await runCli(deploy(state, 'init', from)) : { code: 0 };
  if (setup.code !== 0) throw new Error(`The uninterrupted ${from} run failed (exit ${setup.code}):\n${setup.stderr.slice(-2000)}`);
  const t0 = Date.now();
  const first = await runCli(deploy(state, 'init', profile));
  cleanMs[profile] = Date.now() - t0;
  if (first.code !== 0) {
    console.error(`The uninterrupted ${profile} run failed (exit ${first.code}):\n${first.stderr.slice(-2000)}`);
    await emu.stop();
    process.exit(1);
  }
  clean[profile] = shapes(await emu.resources());
}

let profile = 'plain';
let state;
let converged = false;
for (let i = 0; i < Number(values.schedules); i++) {
  profile = pickProfile(converged ? profile : 'plain');
  state = await begin(profile, state);
  const faults = schedule();
  for (const f of faults) await emu.fault(f);
  // Faults Azure means as "try again" must never need a second run.
  const run = await runCli(deploy(state, 'init', profile));
  totals.faults += await injectedSoFar();
  const label = `schedule ${i + 1} ${profile} (${faults.map((f) => f.code ?? f.status ?? f.kind).join('+')})`;
  if (run.code === 0) {
    converged = await judge(label, state, run, profile);
  } else {
    totals.runs++;
    converged = false;
    problems.push(`${label}: did not finish in one run (exit ${run.code}): ${lastLines(run)}`);
  }
}

for (let i = 0; i < Number(values.terminal); i++) {
  state = await begin('plain');
  const terminal = TERMINAL[i % TERMINAL.length];
  await emu.fault({ ...terminal, times: 1 });
  const run = await runCli(deploy(state));
  totals.terminal++;
  totals.faults += 1;
  const label = `terminal ${terminal.code}`;
  if (run.code !== 1) problems.push(`${label}: the run should stop with exit 1 and say so; it exited ${run.code}`);
  await judge(label, state, run.code === 0 ? run : await converge(state, 'plain'), 'plain');
}

converged = false;
for (let i = 0; i < Number(values.kills); i++) {
  profile = pickProfile(converged ? profile : 'plain');
  state = await begin(profile, state);
  const withFaults = rand() < 0.5;
  if (withFaults) for (const f of schedule()) await emu.fault(f);
  const atMs = Math.round(30 + rand() * cleanMs[profile] * 0.95);
  const cli = spawnCli(deploy(state, 'init', profile));
  await new Promise((r) => setTimeout(r, atMs));
  cli.child.kill('SIGKILL');
  if ((await cli.done).code !== 137) totals.killsTooLate++;
  totals.kills++;
  if (await backend.leased(state)) totals.killsUnderLease++;
  const final = await converge(state, profile);
  totals.faults += await injectedSoFar();
  converged = await judge(`kill at ${atMs} ms ${profile}${withFaults ? ' with faults' : ''}`, state, final, profile);
}

/**
 * Destroy under faults or a kill, then (if it did not finish) once more: destroy is safe to re-run. Every
 * resource of the deployment must be gone; the vault only soft-deleted, as Azure keeps it.
 */
for (let i = 0; i < Number(values.destroys); i++) {
  state = await begin('on');
  const setup = await runCli(deploy(state, 'init', 'on'));
  const label = `destroy ${i + 1}`;
  totals.runs++;
  totals.destroys++;
  if (setup.code !== 0) {
    problems.push(`${label}: the deployment to destroy failed (exit ${setup.code}): ${lastLines(setup)}`);
    continue;
  }
  const withKill = i % 2 === 1;
  for (const f of schedule()) await emu.fault(f);
  let run;
  if (withKill) {
    const atMs = Math.round(30 + rand() * cleanMs.plain * 0.9);
    const cli = spawnCli(destroy(state));
    await new Promise((r) => setTimeout(r, atMs));
    cli.child.kill('SIGKILL');
    run = await cli.done;
    if (run.code !== 137) totals.killsTooLate++;
    totals.kills++;
    if (await backend.leased(state)) totals.killsUnderLease++;
  } else {
    run = await runCli(destroy(state));
  }
  totals.faults += await injectedSoFar();
  await emu.clearFaults();
  const final = run.code === 0 ? run : await runCli(destroy(state), state);
  let ok = final.code === 0;
  if (!ok) problems.push(`${label}: destroy did not finish after one re-run (exit ${final.code}): ${lastLines(final)}`);
  if (!(await stateReadable(label, state))) ok = false;
  const left = [...shapes(await emu.resources()).keys()].filter((id) => !/\/deletedvaults\//.test(id));
  totals.orphans += left.length;
  if (left.length) {
    ok = false;
    problems.push(`${label}${withKill ? ' (killed)' : ''}: left after destroy: ${left.join(', ')}`);
  }
  if (ok) totals.converged++;
}

await emu.stop();
await backend.stop();
rmSync(work, { recursive: true, force: true });
for (const p of problems) console.error(`problem: ${p}`);
console.log(`seed: ${seed}`);
console.log(`backend: ${backend.name}`);
console.log(`runs: ${totals.runs}`);
console.log(`timing: ${values.timing}`);
console.log(`fault schedules: ${Number(values.schedules)}`);
console.log(`option runs: ${totals.optionRuns}`);
console.log(`turn-off runs: ${totals.turnOffRuns}`);
console.log(`terminal failures: ${totals.terminal}`);
console.log(`destroys: ${totals.destroys}`);
console.log(`faults injected: ${totals.faults}`);
console.log(`kill points: ${totals.kills}`);
// A run faster than the uninterrupted one can end before its kill point: that kill hit nothing.
console.log(`kill points after the run had ended: ${totals.killsTooLate}`);
console.log(`runs converged: ${totals.converged}`);
console.log(`duplicates: ${totals.duplicates}`);
console.log(`orphans: ${totals.orphans}`);
console.log(`lost state: ${totals.lost}`);
if (backend.name !== 'file') {
  // A kill after the run took its lease leaves it held: the follow-up must wait for it (a lease wait).
  console.log(`kill points with the lease held: ${totals.killsUnderLease}`);
  console.log(`lease waits: ${totals.leaseWaits}`);
}
console.log(`wall_s: ${((Date.now() - started) / 1000).toFixed(1)}`);
const pass = totals.converged === totals.runs && totals.duplicates === 0 && totals.orphans === 0 && totals.lost === 0;
process.exit(pass ? 0 : 1);
