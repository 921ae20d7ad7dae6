import { ALL_CHECKS } from './checks/index.js';
import type { CheckArea } from './checks/types.js';

/** id, area, title, baseline and docs of every check: what the README lists. */
export interface CheckMetadata {
  id: string;
  area: CheckArea;
  title: string;
  baseline: string;
  docs: string;
}

export function checkMetadata(): CheckMetadata[] {
  return ALL_CHECKS.map(({ id, area, title, baseline, docs }) => ({ id, area, title, baseline, docs }));
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The checks as a Markdown table (README): one row per check, grouped by area in report order. */
export function checksMarkdownTable(): string {
  const rows = checkMetadata().map((c) => `| ${cell(c.area)} | \`${c.id}\` | ${cell(c.title)} | [${cell(c.baseline)}](${c.docs}) |`);
  return ['| Area | Check | What it proves | Baseline |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

const AREA_TITLES: Record<CheckArea, string> = {
  'api-server': 'API server',
  egress: 'Egress',
  network: 'Network',
  cluster: 'Cluster',
  'in-cluster': 'In cluster',
  addons: 'Add-ons',
};

/** Plain rows for a human table grouped by area (the CLI renderer adds colour and widths). */
export function groupByArea<T extends { area: CheckArea }>(checks: readonly T[]): Array<{ area: CheckArea; title: string; checks: T[] }> {
  return (Object.keys(AREA_TITLES) as CheckArea[])
    .map((area) => ({ area, title: AREA_TITLES[area], checks: checks.filter((c) => c.area === area) }))
    .filter((g) => g.checks.length > 0);
}
