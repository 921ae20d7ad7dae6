/**
 * Preflight for Container Insights and Defender: a configured Log Analytics workspace must exist (it is
 * only read, never made), and a Defender plan that is off for the subscription is said, with the command
 * that turns it on. The plan (Microsoft.Security/pricings/Containers) is subscription-wide and billed per
 * vCore: not ours to change. With it Free, the cluster's Defender profile deploys the sensor but Defender
 * for Cloud raises no runtime alerts for it
 * (https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable).
 */
import type { AzureClients } from '../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import { azureErrorCode, getOrUndefined, translateAzureError } from '../azure/errors.js';
import { createdByDeployment } from '../core/tags.js';
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

/**
 * A data collection rule of the name step 5 uses that this deployment did not create: step 5 would rewrite
 * its destinations and repoint the cluster's association to it, and turning monitoring off would leave it.
 * Refused before any write, as a vault or policy assignment of our name is.
 */
export async function dataCollectionRuleProblems(
  azure: AzureClients,
  config: Pick<ResolvedConfig, 'monitoring' | 'resourceGroup'>,
  names: Pick<ResourceNames, 'dataCollectionRule' | 'cluster'>,
  deploymentId: string,
): Promise<PreflightProblem[]> {
  if (!config.monitoring) return [];
  const monitor = await azure.monitor();
  const rule = await getOrUndefined(() => monitor.dataCollectionRules.get(config.resourceGroup, names.dataCollectionRule)).catch(
    (error: unknown) => {
      // A subscription that never registered Microsoft.Insights holds no rule.
      if (azureErrorCode(error) === 'MissingSubscriptionRegistration') return undefined;
      throw error;
    },
  );
  if (!rule || createdByDeployment(rule.tags, deploymentId)) return [];
  return [
    {
      code: 'DataCollectionRuleNotOurs',
      fields: ['monitoring', 'name', 'resourceGroup'],
      kind: 'usage',
      message: `Data collection rule ${names.dataCollectionRule} already exists in resource group ${config.resourceGroup} and was not created by this deployment; Container Insights would rewrite it and point cluster ${names.cluster} at it.`,
      remediation:
        'Delete or rename that rule if it is not needed, deploy under another cluster name or resource group (the rule name derives from the cluster name), or leave out --monitoring.',
    },
  ];
}
