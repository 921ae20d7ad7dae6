import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import type { ResolvedConfig } from '../config/types.js';
import { AzureOperationError } from '../core/errors.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { assertCallerMayDeploy } from '../azure/caller-permissions.js';
import { changeFor, findChange, noWrites } from './desired/diff.js';
import { createdByDeployment, tagsDiff, tagsForPut, userTagsOutput } from '../core/tags.js';
import { pollUntil, RETRY_POLICIES } from '../azure/retry.js';
import { waitingFor } from '../azure/waits.js';
import { policyKeyVaultProviders } from './desired/policy-keyvault-providers.js';

/** Resource providers the steps use. Microsoft.Authorization and Microsoft.Resources are always registered. */
export const REQUIRED_PROVIDERS = [
  'Microsoft.Network',
  'Microsoft.ContainerService',
  'Microsoft.Compute',
  'Microsoft.ManagedIdentity',
] as const;

/**
 * The providers this configuration uses: Container Insights writes Log Analytics workspaces
 * (Microsoft.OperationalInsights) and data collection rules (Microsoft.Insights), Defender a workspace.
 */
export function requiredProviders(config: Pick<ResolvedConfig, 'monitoring' | 'defender' | 'azurePolicy' | 'keyVault'>): string[] {
  return [
    ...REQUIRED_PROVIDERS,
    ...(config.monitoring || config.defender ? ['Microsoft.OperationalInsights'] : []),
    ...(config.monitoring ? ['Microsoft.Insights'] : []),
    ...policyKeyVaultProviders(config),
  ];
}

const RG_TYPE = 'Microsoft.Resources/resourceGroups';
const PROVIDER_TYPE = 'Microsoft.Resources/providers';
const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

async function readResourceGroup(ctx: StepContext) {
  const rm = await ctx.azure.resources();
  return azureCall(`Reading resource group ${ctx.config.resourceGroup}`, () =>
    getOrUndefined(() => rm.resourceGroups.get(ctx.config.resourceGroup)),
  );
}

async function readIdentity(ctx: StepContext) {
  const msi = await ctx.azure.msi();
  return azureCall(`Reading identity ${ctx.names.identity}`, () =>
    getOrUndefined(() => msi.userAssignedIdentities.get(ctx.config.resourceGroup, ctx.names.identity)),
  );
}

async function providerChanges(ctx: StepContext): Promise<Change[]> {
  const rm = await ctx.azure.resources();
  return Promise.all(
    requiredProviders(ctx.config).map(async (ns): Promise<Change> => {
      const p = await azureCall(`Reading resource provider ${ns}`, () => rm.providers.get(ns));
      const state = p.registrationState ?? 'NotRegistered';
      return state === 'Registered'
        ? { action: 'none', resourceType: PROVIDER_TYPE, name: ns, id: p.id }
        : {
            action: 'update',
            resourceType: PROVIDER_TYPE,
            name: ns,
            id: p.id,
            diff: [{ property: 'registrationState', current: state, desired: 'Registered' }],
          };
    }),
  );
}

async function registerProvider(ctx: StepContext, ns: string): Promise<void> {
  const rm = await ctx.azure.resources();
  ctx.progress(`resource provider ${ns}: registering`);
  await azureCall(`Registering resource provider ${ns}`, () => rm.providers.register(ns));
  const timeoutMs = RETRY_POLICIES.provisioningPoll.providerRegistrationMs;
  const registered = () =>
    pollUntil({
      read: () => azureCall(`Reading resource provider ${ns}`, () => rm.providers.get(ns)),
      done: (p) => p.registrationState === 'Registered',
      intervalMs: ctx.azure.pollIntervalMs,
      timeoutMs,
      signal: ctx.signal,
      onTimeout: (p) =>
        new AzureOperationError(
          'ProviderRegistrationTimeout',
          `Resource provider ${ns} is still ${p.registrationState ?? 'not registered'} after ${timeoutMs / 60_000} minutes.`,
          undefined,
          `Check it with \`az provider show -n ${ns}\`, then resume with \`secure-aks status --resume\`.`,
        ),
    });
  // Registration can take minutes: said while it lasts.
  await waitingFor(ctx, `resource provider ${ns} to register`, registered, { done: `resource provider ${ns}: Registered` });
}

export const step: Step = {
  number: 1,
  id: 'identity',
  title: 'Permissions, resource group and cluster identity',
  dependsOn: [],

  async check(ctx) {
    const rg = await readResourceGroup(ctx);
    // Nothing may be written by anyone who cannot finish the job: say exactly what is missing first.
    await assertCallerMayDeploy(ctx, !!rg);
    const identity = rg ? await readIdentity(ctx) : undefined;
    return [
      ...(await providerChanges(ctx)),
      changeFor(RG_TYPE, ctx.config.resourceGroup, rg, tagsDiff(ctx, rg)),
      changeFor(IDENTITY_TYPE, ctx.names.identity, identity, tagsDiff(ctx, identity)),
    ];
  },

  async apply(ctx, changes) {
    if (!noWrites(changes)) await assertCallerMayDeploy(ctx, findChange(changes, RG_TYPE, ctx.config.resourceGroup)?.action !== 'create');
    const toRegister = changes.filter((c) => c.resourceType === PROVIDER_TYPE && c.action !== 'none').map((c) => c.name);
    await Promise.all(toRegister.map((ns) => registerProvider(ctx, ns)));

    let rg = await readResourceGroup(ctx);
    // Created, or ours with tags the configuration changed (a group someone else made is never written).
    if (!rg || tagsDiff(ctx, rg).length > 0) {
      const rm = await ctx.azure.resources();
      const verb = rg ? 'Updating the tags of' : 'Creating';
      ctx.progress(`resource group ${ctx.config.resourceGroup}: ${rg ? 'updating tags' : 'creating'}`);
      const body = { location: rg?.location ?? ctx.config.location, tags: tagsForPut(ctx, rg) };
      rg = await azureCall(`${verb} resource group ${ctx.config.resourceGroup}`, () =>
        rm.resourceGroups.createOrUpdate(ctx.config.resourceGroup, body),
      );
    }
    // The network and the egress resources need only the group: they start while the identity is made.
    ctx.publish({ resourceGroupId: rg.id });

    let identity = await readIdentity(ctx);
    if (!identity || tagsDiff(ctx, identity).length > 0) {
      const msi = await ctx.azure.msi();
      const existing = identity;
      ctx.progress(`identity ${ctx.names.identity}: ${existing ? 'updating tags' : 'creating'}`);
      identity = await azureCall(`${existing ? 'Updating the tags of' : 'Creating'} identity ${ctx.names.identity}`, () =>
        msi.userAssignedIdentities.createOrUpdate(ctx.config.resourceGroup, ctx.names.identity, {
          location: existing?.location ?? ctx.config.location,
          tags: tagsForPut(ctx, existing),
        }),
      );
    }
    return { ...outputsOf(ctx, rg, identity), ...userTagsOutput(ctx) };
  },

  async verify(ctx) {
    const identity = await readIdentity(ctx);
    if (!identity?.principalId) {
      throw new AzureOperationError(
        'IdentityMissing',
        `User-assigned identity ${ctx.names.identity} is missing or has no principal id in ${ctx.config.resourceGroup}.`,
        undefined,
        'Run `secure-aks init` again to recreate it.',
      );
    }
  },
};

function outputsOf(
  ctx: StepContext,
  rg: { id?: string; tags?: Record<string, string> },
  identity: { id?: string; principalId?: string; clientId?: string },
): StepOutputs {
  return {
    resourceGroupId: rg.id,
    // A group that existed without our tags stays the user's: destroy must never delete it.
    resourceGroupCreated: createdByDeployment(rg.tags, ctx.deploymentId),
    identityId: identity.id,
    identityPrincipalId: identity.principalId,
    identityClientId: identity.clientId,
  };
}
