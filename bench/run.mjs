/**
 * `npm run bench`: one process tree. It starts the ARM emulator in this process at a fixed speed factor,
 * runs the built CLI against it (a fresh `init`, then a re-run of the complete deployment), measures
 * start-up, and prints one `name: value` line per figure. Settings: BENCH_SPEED (default 20: a 9-minute
 * cluster takes 27 s, so simulated time dominates process overhead), BENCH_REPS (start-up samples, 7).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criticalPath, typeOf } from './critical-path.mjs';
import { measureStartup } from './startup.mjs';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'secure-aks.js');
const SPEED = Number(process.env.BENCH_SPEED ?? 20);
const REPS = Number(process.env.BENCH_REPS ?? 7);
const LIMIT_MS = 10 * 60_000;

const { startServer } = await import('../dist/emulator/core/server.js');
const { emulatorControl } = await import('../dist/emulator/control-client.js');
const { providers } = await import('../dist/emulator/providers/registry.js');

const dir = mkdtempSync(join(tmpdir(), 'secure-aks-bench-'));
const emu = await startServer({ dataDir: join(dir, 'emulator'), speed: SPEED, providers });
const env = { ...process.env, NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
for (const k of Object.keys(env)) if (/^SECURE_AKS_|^AZURE_/.test(k)) delete env[k];
const statePath = join(dir, 'state.json');
const limit = setTimeout(() => {
  console.error(`bench: gave up after ${LIMIT_MS / 60_000} minutes`);
  process.exit(1);
}, LIMIT_MS);
limit.unref();

const print = (name, value) => console.log(`${name}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : value}`);

/** The emulator's control API (loopback, its own CA). */
const control = emulatorControl(emu.url, emu.caPem);

/** Runs `secure-aks init` against the emulator; returns its wall time in seconds. */
function init() {
  const args = [BIN, 'init', '--arm-endpoint', emu.url, '--arm-ca', emu.caFile, '--non-interactive', '--yes', '-o', 'json'];
  args.push('--state', statePath, '-g', 'rg-bench', '-n', 'aks-bench', '-l', 'eastus');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`init exited with ${code}:\n${err.slice(-3000)}\n${out.slice(-2000)}`));
      else resolve(seconds);
    });
  });
}

const isPoll = (r) => r.method === 'GET' && /\/(operations|operationResults|commandResults)\//i.test(r.path);

function countByMethod(prefix, log) {
  const counts = {};
  for (const r of log) counts[r.method.toLowerCase()] = (counts[r.method.toLowerCase()] ?? 0) + 1;
  for (const m of ['get', 'put', 'post', 'patch', 'delete', 'head']) print(`${prefix}_${m}`, counts[m] ?? 0);
  print(`${prefix}_total`, log.length);
}

/** Every operation the emulator served since `since`: long-running ones and runCommands, with polls. */
function servedOperations(since, log) {
  const ops = emu.ctx.lro
    .operations()
    .filter((op) => op.startTime >= since)
    .map((op) => ({
      label: op.resourceId.split('/').pop(),
      type: typeOf(op.resourceId),
      method: op.method,
      start: op.startTime,
      end: op.dueAt,
      polls: op.polls ?? 0,
    }));
  for (const cluster of ops.filter((o) => o.type === 'managedclusters' && o.method === 'PUT')) {
    const id = emu.ctx.lro.operations().find((o) => o.startTime === cluster.start)?.resourceId;
    for (const [commandId, c] of Object.entries(emu.ctx.store.internal(id).commands ?? {})) {
      if (c.startedAt < since) continue;
      const polls = log.filter((r) => r.method === 'GET' && r.path.endsWith(`/commandResults/${commandId}`)).length;
      ops.push({
        label: `runCommand ${commandId.slice(0, 6)}`,
        type: 'runcommand',
        method: 'POST',
        start: c.startedAt,
        end: c.readyAt,
        polls,
      });
    }
  }
  return ops;
}

try {
  // 1. A fresh deployment.
  const since = Date.now();
  const wall = await init();
  const log = await control.requests();
  const ops = servedOperations(since, log);
  const cp = criticalPath(ops);
  const sequentialMs = ops.reduce((n, o) => n + (o.end - o.start), 0);
  const azure = (ms) => Math.round((ms / 1000) * SPEED);
  print('speed_factor', SPEED);
  print('wall_s', wall);
  print('critical_path_s', cp.lengthMs / 1000);
  print('critical_path_azure_s', azure(cp.lengthMs));
  print(
    'critical_path_chain',
    cp.chain
      .map((label) => {
        const op = ops.find((o) => o.label === label);
        return `${label}(${azure(op.end - op.start)}s)`;
      })
      .join(' > '),
  );
  print('sequential_s', sequentialMs / 1000);
  print('sequential_azure_s', azure(sequentialMs));
  print('wall_over_critical_path', wall / (cp.lengthMs / 1000));
  print('wall_over_sequential', wall / (sequentialMs / 1000));
  // 2. Requests and polls.
  countByMethod('requests', log);
  print('requests_polls', log.filter(isPoll).length);
  const pollsOf = (type) => Math.max(0, ...ops.filter((o) => o.type === type && o.method === 'PUT').map((o) => o.polls));
  print('long_running_operations', ops.length);
  print('polls_firewall', pollsOf('azurefirewalls'));
  print('polls_cluster', pollsOf('managedclusters'));
  print('polls_bastion', pollsOf('bastionhosts'));
  print('polls_vm', pollsOf('virtualmachines'));
  print('polls_rule_group_max', pollsOf('firewallpolicies/rulecollectiongroups'));
  print('polls_runcommand_max', Math.max(0, ...ops.filter((o) => o.type === 'runcommand').map((o) => o.polls)));
  print('polls_max', Math.max(...ops.map((o) => o.polls)));
  print('polls_mean', ops.reduce((n, o) => n + o.polls, 0) / ops.length);

  // 3. A re-run of the complete deployment.
  await control.clearRequests();
  const rerunWall = await init();
  const rerun = await control.requests();
  print('rerun_wall_s', rerunWall);
  print('rerun_writes', rerun.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method)).length);
  print('rerun_reads', rerun.filter((r) => r.method === 'GET' || r.method === 'HEAD').length);
  print('rerun_actions', rerun.filter((r) => r.method === 'POST').length);
  print(
    'rerun_action_paths',
    [...new Set(rerun.filter((r) => r.method === 'POST').map((r) => r.path.split('/').pop()))].join(',') || 'none',
  );

  // 4. Start-up against a bare node.
  // status checks Azure for drift (here: the emulator); --offline reads the state file only.
  const medians = await measureStartup(
    {
      bare: ['-e', '0'],
      help: [BIN, '--help'],
      version: [BIN, '--version'],
      status: [BIN, 'status', '--state', statePath],
      status_offline: [BIN, 'status', '--offline', '--state', statePath],
    },
    REPS,
    env,
  );
  print('bare_node_ms', medians.bare);
  for (const k of ['help', 'version', 'status', 'status_offline']) print(`${k}_over_bare_node`, medians[k] / medians.bare);
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
