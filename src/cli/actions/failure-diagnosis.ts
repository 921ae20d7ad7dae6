/**
 * Right after a well-known AKS failure (src/azure/aks-failures.ts), the read-only checks of the steps that
 * usually cause it run against Azure, so the failure can name what is missing now (the default route, a
 * rule collection) instead of only what it usually is. Nothing is written.
 */
import type { StepErrorRecord } from '../../azure/errors.js';
import { recognizeAksFailure } from '../../azure/aks-failures.js';
import { isWrite, type Change, type PropertyDiff } from '../../core/step.js';
import type { Journal } from '../../engine/journal.js';
import { planSteps } from '../../engine/plan.js';
import type { RunOptions } from '../../engine/runner.js';
import type { RunResult } from '../../engine/result.js';
import type { IoHost } from '../../io/host.js';

/** The checks report nothing while they run: the failure is what the person is reading. */
const quiet: IoHost = {
  interactive: false,
  notify: () => undefined,
  requestResponse: () => Promise.reject(new Error('A diagnosis never asks.')),
  close: () => undefined,
};

/** The names in a summary like "6 rules: a, b" (counts and the word "rules" are not names). */
const words = (v: unknown) => (typeof v === 'string' ? v.split(/[\s,:]+/).filter((w) => w && !/^(\d+|rules?)$/.test(w)) : []);
const shown = (v: unknown) => (v === undefined ? 'unset' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One property that differs: what the configured value has that Azure's lacks (a rule, an FQDN), else both values. */
function describeDiff(d: PropertyDiff): string {
  if (d.current === undefined) return `${d.property} is missing`;
  const have = new Set(words(d.current));
  const lacks = words(d.desired).filter((w) => !have.has(w));
  if (lacks.length) return `${d.property} lacks ${lacks.join(', ')}`;
  return `${d.property} is ${shown(d.current)}, configured ${shown(d.desired)}`;
}

function describe(ch: Change): string {
  const type = ch.resourceType.replace(/^Microsoft\.\w+\//, '');
  if (ch.action === 'create') return `${type} ${ch.name} is missing`;
  if (ch.action === 'delete') return `${type} ${ch.name} is still there`;
  const what = ch.diff?.length ? `: ${ch.diff.map(describeDiff).join('; ')}` : '';
  return `${type} ${ch.name} differs from what secure-aks configured${what}`;
}

/** What the probe steps' checks found, one sentence each; empty when nothing could be said. */
async function probe(options: Omit<RunOptions, 'steps' | 'io'>, steps: RunOptions['steps']): Promise<string[]> {
  const checked = await planSteps({ ...options, steps, io: quiet });
  const findings: string[] = [];
  for (const s of checked.steps) {
    const where = `step ${s.number} ${s.id}`;
    if (s.status === 'failed') findings.push(`${where} could not be checked (${s.error?.code ?? 'unknown error'}).`);
    for (const ch of (s.changes ?? []).filter(isWrite)) findings.push(`${describe(ch)} (${where}).`);
  }
  if (!findings.length && checked.steps.length)
    findings.push(
      `${checked.steps.map((s) => `step ${s.number} ${s.id}`).join(' and ')} match${checked.steps.length === 1 ? 'es' : ''} the configuration now: ` +
        'look for what else sits on the path (a changed rule outside this deployment, a policy, DNS).',
    );
  return findings;
}

/**
 * A failed run whose failing step is a well-known failure with probe steps: the record gains what the
 * checks found (journaled too, so `status` shows it). Answers the result to show.
 */
export async function diagnoseFailure(result: RunResult, options: Omit<RunOptions, 'io'>, journal: Journal): Promise<RunResult> {
  const failed = result.steps.find((s) => s.status === 'failed' && s.error);
  const known = failed?.error ? recognizeAksFailure(failed.error.code, failed.error.message) : undefined;
  if (!failed?.error || !known?.probe) return result;
  const steps = options.steps.filter((s) => known.probe!.includes(s.id));
  let findings: string[];
  try {
    findings = await probe(options, steps);
  } catch {
    // The diagnosis is a courtesy: the failure itself is still reported as it is.
    return result;
  }
  if (!findings.length) return result;
  const error: StepErrorRecord = { ...failed.error, findings };
  await journal.update(failed.id, { error }).catch(() => undefined);
  return { ...result, steps: result.steps.map((s) => (s === failed ? { ...s, error } : s)) };
}
