/**
 * A plan as terraform users read it: each step's row, then its changes (`+` create, `~` update with the old
 * and new value of each property, `-` delete, `<=` a read-only check), a totals line in terraform's words, what the plan
 * adds to the monthly bill, and the `init` command that applies exactly this plan.
 *
 * For other views: `renderPlanChanges(output, chalk, result, stream)` prints the steps that differ with
 * their changes (no totals, no hint), so init and `status --resume` can show the same diff before asking to confirm.
 */
import type { ChalkInstance } from 'chalk';
import { sameId } from '../../azure/ids.js';
import { OPTIONS } from '../../config/options.js';
import type { ResolvedConfig } from '../../config/types.js';
import type { Change, PropertyDiff } from '../../core/step.js';
import type { RunResult, StepResult } from '../../engine/result.js';
import { DEFAULT_STATE, type FlagValues, type TargetOptions } from '../flags.js';
import { configWarnings } from './config-warnings.js';
import { addedToCluster, costClass, estimateCost, formatUsd } from './cost-estimate.js';
import { fitLines, hang, visibleWidth, wrapCommand } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';
import { failureDetailLines, stepFailureLines } from './failure-lines.js';
import { stepRows } from './step-rows.js';

/** The totals of a plan (`summary` in `plan -o json`). Reads are counted apart: they change nothing. */
export interface PlanSummary {
  add: number;
  change: number;
  /** What turning an option off deletes (tearing the deployment down is `destroy`, its own command). */
  destroy: number;
  checks: number;
  hasChanges: boolean;
}

export function planSummary(steps: readonly Pick<StepResult, 'changes'>[]): PlanSummary {
  const all = steps.flatMap((s) => s.changes ?? []);
  const count = (action: Change['action']) => all.filter((c) => c.action === action).length;
  const add = count('create');
  const change = count('update');
  const destroy = count('delete');
  return { add, change, destroy, checks: count('read'), hasChanges: add + change + destroy > 0 };
}

const MARKS: Record<Exclude<Change['action'], 'none'>, (c: ChalkInstance) => string> = {
  create: (c) => c.green('+ '),
  update: (c) => c.yellow('~ '),
  delete: (c) => c.red('- '),
  read: (c) => c.cyan('<='),
};

/** "Microsoft.Network/virtualNetworks/subnets" -> "subnets"; a one-letter record type keeps its zone: "privateDnsZones/A". */
function typeLabel(resourceType: string): string {
  const parts = resourceType.split('/');
  const last = parts[parts.length - 1] ?? resourceType;
  return last.length <= 2 && parts.length > 2 ? parts.slice(-2).join('/') : last;
}

const MAX_VALUE = 60;

/** A value as a reader compares it: ARM ids by their name, absent as "(none)", long values cut. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  const text =
    typeof value === 'string'
      ? value.startsWith('/subscriptions/')
        ? (value.split('/').pop() ?? value)
        : value
      : Array.isArray(value)
        ? `[${value.map((v) => (typeof v === 'string' ? showValue(v) : JSON.stringify(v))).join(', ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

function diffText(d: PropertyDiff): string {
  return `${d.property}: ${showValue(d.current)} -> ${showValue(d.desired)}`;
}

/** A property's line under its resource; in a narrow terminal the old -> new values wrap, hanging after the property. */
function diffLines(d: PropertyDiff, width: number): string[] {
  return hang(`          ${d.property}: `, `${showValue(d.current)} -> ${showValue(d.desired)}`, width);
}

function changeLines(changes: readonly Change[], c: ChalkInstance, width: number): string[] {
  const shown = changes.filter((ch) => ch.action !== 'none');
  const typeWidth = Math.max(0, ...shown.map((ch) => typeLabel(ch.resourceType).length));
  return shown.flatMap((ch) => {
    const mark = `      ${MARKS[ch.action as keyof typeof MARKS](c)} ${typeLabel(ch.resourceType).padEnd(typeWidth)} `;
    const name = `${ch.name}${ch.note ? c.dim(` (${ch.note})`) : ''}`;
    const diff = ch.diff ?? [];
    // One property fits on the resource's line; several get a line each, and so does one that would pass the
    // terminal's edge. The mark and type keep the first line; a long name wraps under itself.
    const oneLine = diff.length === 1 ? `${mark}${name}  ${diffText(diff[0]!)}` : undefined;
    if (oneLine !== undefined && visibleWidth(oneLine) <= width) return [oneLine];
    return [...hang(mark, name, width), ...diff.flatMap((d) => diffLines(d, width))];
  });
}

/** The per-step list: each step's row, its changes, and a failed check's error with what to do. */
export function planChangeLines(result: Pick<RunResult, 'steps'>, c: ChalkInstance, width = Infinity): string[] {
  const rows = stepRows(result.steps, c, 'plan', width);
  return result.steps.flatMap((s, i) => [
    rows[i]!,
    ...changeLines(s.changes ?? [], c, width),
    ...(s.status === 'failed' && s.error ? fitLines(stepFailureLines(s.error, c), width) : []),
  ]);
}

/**
 * The diff alone, for init and `status --resume` to show before their confirmation: the steps that differ
 * (or failed), each with its changes, under one heading; or one line saying Azure matches. No totals, no hint.
 */
export function renderPlanChanges(output: Output, c: ChalkInstance, result: Pick<RunResult, 'steps'>, stream: 'out' | 'err' = 'out'): void {
  const differing = { steps: result.steps.filter((s) => s.status === 'pending' || s.status === 'failed') };
  const width = outputColumns(output, stream);
  if (differing.steps.length === 0) {
    output[stream](fitLines([c.green('Azure matches the configuration: nothing to do.')], width).join('\n'));
    return;
  }
  output[stream]([c.bold('What differs in Azure:'), ...planChangeLines(differing, c, width)].join('\n'));
}

/** terraform's sentence; the read-only checks are said apart since they change nothing. */
export function totalsLine(s: PlanSummary, c: ChalkInstance): string {
  if (!s.hasChanges) return c.green('No changes. Azure matches the configuration: nothing to do.');
  const checks = s.checks ? ` ${s.checks} read-only check${s.checks > 1 ? 's' : ''} (<=) run with init, counted in none of these.` : '';
  return `${c.bold('Plan:')} ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.${checks}`;
}

const TYPES = {
  firewall: 'Microsoft.Network/azureFirewalls',
  cluster: 'Microsoft.ContainerService/managedClusters',
  bastion: 'Microsoft.Network/bastionHosts',
  vm: 'Microsoft.Compute/virtualMachines',
};

/** What this plan adds to (or, fewer nodes, takes off) the monthly estimate of src/cli/render/cost-estimate.ts. */
export function planCostUsd(steps: readonly Pick<StepResult, 'changes'>[], config: ResolvedConfig): number {
  const all = steps.flatMap((s) => s.changes ?? []);
  const created = (type: string) => all.some((ch) => ch.action === 'create' && sameId(ch.resourceType, type));
  const cluster = all.find((ch) => ch.action === 'update' && sameId(ch.resourceType, TYPES.cluster));
  const count = cluster?.diff?.find((d) => /^agentPoolProfiles\.[^.]+\.count$/.test(d.property));
  return estimateCost(config).reduce((sum, line) => {
    if (line.part === 'firewall') return sum + (created(TYPES.firewall) ? line.usdPerMonth : 0);
    if (line.part === 'bastion') return sum + (created(TYPES.bastion) ? line.usdPerMonth : 0);
    if (line.part === 'jumphost') return sum + (created(TYPES.vm) ? line.usdPerMonth : 0);
    if (created(TYPES.cluster)) return sum + line.usdPerMonth;
    if (line.part !== 'nodes') return sum + addedToCluster(line, created, cluster?.diff ?? []);
    // A changed node count: the difference in nodes, at the price of one.
    const delta = Number(count?.desired ?? 0) - Number(count?.current ?? 0);
    return sum + (count && config.nodeCount > 0 ? (delta * line.usdPerMonth) / config.nodeCount : 0);
  }, 0);
}

export function costLine(usd: number, c: ChalkInstance): string | undefined {
  if (Math.round(usd / 10) === 0) return undefined;
  const what = usd > 0 ? `adds ${formatUsd(usd)} per month (${costClass(usd)})` : `saves ${formatUsd(-usd)} per month`;
  return `${c.bold('Cost:')} this plan ${what}${c.dim(', an ESTIMATE: list prices, pay-as-you-go; traffic, data processing and disks extra.')}`;
}

/** What the plan ran with, to repeat in the command that applies it. */
export interface ApplyHintInput {
  state: string;
  target: TargetOptions;
  config?: string;
  /** The configuration values typed on the command line (flags only: env and file apply to init as well). */
  values: FlagValues;
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A value as a POSIX shell reads it back: as is when safe, else in single quotes. */
export function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `secure-aks init` with the target, config, state and value flags of this plan, so it applies exactly this plan. */
export function applyCommand(i: ApplyHintInput): string {
  const args: string[] = ['secure-aks', 'init'];
  const flag = (name: string, value?: string) => args.push(...(value === undefined ? [name] : [name, shellQuote(value)]));
  if (i.target.emulator) flag('--emulator');
  if (i.target.armEndpoint) flag('--arm-endpoint', i.target.armEndpoint);
  if (i.target.armCa) flag('--arm-ca', i.target.armCa);
  if (i.target.cloud) flag('--cloud', i.target.cloud);
  if (i.config) flag('--config', i.config);
  if (i.state !== DEFAULT_STATE) flag('--state', i.state);
  for (const o of OPTIONS) {
    const value = i.values[o.key];
    if (value === undefined) continue;
    if (o.type === 'boolean') {
      // commander gives false for a typed `--no-bastion`; a typed non-negated boolean is true, and false when
      // its off flag was typed (`--no-monitoring` turns a recorded add-on off: lost, init would keep it on).
      if (value === !o.negated) flag(o.flag);
      else if (o.offFlag) flag(o.offFlag);
    } else if (Array.isArray(value)) {
      for (const v of value) flag(o.flag, String(v));
    } else {
      flag(o.flag, String(value));
    }
  }
  return args.join(' ');
}

export interface PlanRenderOptions {
  chalk: ChalkInstance;
  config: ResolvedConfig;
  apply: ApplyHintInput;
  /** This run's log file: named when a check failed. */
  logFile?: string;
}

/** The whole plan: changes, totals, cost, the configuration's warnings and the command that applies it. */
export function renderPlan(output: Output, result: Pick<RunResult, 'steps'>, o: PlanRenderOptions): void {
  const c = o.chalk;
  const width = outputColumns(output, 'out');
  const failed = result.steps.filter((s) => s.status === 'failed').length;
  const summary = planSummary(result.steps);
  const lines: string[] = [];
  if (failed) {
    lines.push(
      c.red(`Plan incomplete: ${failed} step${failed > 1 ? 's' : ''} could not be checked (above); fix the cause and run plan again.`),
      ...failureDetailLines({ logFile: o.logFile }, c),
    );
  } else {
    lines.push(totalsLine(summary, c));
    const cost = summary.hasChanges ? costLine(planCostUsd(result.steps, o.config), c) : undefined;
    if (cost) lines.push(cost);
  }
  for (const w of configWarnings(o.config)) lines.push(`${c.yellow('Warning:')} ${w}`);
  const apply = !failed && summary.hasChanges ? ['', ...applyLines(applyCommand(o.apply), width)] : [];
  output.out(['', ...planChangeLines(result, c, width), '', ...fitLines(lines, width), ...apply].join('\n'));
}

/** The command on the hint's line when it fits, else under it, broken with ` \` so it still pastes as one command. */
function applyLines(command: string, width: number): string[] {
  const hint = 'Apply it with:';
  if (visibleWidth(`${hint} ${command}`) <= width) return [`${hint} ${command}`];
  return [hint, ...wrapCommand('  ', command, width)];
}
