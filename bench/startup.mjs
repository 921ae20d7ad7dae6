/**
 * Start-up cost as a ratio to a bare `node -e 0`, measured in the same run: the commands are timed in
 * turn (interleaved, so a busy machine slows all of them alike) and medians are compared.
 */
import { spawn } from 'node:child_process';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Asynchronous on purpose: the emulator may live in this process and must keep answering meanwhile. */
function timeOnce(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}

/**
 * @param {Record<string, string[]>} commands name -> node arguments; must include `bare`
 * @returns {Record<string, number>} median milliseconds per name
 */
export async function measureStartup(commands, reps, env) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const args of Object.values(commands)) await timeOnce(args, env); // warm the file cache once
  for (let i = 0; i < reps; i++) for (const [name, args] of Object.entries(commands)) samples[name].push(await timeOnce(args, env));
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}
