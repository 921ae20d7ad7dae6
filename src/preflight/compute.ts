/**
 * VM size and vCPU quota: the two refusals that otherwise surface only after the firewall and Bastion
 * have been built, when AKS starts its node pool (SkuNotAvailable, QuotaExceeded after ~15 minutes).
 */
import { MAX_SURGE, surgeNodes } from '../config/surge.js';
import type { ResolvedConfig } from '../config/types.js';
import { JUMPHOST_SIZE } from '../steps/desired/vm-jumphost.js';
import { autoscaled, maxNodes, plannedPools } from '../steps/desired/cluster-pools.js';
import type { QuotaUsage, VmSizeInfo } from './catalog.js';
import { DOCS, type PreflightNote, type PreflightProblem } from './problems.js';

/** AKS refuses system node pools below 2 vCPUs / 4 GB memory. */
const SYSTEM_POOL_MIN = { vCPUs: 2, memoryGB: 4 };

export interface ComputeFacts {
  sizes: VmSizeInfo[];
  usages: QuotaUsage[];
  /** Nodes each pool of our cluster already has (counted in the usage), by pool name; undefined before the cluster exists. */
  existingNodes?: Record<string, number>;
  jumphostExists: boolean;
}

function similar(sizes: VmSizeInfo[], wanted?: VmSizeInfo): string {
  const ok = sizes.filter((s) => !s.restriction && s.vCPUs >= SYSTEM_POOL_MIN.vCPUs && s.memoryGB >= SYSTEM_POOL_MIN.memoryGB);
  const close = wanted ? ok.filter((s) => s.vCPUs === wanted.vCPUs) : ok;
  return (close.length ? close : ok)
    .slice(0, 4)
    .map((s) => s.name)
    .join(', ');
}

export function sizeProblems(config: ResolvedConfig, f: ComputeFacts): PreflightProblem[] {
  const out: PreflightProblem[] = [];
  const node = f.sizes.find((s) => s.name.toLowerCase() === config.nodeVmSize.toLowerCase());
  const where = `in ${config.location} for subscription ${config.subscriptionId}`;
  if (!node) {
    out.push({
      code: 'VmSizeNotAvailable',
      fields: ['nodeVmSize'],
      kind: 'usage',
      docs: DOCS.sku,
      message: `--node-vm-size ${config.nodeVmSize} is not offered ${where}.`,
      remediation: `Pass --node-vm-size with a size offered in ${config.location} (e.g. ${similar(f.sizes)}; \`az vm list-skus -l ${config.location} --resource-type virtualMachines -o table\` lists them all), or another --location.`,
    });
  } else if (node.restriction) {
    out.push({
      code: 'VmSizeRestricted',
      fields: ['nodeVmSize'],
      kind: 'usage',
      docs: DOCS.sku,
      message: `--node-vm-size ${node.name} is restricted ${where} (${node.restriction}).`,
      remediation: `Choose another --node-vm-size (e.g. ${similar(f.sizes, node)}), another --location, or ask Azure support to lift the restriction.`,
    });
  } else if (node.vCPUs < SYSTEM_POOL_MIN.vCPUs || node.memoryGB < SYSTEM_POOL_MIN.memoryGB) {
    out.push({
      code: 'VmSizeTooSmall',
      fields: ['nodeVmSize'],
      kind: 'usage',
      docs: DOCS.sku,
      message: `nodeVmSize ${node.name} has ${node.vCPUs} vCPU(s) and ${node.memoryGB} GB; AKS system node pools need at least ${SYSTEM_POOL_MIN.vCPUs} vCPUs and ${SYSTEM_POOL_MIN.memoryGB} GB.`,
      remediation: `Choose a larger --node-vm-size (e.g. ${similar(f.sizes)}).`,
    });
  }
  if (config.jumphost && !f.jumphostExists) {
    const jump = f.sizes.find((s) => s.name.toLowerCase() === JUMPHOST_SIZE.toLowerCase());
    if (!jump || jump.restriction) {
      out.push({
        code: 'JumphostSizeNotAvailable',
        fields: ['jumphost', 'location'],
        kind: 'usage',
        docs: DOCS.sku,
        message: `The jumphost VM size ${JUMPHOST_SIZE} is ${jump ? `restricted (${jump.restriction})` : 'not offered'} ${where}.`,
        remediation: 'Choose another --location, or pass --no-jumphost.',
      });
    }
  }
  return out;
}

interface Need {
  usage: string;
  vCPUs: number;
  what: string;
  /** Config keys that size this need. */
  fields: string[];
}

/**
 * vCPUs this run may add, per quota (family and regional total); nothing for what already exists. A pool
 * counts with as many nodes as it may grow to (the autoscaler's maximum), since the autoscaler adds nodes
 * later without asking.
 */
function needs(config: ResolvedConfig, f: ComputeFacts): Need[] {
  const out: Need[] = [];
  for (const p of plannedPools(config)) {
    const size = f.sizes.find((s) => s.name.toLowerCase() === p.vmSize.toLowerCase());
    const have = f.existingNodes?.[p.name] ?? 0;
    const most = maxNodes(p);
    // An existing pool already holds its quota: only added nodes need more. A create or resize is checked
    // with the pool's upgrade surge on top (AKS: "Surge nodes would also consume vcpu quota"); a re-run that
    // adds nothing sends no cluster write, so nothing is checked.
    const added = most - have;
    if (!size || added <= 0) continue;
    const surge = surgeNodes(most, MAX_SURGE);
    const user = p.mode === 'User';
    const what =
      `${user ? 'user pool: ' : ''}${autoscaled(p) ? 'up to ' : ''}${added} ${have ? 'more ' : ''}x ${size.name} nodes` +
      (autoscaled(p) ? ` (autoscaler maximum ${most})` : '') +
      (surge ? ` and ${surge} upgrade surge node${surge > 1 ? 's' : ''} (maxSurge ${MAX_SURGE})` : '');
    const fields = user
      ? ['userPoolCount', 'userPoolMaxCount', ...(config.userPoolVmSize ? ['userPoolVmSize'] : ['nodeVmSize'])]
      : ['nodeCount', 'nodeMaxCount', 'nodeVmSize'];
    out.push({
      usage: size.family,
      vCPUs: size.vCPUs * (added + surge),
      what,
      fields: autoscaled(p) ? fields : fields.filter((k) => !/MaxCount$/.test(k)),
    });
  }
  const jump = f.sizes.find((s) => s.name.toLowerCase() === JUMPHOST_SIZE.toLowerCase());
  if (config.jumphost && jump && !f.jumphostExists)
    out.push({ usage: jump.family, vCPUs: jump.vCPUs, what: `the ${jump.name} jumphost`, fields: ['jumphost'] });
  const total = out.reduce((a, n) => a + n.vCPUs, 0);
  if (total > 0)
    out.push({
      usage: 'cores',
      vCPUs: total,
      what: out.map((n) => n.what).join(' and '),
      fields: [...new Set(out.flatMap((n) => n.fields))],
    });
  return out;
}

/** The flags of the config keys that match, e.g. `--node-count or --node-max-count`. */
function flags(keys: readonly string[], which: RegExp): string {
  const out = keys.filter((k) => which.test(k)).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  return out.length ? out.join(' or ') : 'the node count';
}

export function quotaProblems(config: ResolvedConfig, f: ComputeFacts): PreflightProblem[] {
  const byUsage = new Map<string, Need>();
  for (const n of needs(config, f)) {
    const prev = byUsage.get(n.usage);
    byUsage.set(
      n.usage,
      prev
        ? {
            usage: n.usage,
            vCPUs: prev.vCPUs + n.vCPUs,
            what: `${prev.what} and ${n.what}`,
            fields: [...new Set([...prev.fields, ...n.fields])],
          }
        : n,
    );
  }
  const out: PreflightProblem[] = [];
  for (const need of byUsage.values()) {
    const u = f.usages.find((x) => x.name.toLowerCase() === need.usage.toLowerCase());
    if (!u) continue;
    const free = Math.max(0, u.limit - u.current);
    if (need.vCPUs <= free) continue;
    out.push({
      code: 'QuotaExceeded',
      fields: [...need.fields.filter((k) => k !== 'jumphost'), 'location'],
      kind: 'usage',
      docs: DOCS.quota,
      message: `${need.what} need ${need.vCPUs} vCPUs of quota "${u.label}" in ${config.location}, but only ${free} are free (limit ${u.limit}, in use ${u.current}).`,
      remediation: `Lower ${flags(need.fields, /Count$/)}, choose a smaller ${flags(need.fields, /VmSize$/)} or another --location, or request a higher "${u.label}" quota for ${config.location}.`,
    });
  }
  return out;
}

export function quotaNote(config: ResolvedConfig, f: ComputeFacts): PreflightNote | undefined {
  const need = needs(config, f).find((n) => n.usage === 'cores');
  const u = f.usages.find((x) => x.name === 'cores');
  if (!need || !u) return undefined;
  return {
    code: 'QuotaOk',
    message: `vCPU quota in ${config.location}: ${need.vCPUs} needed, ${Math.max(0, u.limit - u.current)} of ${u.limit} free`,
  };
}
