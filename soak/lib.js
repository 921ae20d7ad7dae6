/**
 * Soak plumbing: a separately started emulator (it outlives a killed CLI), the built CLI as a child
 * process, and resource-set comparison with an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulatorControl } from '../dist/emulator/control-client.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'secure-aks.js');

/** Env without the caller's SECURE_AKS_* / AZURE_* settings: every run sees only what the soak sets. */
function cleanEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SECURE_AKS_|AZURE_)/.test(k)));
  return { ...env, NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost' };
}

/**
 * Starts the CLI with `env` added (the state backend's settings) in `cwd` (where a blob state's local
 * companions go); `done` resolves with { code, stdout, stderr } (code 137 when killed).
 */
export function spawnCli(args, { env = {}, cwd } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...cleanEnv(), ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 137 : null), stdout, stderr }));
  });
  return { child, done };
}

export const runCli = (args, options) => spawnCli(args, options).done;

export async function startEmulator(dataDir, speed, timing = 'typical') {
  const args = [BIN, 'emulator', '--port', '0', '--data', dataDir, '--speed', String(speed), '--timing', timing];
  const child = spawn(process.execPath, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buffer = '';
    child.on('exit', (code) => reject(new Error(`the emulator exited early (${code})`)));
    child.stdout.on('data', (d) => {
      buffer += String(d);
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0].trim());
    });
  });
  const caFile = join(dataDir, 'ca.pem');
  const control = emulatorControl(url, readFileSync(caFile, 'utf8'));
  return {
    url,
    caFile,
    resources: control.resources,
    requests: control.requests,
    clearRequests: control.clearRequests,
    fault: control.fault,
    clearFaults: control.clearFaults,
    reset: control.reset,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Ids with the parts Azure generates per run (GUIDs, hashes in node-resource-group names) masked. */
export function shapeOf(id) {
  return id
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<guid>')
    .replace(/-\d{8}-vmss/g, '-<n>-vmss')
    .replace(/\/a\/([a-z0-9-]+)-[0-9a-f]{8}$/g, '/a/$1-<hex>')
    .replace(/virtualnetworklinks\/[0-9a-f]{16}$/g, 'virtualnetworklinks/<hex>');
}

export function shapes(resources) {
  const counts = new Map();
  for (const r of resources) counts.set(shapeOf(r.id), (counts.get(shapeOf(r.id)) ?? 0) + 1);
  return counts;
}

/** Missing, extra (orphaned) and duplicated resources compared with the clean run. */
export function compare(clean, got) {
  return {
    missing: [...clean.keys()].filter((k) => !got.has(k)),
    extra: [...got.keys()].filter((k) => !clean.has(k)),
    duplicates: [...got.entries()].filter(([k, n]) => clean.has(k) && n > clean.get(k)).map(([k]) => k),
  };
}

/** A small seeded generator, so a failing soak can be replayed with --seed. */
export function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
