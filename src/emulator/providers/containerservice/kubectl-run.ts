/**
 * `kubectl run NAME --rm -i --restart=Never --image=IMG -- curl ... URL` (or `nc -z HOST PORT`): the
 * egress probe. The pod's image must be pullable, then the connection is judged by the node subnet's
 * real route table, NSG and firewall policy, and answered the way curl sees Azure Firewall: allowed ->
 * the HTTP code; denied HTTPS -> connection reset; denied HTTP -> 470 with the firewall's reason;
 * no route -> a timeout. The name is first resolved from the cluster's VNet (private-dns-resolve.ts): a
 * name a linked private zone answers leads to that address inside the VNet (a private endpoint: no
 * firewall on the way), one it does not know fails to resolve (curl exit 6).
 */
import { imagePullAllowed } from './kube-state.js';
import { flag, type KubectlContext, type KubectlResult, type ParsedArgs } from './kubectl-args.js';
import { nodeEgressVerdict } from './provisioning.js';
import { resolveFromVnet } from '../network/private-dns-resolve.js';

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

/**
 * curl's --write-out: the HTTP status, curl's exit code (0, 6 not resolved, 35 reset by peer, 28 timed
 * out) and the address connected to (a public one the emulator cannot know reads empty).
 */
function format(writeOut: string | undefined, code: string, exit = code === '000' ? 35 : 0, remoteIp = ''): string {
  return writeOut
    ? writeOut
        .replace(/%\{http_code\}/g, code)
        .replace(/%\{exitcode\}/g, String(exit))
        .replace(/%\{remote_ip\}/g, remoteIp)
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
  const curl = program === 'curl';
  const subnetId: string = kc.cluster.properties?.agentPoolProfiles?.[0]?.vnetSubnetID ?? '';
  const vnetId = subnetId.slice(0, subnetId.toLowerCase().indexOf('/subnets/'));
  const resolved = vnetId ? resolveFromVnet(kc.store, vnetId, probe.host) : { public: true as const };
  if ('nxdomain' in resolved) {
    const out = curl
      ? `curl: (6) Could not resolve host: ${probe.host}\n${format(probe.writeOut, '000', 6)}`
      : `nc: getaddrinfo for host "${probe.host}" port ${probe.port}: Name or service not known\n`;
    return { exitCode: 1, logs: `${out.endsWith('\n') ? out : `${out}\n`}${removed}pod default/${name} terminated (Error)\n` };
  }
  if ('address' in resolved) {
    // Inside the VNet: its own address space is a system route more specific than the default route to the firewall.
    const out = curl
      ? format(probe.writeOut, '200', 0, resolved.address)
      : `Connection to ${probe.host} ${probe.port} port [tcp/*] succeeded!\n`;
    return { exitCode: 0, logs: `${out.endsWith('\n') ? out : `${out}\n`}${removed}` };
  }
  const verdict = nodeEgressVerdict(kc.store, kc.cluster, probe.host, probe.port, probe.scheme) ?? {
    allowed: true as const,
    via: 'internet' as const,
    reason: '',
  };
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
