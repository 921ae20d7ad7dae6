/**
 * The cluster's side of Container Insights and Microsoft Defender for Containers.
 *
 * - Container Insights: `addonProfiles.omsagent` {enabled, config {logAnalyticsWorkspaceResourceID,
 *   useAADAuth: "true"}}, what `az aks enable-addons -a monitoring` sends with managed identity auth
 *   (https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable).
 * - Defender: `securityProfile.defender` {logAnalyticsWorkspaceResourceId, securityMonitoring.enabled}, what
 *   `az aks create --enable-defender` sends (https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable).
 *   The Defender plan itself is a subscription-wide pricing (Microsoft.Security/pricings/Containers) this
 *   tool only reads (src/preflight/insights.ts).
 *
 * A cluster that never had either reads back without the keys: "absent" and "off" compare equal, and
 * nothing is sent for an add-on that is off and was never on, so a cluster made before these options
 * existed plans no change. One that is on but that this deployment did not turn on is left on
 * (addon-ownership.ts): `ours` lists the add-ons this deployment turned on.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { PropertyDiff } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { sameValue } from './diff.js';
import { workspaceId } from './addon-monitoring.js';
import type { AddonKey } from '../../config/addons.js';

const OMSAGENT = 'omsagent';

type Ctx = Pick<StepContext, 'config' | 'names'>;

function omsagentOf(cluster: ManagedCluster | undefined) {
  const profiles = cluster?.addonProfiles ?? {};
  const key = Object.keys(profiles).find((k) => k.toLowerCase() === OMSAGENT);
  return key ? profiles[key] : undefined;
}

/** The omsagent profile we want, or undefined when monitoring is off. */
function wantedOmsagent(ctx: Ctx) {
  if (!ctx.config.monitoring) return undefined;
  return { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId(ctx), useAADAuth: 'true' } };
}

function wantedDefender(ctx: Ctx) {
  if (!ctx.config.defender) return undefined;
  return { logAnalyticsWorkspaceResourceId: workspaceId(ctx), securityMonitoring: { enabled: true } };
}

export function insightsClusterDiff(ctx: Ctx, current: ManagedCluster, ours: readonly AddonKey[]): PropertyDiff[] {
  const diffs: PropertyDiff[] = [];
  const oms = omsagentOf(current);
  // On by someone else and off in the configuration: left on, so it compares as wanted.
  const omsOn = oms?.enabled === true && (!!ctx.config.monitoring || ours.includes('monitoring'));
  const wantOms = wantedOmsagent(ctx);
  if (omsOn !== !!wantOms) diffs.push({ property: 'addonProfiles.omsagent.enabled', current: omsOn, desired: !!wantOms });
  else if (wantOms) {
    for (const [k, v] of Object.entries(wantOms.config)) {
      const have = Object.entries(oms?.config ?? {}).find(([key]) => key.toLowerCase() === k.toLowerCase())?.[1];
      if (!sameValue(have, v)) diffs.push({ property: `addonProfiles.omsagent.config.${k}`, current: have, desired: v });
    }
  }
  const defender = current.securityProfile?.defender;
  const defenderOn = defender?.securityMonitoring?.enabled === true && (!!ctx.config.defender || ours.includes('defender'));
  const wantDefender = wantedDefender(ctx);
  if (defenderOn !== !!wantDefender)
    diffs.push({ property: 'securityProfile.defender.securityMonitoring.enabled', current: defenderOn, desired: !!wantDefender });
  else if (wantDefender && !sameValue(defender?.logAnalyticsWorkspaceResourceId, wantDefender.logAnalyticsWorkspaceResourceId))
    diffs.push({
      property: 'securityProfile.defender.logAnalyticsWorkspaceResourceId',
      current: defender?.logAnalyticsWorkspaceResourceId,
      desired: wantDefender.logAnalyticsWorkspaceResourceId,
    });
  return diffs;
}

/**
 * Sets the profiles on the body to PUT; an add-on that is off is sent off only when the cluster has it on
 * and this deployment turned it on (else the body keeps the cluster's profile as it is).
 */
export function applyInsightsSettings(
  ctx: Ctx,
  body: ManagedCluster,
  existing: ManagedCluster | undefined,
  ours: readonly AddonKey[],
): void {
  const wantOms = wantedOmsagent(ctx);
  const oms = omsagentOf(existing);
  const profiles = { ...(body.addonProfiles ?? {}) };
  const key = Object.keys(profiles).find((k) => k.toLowerCase() === OMSAGENT) ?? OMSAGENT;
  if (wantOms) profiles[key] = wantOms;
  else if (oms?.enabled === true && ours.includes('monitoring')) profiles[key] = { enabled: false };
  if (Object.keys(profiles).length) body.addonProfiles = profiles;

  const wantDefender = wantedDefender(ctx);
  const defenderOn = existing?.securityProfile?.defender?.securityMonitoring?.enabled === true && ours.includes('defender');
  if (wantDefender) body.securityProfile = { ...body.securityProfile, defender: wantDefender };
  else if (defenderOn) body.securityProfile = { ...body.securityProfile, defender: { securityMonitoring: { enabled: false } } };
}
