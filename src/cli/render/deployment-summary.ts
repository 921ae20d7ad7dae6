import type { ChalkInstance } from 'chalk';
import type { CloudTarget } from '../../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../../config/types.js';
import type { PreflightReport } from '../../preflight/problems.js';
import { configWarnings } from './config-warnings.js';
import { estimateCost, formatCost, lineClass, totalCost } from './cost-estimate.js';
import { fitLines, hang, truncate } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';
import { optionRows } from './production-options.js';

function where(target: Pick<CloudTarget, 'kind' | 'cloud' | 'armEndpoint'>): string {
  if (target.kind === 'emulator') return 'the embedded ARM emulator';
  if (target.kind === 'endpoint') return `ARM endpoint ${target.armEndpoint}`;
  return `Azure (${target.cloud})`;
}

function costLines(c: ChalkInstance, config: ResolvedConfig, width: number): string[] {
  const lines = estimateCost(config);
  const total = totalCost(lines);
  const priced = lines.filter((l) => !l.perUse);
  const amount = Math.max(...[total, ...priced].map((l) => formatCost(l).length));
  const totalItem = lines.some((l) => l.perUse) ? 'total, before per-use' : 'total';
  // The item column is as wide as its longest item, narrower (items shortened) when the terminal is.
  const item = Math.max(12, Math.min(Math.max(totalItem.length, ...lines.map((l) => l.item.length)), width - 9 - amount));
  const per = ' per month';
  return [
    c.bold('Estimated monthly cost') + c.dim(' (an ESTIMATE: list prices, pay-as-you-go; traffic, data processing and disks extra)'),
    // A line priced per use has a unit price, not an amount: its class is unknown ($?) and the total leaves it out.
    ...lines.map((l) => `  ${(l.perUse ? '$?' : lineClass(l)).padEnd(5)} ${truncate(l.item, item).padEnd(item)} ${formatCost(l)}`),
    // "per month" only where it fits: the heading already says monthly.
    `  ${lineClass(total).padEnd(5)} ${totalItem.padEnd(item)} ${formatCost(total)}${9 + item + amount + per.length <= width ? per : ''}`,
  ];
}

/** A node VM size preflight refused is never priced: a made-up price for a size that cannot be built misleads. */
function unpriceable(c: ChalkInstance, config: ResolvedConfig, report?: PreflightReport): string[] | undefined {
  const refused = report?.problems.find((p) => p.code === 'VmSizeNotAvailable' || p.code === 'VmSizeRestricted');
  if (!refused) return undefined;
  return [
    c.bold('Estimated monthly cost') +
      c.dim(`: not estimated, as --node-vm-size ${config.nodeVmSize} cannot be built here (see Preflight)`),
  ];
}

/** What adopting each existing resource will change on it, one line per change (also printed by `plan`). */
export function adoptionLines(report: PreflightReport): string[] {
  return (report.adoptions ?? []).flatMap((a) => [
    `adopting ${a.type} ${a.prior.name} (resource group ${a.prior.resourceGroup}); destroy restores it as it is now:`,
    ...(a.changes.length ? a.changes.map((ch) => `  - ${ch}`) : ['  - nothing to change']),
  ]);
}

function preflightLines(c: ChalkInstance, report: PreflightReport): string[] {
  const out = [c.bold('Preflight') + c.dim(' (read-only checks against Azure)')];
  for (const line of adoptionLines(report)) out.push(`  ${line.startsWith('  ') ? '   ' + line.trimStart() : c.yellow('~') + '  ' + line}`);
  const warn = new Set(['PreflightCheckSkipped', 'AdoptUnused']);
  for (const n of report.notes) out.push(`  ${warn.has(n.code) ? c.yellow('!') : c.green('ok')} ${n.message}`);
  for (const p of report.problems) {
    out.push(`  ${c.red('x')}  ${c.bold(p.code)}: ${p.message}`);
    out.push(`     ${c.cyan('What to do:')} ${p.remediation}`);
  }
  if (!report.problems.length) out.push(`  ${c.green('ok')} quota, VM size, providers, permissions, Kubernetes version and names`);
  return out;
}

/** A new deployment, or one the state file records (its resources are checked and kept or updated). */
export type SummaryIntent = { kind: 'create' } | { kind: 'update'; deploymentId: string };

function heading(intent: SummaryIntent, target: Pick<CloudTarget, 'kind' | 'cloud' | 'armEndpoint'>): string {
  if (intent.kind === 'update')
    return `Existing deployment ${intent.deploymentId} in ${where(target)}: will update what differs and keep the rest:`;
  return `secure-aks will build a private AKS cluster in ${where(target)}:`;
}

/**
 * What init is about to build, shown before the confirmation: names, the address plan, the optional
 * parts, the preflight result and a cost estimate, so a wrong range or region is caught before Azure
 * spends minutes refusing it. Goes to stderr.
 */
export function renderDeploymentSummary(
  output: Output,
  c: ChalkInstance,
  config: ResolvedConfig,
  names: ResourceNames,
  target: Pick<CloudTarget, 'kind' | 'cloud' | 'armEndpoint'>,
  preflight?: PreflightReport,
  intent: SummaryIntent = { kind: 'create' },
): void {
  const width = outputColumns(output, 'err');
  // A value too long for the line wraps under itself, not under the label.
  const row = (k: string, v: string) => hang(`  ${k.padEnd(22)} `, v, width).join('\n');
  const opt = (on: boolean, what: string) => `${on ? c.green('yes') : c.dim('no ')} ${what}`;
  output.err(
    fitLines(
      [
        '',
        c.bold(heading(intent, target)),
        row('subscription', config.subscriptionId),
        row('resource group', `${config.resourceGroup} (${config.location})`),
        row(
          'cluster',
          `${names.cluster}, ${config.nodeCount} x ${config.nodeVmSize}, Kubernetes ${config.kubernetesVersion ?? 'newest supported'}`,
        ),
        ...optionRows(config, names).map(([label, value]) => row(label, value)),
        row('identity', names.identity),
        row('virtual network', `${names.vnet} ${config.vnetCidr}`),
        row('  AzureFirewallSubnet', config.firewallSubnetCidr),
        row(`  ${names.nodeSubnet}`, config.nodeSubnetCidr),
        ...(config.bastion ? [row('  AzureBastionSubnet', config.bastionSubnetCidr)] : []),
        ...(config.jumphost ? [row(`  ${names.jumphostSubnet}`, config.jumphostSubnetCidr)] : []),
        row('pods / services / DNS', `${config.podCidr} / ${config.serviceCidr} / ${config.dnsServiceIp}`),
        row('egress', `${names.firewall} (policy ${names.firewallPolicy}), route table ${names.routeTable}`),
        row('optional parts', ''),
        `    ${opt(config.bastion, `Bastion ${names.bastion}`)}`,
        `    ${opt(config.jumphost, `jumphost ${names.jumphostVm} (no public IP)`)}`,
        `    ${opt(config.testDeployment, 'test deployment and egress proof')}`,
        ...configWarnings(config).map((w) => `${c.yellow('Warning:')} ${w}`),
        '',
        ...(unpriceable(c, config, preflight) ?? costLines(c, config, width)),
        '',
        ...(preflight ? [...preflightLines(c, preflight), ''] : []),
      ],
      width,
    ).join('\n'),
  );
}

/** `status --resume`: what is left to do, not the whole build summary again (that was confirmed once). */
export function renderResumeSummary(
  output: Output,
  c: ChalkInstance,
  deploymentId: string,
  remaining: ReadonlyArray<{ number: number; title: string }>,
  target: Pick<CloudTarget, 'kind' | 'cloud' | 'armEndpoint'>,
  preflight?: PreflightReport,
): void {
  const what = remaining.length
    ? `step${remaining.length === 1 ? '' : 's'} ${remaining.map((s) => s.number).join(', ')} remain${remaining.length === 1 ? 's' : ''}`
    : 'every step is done; each is checked again';
  const lines = [
    '',
    c.bold(`Resume deployment ${deploymentId} in ${where(target)}: ${what}`),
    ...remaining.map((s) => `  ${String(s.number).padStart(2)}. ${s.title}`),
    '',
    ...(preflight?.problems.length ? [...preflightLines(c, preflight), ''] : []),
  ];
  output.err(fitLines(lines, outputColumns(output, 'err')).join('\n'));
}

/** The end of a run that found Azure already matching: said plainly, so nobody wonders what happened. */
export function renderNothingChanged(output: Output, c: ChalkInstance): void {
  output.out(c.green('Nothing to change: 0 writes to Azure.'));
}
