import type { ChalkInstance } from 'chalk';
import type { DriftReport } from '../../drift/detect.js';
import type { RecordedResources } from '../actions/status-resources.js';
import { bastionSshCommand, shownPath } from './access-summary.js';
import { KEY_ELSEWHERE, keyOnThisMachine, ownKeyCommands } from './jumphost-key-elsewhere.js';
import { fitLines, hang, wrapCommand } from '../../io/wrap.js';
import { TIER_WORDS, windowWords } from './production-options.js';
import { outputColumns, type Output } from './output.js';

const LABEL = 16;
const join = (parts: Array<string | undefined | false>) => parts.filter(Boolean).join(', ');

/** A pool as one line: its size, nodes (fixed or the autoscaler's range) and zones. */
function poolText(p: NonNullable<RecordedResources['pools']>[number]): string {
  const nodes =
    p.min !== undefined && p.max !== undefined ? `autoscaler ${p.min}-${p.max} nodes` : `${p.count} node${p.count === 1 ? '' : 's'}`;
  return join([`${p.name} (${p.mode})`, p.vmSize, nodes, p.zones.length ? `zones ${p.zones.join(',')}` : 'no zones']);
}

/** The rows of the production options that are on, in the order init builds them. */
function optionRows(r: RecordedResources): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (r.tier) rows.push(['Tier', `${TIER_WORDS[r.tier].title}: ${TIER_WORDS[r.tier].line}`]);
  for (const [i, p] of (r.pools ?? []).entries()) rows.push([i === 0 ? 'Node pools' : '', poolText(p)]);
  if (r.addons) rows.push(['Add-ons', r.addons.join(', ')]);
  if (r.logAnalyticsWorkspace)
    rows.push([
      'Log Analytics',
      `${r.logAnalyticsWorkspace.name}${r.logAnalyticsWorkspace.createdByDeployment ? '' : ` (yours: ${r.logAnalyticsWorkspace.id}; destroy keeps it)`}`,
    ]);
  if (r.dataCollectionRule) rows.push(['Data collection', `${r.dataCollectionRule.name} (Container Insights)`]);
  if (r.keyVault)
    rows.push(['Key Vault', join([r.keyVault.name, r.keyVault.privateEndpoint && `private endpoint ${r.keyVault.privateEndpoint}`])]);
  if (r.policyAssignment) rows.push(['Policy', `${r.policyAssignment.name} (pod security baseline)`]);
  for (const [i, w] of (r.maintenanceWindows ?? []).entries())
    rows.push([i === 0 ? 'Maintenance' : '', w.window ? `${w.name}: ${windowWords(w.window)}` : w.name]);
  return rows;
}

/**
 * `status` in text: what exists, as the steps recorded it, marked as recorded. Whether Azure still matches is
 * the drift check's answer, printed right after; offline there is none, and the heading says so.
 */
export function renderRecordedResources(
  output: Output,
  c: ChalkInstance,
  r: RecordedResources,
  resourceGroup: string,
  drift: Pick<DriftReport, 'checked'>,
): void {
  const width = outputColumns(output, 'out');
  // A value too long for the line wraps under itself; a command breaks between arguments with \ and still pastes.
  const row = (label: string, value: string) => hang(`  ${label.padEnd(LABEL)} `, value, width).join('\n');
  const lines: string[] = [];
  if (r.resourceGroup)
    lines.push(row('Resource group', `${r.resourceGroup.name}${r.resourceGroup.createdByDeployment ? '' : ' (yours: destroy keeps it)'}`));
  if (r.cluster)
    lines.push(
      row(
        'Cluster',
        join([
          r.cluster.name,
          r.cluster.kubernetesVersion && `Kubernetes ${r.cluster.kubernetesVersion}`,
          r.cluster.nodeResourceGroup && `nodes in ${r.cluster.nodeResourceGroup}`,
        ]),
      ),
    );
  lines.push(...optionRows(r).map(([label, value]) => row(label, value)));
  if (r.apiServer)
    lines.push(
      row(
        'API server',
        `${r.apiServer.privateFqdn ?? '(FQDN not recorded)'} -> ${r.apiServer.privateIp ?? '(IP not recorded)'} (private only)`,
      ),
    );
  if (r.firewall)
    lines.push(
      row(
        'Firewall',
        join([
          r.firewall.name,
          r.firewall.publicIp && `public IP ${r.firewall.publicIp} (egress)`,
          r.firewall.privateIp && `private IP ${r.firewall.privateIp}`,
          r.firewall.policy && `policy ${r.firewall.policy}`,
        ]),
      ),
    );
  if (r.routeTable)
    lines.push(row('Route table', `${r.routeTable.name}${r.routeTable.nextHop ? `: 0.0.0.0/0 -> ${r.routeTable.nextHop}` : ''}`));
  if (r.bastion) lines.push(row('Bastion', r.bastion.name));
  if (r.jumphost) {
    const j = r.jumphost;
    const here = !!j.keyFile && keyOnThisMachine(j.keyFile);
    lines.push(row('Jumphost', join([j.vmName, j.privateIp && `private IP ${j.privateIp}`, here && `key ${shownPath(j.keyFile!)}`])));
    if (j.keyFile && !here)
      lines.push(
        row('', KEY_ELSEWHERE),
        ...ownKeyCommands({ ...j, resourceGroup }).flatMap((command) => wrapCommand(' '.repeat(LABEL + 5), command, width)),
      );
    else if (j.bastion && j.keyFile)
      lines.push(
        row('', 'reach it:'),
        ...wrapCommand(
          ' '.repeat(LABEL + 5),
          bastionSshCommand({ bastion: j.bastion, resourceGroup, vmId: j.vmId, keyFile: j.keyFile }),
          width,
        ),
      );
    else
      lines.push(
        row('', 'no Bastion in this deployment: reach it from a peered network or VPN (its NSG admits SSH from the Bastion range only)'),
      );
  }
  if (r.testDeployment) {
    const t = r.testDeployment;
    lines.push(
      row(
        'Test deployment',
        join([
          t.deployment,
          t.image,
          t.allowedProbe && t.blockedProbe && `egress proof: allowed FQDN ${t.allowedProbe}, other FQDN ${t.blockedProbe}`,
        ]),
      ),
    );
  }
  if (lines.length === 0) return;
  const heading = drift.checked
    ? 'What the last run recorded it built (from the state file; the drift check below says whether Azure still matches):'
    : 'What the last run recorded it built (from the state file, not compared with Azure):';
  output.out(['', ...fitLines([c.bold(heading)], width), ...lines].join('\n'));
}
