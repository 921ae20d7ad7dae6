/**
 * `kubectl run NAME --rm -i --restart=Never --image=IMG -- curl ... URL` (or `nc -z HOST PORT`): the
 * egress probe. The pod's image must be pullable, then the connection is judged by the node subnet's
 * real route table, NSG and firewall policy, and answered the way curl sees Azure Firewall: allowed ->
 * the HTTP code; denied HTTPS -> connection reset; denied HTTP -> 470 with the firewall's reason;
 * no route -> a timeout.
 */
import { imagePullAllowed } from './kube-state.js';
import { flag, type KubectlContext, type KubectlResult, type ParsedArgs } from './kubectl-args.js';
import { nodeEgressVerdict } from './provisioning.js';

interface Probe {
  host: string;
  port: number;
  scheme?: 'Http' | 'Https';
  writeOut?: string;
  maxTime: number;
  fail: boolean;
}

function parseCurl(words: string[]): Probe | string {
  let writeOut: string | undefined;
  let maxTime = 300;
  let fail = false;
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-w' || w === '--write-out') writeOut = words[++i];
    else if (w === '--max-time' || w === '-m' || w === '--connect-timeout') maxTime = Number(words[++i]) || maxTime;
    else if (w === '-o' || w === '--output' || w === '-H' || w === '-A') i++;
    else if (w === '-f' || w === '--fail' || (/^-[a-zA-Z]+$/.test(w) && w.includes('f'))) fail = true;
    else if (!w.startsWith('-')) url = w;
  }
  if (!url) return "curl: no URL specified!\ncurl: try 'curl --help' for more information\n";
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?/i.exec(url.includes('://') ? url : `http://${url}`);
  if (!m) return `curl: (3) URL using bad/illegal format or missing URL\n`;
  const https = m[1].toLowerCase() === 'https';
  return { host: m[2], port: Number(m[3] ?? (https ? 443 : 80)), scheme: https ? 'Https' : 'Http', writeOut, maxTime, fail };
}

function parseNc(words: string[]): Probe | string {
  const operands = words.slice(1).filter((w, i, all) => !w.startsWith('-') && all[i - 1] !== '-w');
  const wait = words.indexOf('-w');
  if (operands.length < 2) return 'usage: nc [-46CDdFhklNnrStUuvZz] [-w timeout] destination [port]\n';
  return { host: operands[0], port: Number(operands[1]), maxTime: wait > 0 ? Number(words[wait + 1]) || 10 : 10, fail: true };
}

/** curl's --write-out: the HTTP status and curl's exit code (0, 35 reset by peer, 28 timed out). */
function format(writeOut: string | undefined, code: string, exit = code === '000' ? 35 : 0): string {
  return writeOut
    ? writeOut
        .replace(/%\{http_code\}/g, code)
        .replace(/%\{exitcode\}/g, String(exit))
        .replace(/\\n/g, '\n')
    : '';
}

export function kubectlRun(args: ParsedArgs, kc: KubectlContext): KubectlResult {
  const name = args.positional[0];
  const image = flag(args, '--image');
  if (!name) return { exitCode: 1, logs: 'error: NAME is required for run\n' };
  if (typeof image !== 'string' || !image) return { exitCode: 1, logs: 'error: required flag(s) "image" not set\n' };
  const attached = flag(args, '-i', '--stdin', '-it', '-ti') !== undefined;
  const removed = flag(args, '--rm') !== undefined ? `pod "${name}" deleted\n` : '';
  if (!imagePullAllowed(kc.store, kc.cluster, image)) {
    return { exitCode: 1, logs: `${removed}error: timed out waiting for the condition\n` };
  }
  if (!attached) return { exitCode: 0, logs: `pod/${name} created\n` };
  const program = args.rest[0];
  if (!program) return { exitCode: 0, logs: removed };
  const probe =
    program === 'curl'
      ? parseCurl(args.rest)
      : program === 'nc'
        ? parseNc(args.rest)
        : `exec: "${program}": executable file not found in $PATH`;
  if (typeof probe === 'string') return { exitCode: 1, logs: `${probe}${removed}pod default/${name} terminated (Error)\n` };
  const verdict = nodeEgressVerdict(kc.store, kc.cluster, probe.host, probe.port, probe.scheme) ?? {
    allowed: true as const,
    via: 'internet' as const,
    reason: '',
  };
  const curl = program === 'curl';
  let out: string;
  let ok: boolean;
  if (verdict.allowed) {
    out = curl ? format(probe.writeOut, '200') : `Connection to ${probe.host} ${probe.port} port [tcp/*] succeeded!\n`;
    ok = true;
  } else if (verdict.blockedBy === 'firewall' && probe.scheme === 'Http') {
    // Azure Firewall answers denied plain HTTP itself, with status 470 and the reason in the body.
    out = probe.writeOut
      ? format(probe.writeOut, '470')
      : `HTTP request to ${probe.host}:${probe.port}. Url: ${probe.host}. ${verdict.reason}\n`;
    ok = !probe.fail;
    if (probe.fail) out += 'curl: (22) The requested URL returned error: 470\n';
  } else if (verdict.blockedBy === 'firewall') {
    out = curl
      ? `curl: (35) Recv failure: Connection reset by peer\n${format(probe.writeOut, '000')}`
      : `nc: connect to ${probe.host} port ${probe.port} (tcp) failed: Connection reset by peer\n`;
    ok = false;
  } else {
    const ms = probe.maxTime * 1000 + 1;
    out = curl
      ? `curl: (28) Connection timed out after ${ms} milliseconds\n${format(probe.writeOut, '000', 28)}`
      : `nc: connect to ${probe.host} port ${probe.port} (tcp) timed out: Operation now in progress\n`;
    ok = false;
  }
  if (out && !out.endsWith('\n')) out += '\n';
  return ok ? { exitCode: 0, logs: `${out}${removed}` } : { exitCode: 1, logs: `${out}${removed}pod default/${name} terminated (Error)\n` };
}
