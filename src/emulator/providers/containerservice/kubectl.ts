/**
 * The kubectl subset runCommand answers: commands joined with && or ; run in order (&& stops at the
 * first failure), each parsed like kubectl parses its flags. Anything else fails the way kubectl or the
 * shell would, with exit code 1 (127 for an unknown program).
 */
import { parseArgs, shellWords, type KubectlContext, type KubectlResult } from './kubectl-args.js';
import { createDeployment, deleteDeployment, rolloutStatus } from './kubectl-deployments.js';
import { kubectlGet } from './kubectl-get.js';
import { kubectlRun } from './kubectl-run.js';

/** Splits on && and ; outside quotes, keeping the operator that follows each part. */
function splitCommands(line: string): Array<{ text: string; and: boolean }> {
  const parts: Array<{ text: string; and: boolean }> = [];
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';' || (ch === '&' && line[i + 1] === '&')) {
      parts.push({ text: current, and: ch === '&' });
      current = '';
      if (ch === '&') i++;
      continue;
    }
    current += ch;
  }
  parts.push({ text: current, and: false });
  return parts.filter((p) => p.text.trim() !== '');
}

function runOne(text: string, kc: KubectlContext): KubectlResult {
  const words = shellWords(text.trim());
  if (words[0] !== 'kubectl') return { exitCode: 127, logs: `sh: 1: ${words[0]}: not found\n` };
  const args = parseArgs(words.slice(1));
  const [verb, ...operands] = args.positional;
  const sub = { ...args, positional: operands };
  const denied = kc.authorize?.(verb, operands, sub);
  if (denied) return denied;
  switch (verb) {
    case 'get':
      return kubectlGet(sub, kc);
    case 'create':
      if (operands[0] === 'deployment') return createDeployment({ ...sub, positional: operands.slice(1) }, kc);
      if (operands[0] === 'namespace' || operands[0] === 'ns') return createNamespace(operands[1], kc);
      break;
    case 'rollout':
      if (operands[0] === 'status') return rolloutStatus({ ...sub, positional: operands.slice(1) }, kc);
      break;
    case 'delete':
      if (['deployment', 'deployments', 'deploy'].includes(operands[0] ?? ''))
        return deleteDeployment({ ...sub, positional: operands.slice(1) }, kc);
      break;
    case 'run':
      return kubectlRun(sub, kc);
    case 'version':
      return {
        exitCode: 0,
        logs: `Client Version: v1.33.3\nKustomize Version: v5.6.0\nServer Version: v${kc.cluster.properties?.currentKubernetesVersion}\n`,
      };
    case undefined:
      return { exitCode: 1, logs: 'error: You must specify the type of resource to get.\n' };
  }
  return {
    exitCode: 1,
    logs: `error: unknown command "${[verb, ...operands].join(' ')}" for "kubectl"\nRun 'kubectl --help' for usage.\n`,
  };
}

function createNamespace(name: string | undefined, kc: KubectlContext): KubectlResult {
  if (!name) return { exitCode: 1, logs: 'error: exactly one NAME is required, got 0\n' };
  const namespaces = (kc.state.namespaces ??= []);
  if (namespaces.includes(name) || ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name)) {
    return { exitCode: 1, logs: `Error from server (AlreadyExists): namespaces "${name}" already exists\n` };
  }
  namespaces.push(name);
  return { exitCode: 0, logs: `namespace/${name} created\n` };
}

export function runKubectl(line: string, kc: KubectlContext): KubectlResult {
  let logs = '';
  let exitCode = 0;
  let skip = false;
  for (const part of splitCommands(line)) {
    if (!skip) {
      const r = runOne(part.text, kc);
      logs += r.logs;
      exitCode = r.exitCode;
    }
    skip = part.and ? skip || exitCode !== 0 : false;
  }
  return { exitCode, logs };
}
