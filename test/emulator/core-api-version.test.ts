/**
 * ARM's api-version gate: missing, unknown for a Microsoft.Resources type, unknown for a provider type,
 * and every version the product's SDK packages send (through the real clients) accepted.
 */
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator();
const rgPath = `/subscriptions/${SUB}/resourcegroups/rg-api`;
const vnetPath = `/subscriptions/${SUB}/resourceGroups/rg-api/providers/Microsoft.Network/virtualNetworks/v`;

describe('api-version validation', () => {
  it('refuses a request without api-version with 400 MissingApiVersionParameter', async () => {
    const answer = await emu.http('GET', rgPath);
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'MissingApiVersionParameter',
          message: 'The api-version query parameter (?api-version=) is required for all requests.',
        },
      },
    });
  });

  it('refuses a version a resource group does not offer with InvalidApiVersionParameter listing the supported ones', async () => {
    const answer = await emu.http('PUT', `${rgPath}?api-version=2099-01-01`, { location: 'eastus' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('InvalidApiVersionParameter');
    expect(answer.body.error.message).toMatch(
      /^The api-version '2099-01-01' is invalid\. The supported versions are '.*2025-04-01,.*2021-04-01,.*'\.$/,
    );
  });

  it('refuses a version a provider type does not offer with NoRegisteredProviderFound naming versions and locations', async () => {
    await emu.http('PUT', `${rgPath}?api-version=2025-04-01`, { location: 'westeurope' });
    const answer = await emu.http('PUT', `${vnetPath}?api-version=2017-11-02`, {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('NoRegisteredProviderFound');
    expect(answer.body.error.message).toMatch(
      /^No registered resource provider found for location 'eastus' and API version '2017-11-02' for type 'virtualNetworks'\. The supported api-versions are '2025-05-01, .*2017-11-01, .*'\. The supported locations are 'eastus, .*'\.$/,
    );
    const get = await emu.http('GET', `${vnetPath}/subnets/s?api-version=2017-11-02`);
    expect(get.body.error.message).toMatch(/for location 'westeurope' .* for type 'virtualNetworks\/subnets'/);
  });

  it('accepts older published versions (as replayed Azure CLI recordings send them)', async () => {
    for (const [path, version] of [
      [rgPath, '2021-04-01'],
      [`/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`, '2023-09-01'],
      [`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`, '2024-09-01'],
      [`/subscriptions/${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, '2023-01-31'],
      [`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`, '2024-07-01'],
      [`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions`, '2022-04-01'],
    ]) {
      const answer = await emu.http('GET', `${path}?api-version=${version}`);
      expect([path, answer.status]).not.toEqual([path, 400]);
    }
  });

  it('does not check operation status URLs', async () => {
    const answer = await emu.http(
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/operations/00000000-0000-0000-0000-000000000001`,
    );
    expect(answer.body.error.code).toBe('OperationNotFound');
  });

  it('accepts what every SDK client of the product sends', async () => {
    const clients = emu.clients();
    const rm = await clients.resources();
    await rm.resourceGroups.createOrUpdate('rg-api', { location: 'eastus' });
    await (await clients.network()).virtualNetworks.list('rg-api');
    await (await clients.msi()).userAssignedIdentities.listByResourceGroup('rg-api').next();
    await (await clients.authorization()).roleAssignments.listForScope(`/subscriptions/${SUB}/resourceGroups/rg-api`).next();
    await (await clients.containerService()).managedClusters.listByResourceGroup('rg-api').next();
    await (await clients.compute()).virtualMachines.list('rg-api').next();
    await (await clients.operationalInsights()).workspaces.listByResourceGroup('rg-api').next();
    await (await clients.monitor()).dataCollectionRules.listByResourceGroup('rg-api').next();
    await (await clients.monitor()).dataCollectionRuleAssociations.listByResource(`/subscriptions/${SUB}/resourceGroups/rg-api`).next();
    await (await clients.security()).pricings.list();
    await (
      await clients.storage()
    ).storageAccounts.checkNameAvailability({ name: 'stapiversion', type: 'Microsoft.Storage/storageAccounts' });
    const log = await emu.control.requests();
    expect(log.filter((r) => r.status === 400)).toEqual([]);
  });
});
