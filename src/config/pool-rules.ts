/**
 * Rules across the production options: autoscaler bounds come in pairs around the node count, user pool
 * settings need the user pool, and an add-on's settings need the add-on. Each problem names every field
 * involved, so the error can say where each value came from.
 */
import { ConfigProblem } from './problems.js';
import type { ConfigValues } from './schema.js';

type Pool = { prefix: string; on: boolean; count?: number; min?: number; max?: number; keys: [string, string, string] };

function autoscalerProblems(p: Pool): ConfigProblem[] {
  const [countKey, minKey, maxKey] = p.keys;
  if (!p.on || (p.min === undefined && p.max === undefined)) return [];
  if (p.min === undefined || p.max === undefined) {
    return [
      new ConfigProblem(
        'AutoscalerBoundsIncomplete',
        [minKey, maxKey],
        `${p.prefix}: the cluster autoscaler needs both ${minKey} and ${maxKey}.`,
        `Pass both bounds, or neither for a fixed ${countKey}.`,
      ),
    ];
  }
  if (p.min > p.max) {
    return [
      new ConfigProblem(
        'AutoscalerBoundsInverted',
        [minKey, maxKey],
        `${p.prefix}: ${minKey} ${p.min} is above ${maxKey} ${p.max}.`,
        `Make ${minKey} at most ${maxKey}.`,
      ),
    ];
  }
  if (p.count !== undefined && (p.count < p.min || p.count > p.max)) {
    return [
      new ConfigProblem(
        'NodeCountOutsideAutoscaler',
        [countKey, minKey, maxKey],
        `${p.prefix}: ${countKey} ${p.count} is outside the autoscaler range ${p.min}-${p.max}; AKS refuses a pool that starts outside it.`,
        `Pass a ${countKey} from ${p.min} to ${p.max}.`,
      ),
    ];
  }
  return [];
}

const USER_POOL_KEYS = ['userPoolVmSize', 'userPoolZones', 'userPoolMinCount', 'userPoolMaxCount'] as const;

export function poolProblems(v: ConfigValues): ConfigProblem[] {
  const out = [
    ...autoscalerProblems({
      prefix: 'system pool',
      on: true,
      count: v.nodeCount,
      min: v.nodeMinCount,
      max: v.nodeMaxCount,
      keys: ['nodeCount', 'nodeMinCount', 'nodeMaxCount'],
    }),
    ...autoscalerProblems({
      prefix: 'user pool',
      on: v.userPool === true,
      count: v.userPoolCount,
      min: v.userPoolMinCount,
      max: v.userPoolMaxCount,
      keys: ['userPoolCount', 'userPoolMinCount', 'userPoolMaxCount'],
    }),
  ];
  const stray = USER_POOL_KEYS.filter((k) => {
    const value = v[k];
    return v.userPool !== true && value !== undefined && !(Array.isArray(value) && value.length === 0);
  });
  if (stray.length) {
    out.push(
      new ConfigProblem(
        'UserPoolNotEnabled',
        [...stray, 'userPool'],
        `${stray.join(', ')} ${stray.length > 1 ? 'apply' : 'applies'} to the user pool, which is off.`,
        'Add --user-pool, or leave these out.',
      ),
    );
  }
  if (v.userPool === true && v.userPoolCount === 0 && v.userPoolMinCount === undefined) {
    out.push(
      new ConfigProblem(
        'UserPoolEmpty',
        ['userPoolCount'],
        'userPoolCount: a user pool of 0 nodes without the autoscaler never runs a workload.',
        'Pass --user-pool-count 1 or more, or autoscaler bounds.',
      ),
    );
  }
  return out;
}

export function addonProblems(v: ConfigValues): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (v.policyBaseline === true && v.azurePolicy !== true) {
    out.push(
      new ConfigProblem(
        'PolicyBaselineNeedsAddon',
        ['policyBaseline', 'azurePolicy'],
        'policyBaseline: the baseline initiative is enforced by the Azure Policy add-on, which is off.',
        'Add --azure-policy, or leave out --policy-baseline.',
      ),
    );
  }
  if (v.logAnalyticsWorkspace !== undefined && v.monitoring !== true && v.defender !== true) {
    out.push(
      new ConfigProblem(
        'WorkspaceUnused',
        ['logAnalyticsWorkspace', 'monitoring', 'defender'],
        'logAnalyticsWorkspace: only Container Insights and Defender use a workspace, and both are off.',
        'Add --monitoring or --defender, or leave out --log-analytics-workspace.',
      ),
    );
  }
  return out;
}
