/**
 * Preflight for Container Insights and Defender: a configured Log Analytics workspace must exist (it is
 * only read, never made), and a Defender plan that is off for the subscription is said, with the command
 * that turns it on. The plan (Microsoft.Security/pricings/Containers) is subscription-wide and billed per
 * vCore: not ours to change. With it Free, the cluster's Defender profile deploys the sensor but Defender
 * for Cloud raises no runtime alerts for it
 * (https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable).
 */
import type { AzureClients } from '../azure/types.js';
import type { ResolvedConfig } from '../config/types.js';
import { translateAzureError } from '../azure/errors.js';
import { readWorkspace } from '../steps/desired/addon-monitoring.js';
import type { PreflightNote, PreflightProblem } from './problems.js';

export const DEFENDER_PLAN = 'Containers';

export interface InsightsFindings {
  problems: PreflightProblem[];
  notes: PreflightNote[];
}

export async function insightsFindings(azure: AzureClients, config: ResolvedConfig): Promise<InsightsFindings> {
  const problems: PreflightProblem[] = [];
  const notes: PreflightNote[] = [];
  const given = config.logAnalyticsWorkspace;
  if (given && (config.monitoring || config.defender)) {
    const workspace = await readWorkspace({ azure }, given);
    if (!workspace) {
      problems.push({
        code: 'LogAnalyticsWorkspaceNotFound',
        fields: ['logAnalyticsWorkspace'],
        kind: 'usage',
        message: `logAnalyticsWorkspace: Log Analytics workspace ${given} does not exist.`,
        remediation:
          'Give the resource id of an existing workspace (`az monitor log-analytics workspace show -g <group> -n <name> --query id`), or leave logAnalyticsWorkspace out to let secure-aks create one.',
      });
    }
  }
  if (config.defender) {
    // Only advice: a plan that cannot be read (Defender for Cloud not registered, no Security Reader) is said, not fatal.
    const plan = await azure
      .security()
      .then((security) => security.pricings.get(DEFENDER_PLAN))
      .catch((err: unknown) => {
        const e = translateAzureError(err);
        if (e.code === 'Interrupted') throw e;
        notes.push({
          code: 'PreflightCheckSkipped',
          message: `could not read the Defender plan ${DEFENDER_PLAN}: ${e.code}: ${e.message}`,
        });
        return undefined;
      });
    if (plan && plan.pricingTier !== 'Standard') {
      notes.push({
        code: 'DefenderPlanOff',
        message: `Microsoft Defender for Containers is ${plan.pricingTier ?? 'Free'} for subscription ${config.subscriptionId}: the cluster gets the Defender sensor, but no threat detection runs until the plan is on. It is a subscription-wide plan billed per vCore; secure-aks does not change it. To turn it on: \`az security pricing create -n ${DEFENDER_PLAN} --tier standard\`.`,
      });
    }
  }
  return { problems, notes };
}
