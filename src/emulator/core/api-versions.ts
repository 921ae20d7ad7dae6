/**
 * The api-versions each resource type accepts. ARM refuses any other version before a resource provider
 * sees the request, so a client (or a replayed Azure CLI recording) on an old or made-up version gets
 * Azure's answer instead of a silent success.
 *
 * Sources: the version folders of each type's specification in Azure/azure-rest-api-specs
 * (specification/<service>/resource-manager/<namespace>/{stable,preview}/<version>/), the versions the
 * product's SDK packages send (Network 2025-05-01, Resources 2025-04-01, Authorization 2022-04-01,
 * ManagedIdentity 2024-11-30, ContainerService 2026-04-01, Compute 2026-03-01), and the lists ARM itself
 * prints in its refusals (InvalidApiVersionParameter for Microsoft.Resources types, NoRegisteredProviderFound
 * for provider types, see https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider).
 * Newest first, as ARM lists them.
 */

/** Generates monthly-style lists compactly: each year maps to the month-day stamps published that year. */
function dated(table: Record<number, string[]>): string[] {
  return Object.entries(table)
    .sort(([a], [b]) => Number(b) - Number(a))
    .flatMap(([year, stamps]) => stamps.map((s) => `${year}-${s}`));
}

/** Microsoft.Resources (resource groups, subscriptions, providers, generic resources, tenants, locations). */
const ARM = dated({
  2026: ['06-01'],
  2025: ['04-01', '03-01'],
  2024: ['11-01', '10-01-preview', '08-01', '07-01', '06-01-preview', '03-01'],
  2023: ['07-01', '07-01-preview', '03-01-preview'],
  2022: ['12-01', '11-01-preview', '09-01', '06-01', '05-01', '03-01-preview', '01-01'],
  2021: ['04-01', '01-01'],
  2020: ['10-01', '09-01', '08-01', '07-01', '06-01', '05-01', '01-01'],
  2019: ['11-01', '10-01', '09-01', '08-01', '07-01', '06-01', '05-10', '05-01', '03-01'],
  2018: ['11-01', '09-01', '08-01', '07-01', '06-01', '05-01', '02-01', '01-01'],
  2017: ['12-01', '08-01', '06-01', '05-10', '05-01', '03-01'],
  2016: ['09-01', '07-01', '06-01', '02-01'],
  2015: ['11-01', '01-01'],
  2014: ['04-01-preview', '04-01', '02-26', '01-01'],
  2013: ['03-01'],
});

/** Microsoft.Network (specification/network/resource-manager/Microsoft.Network/stable). */
const NETWORK = dated({
  2025: ['05-01', '03-01', '01-01'],
  2024: ['10-01', '07-01', '05-01', '03-01', '01-01'],
  2023: ['11-01', '09-01', '06-01', '05-01', '04-01', '02-01'],
  2022: ['11-01', '09-01', '07-01', '05-01', '01-01'],
  2021: ['08-01', '05-01', '03-01', '02-01'],
  2020: ['11-01', '08-01', '07-01', '06-01', '05-01', '04-01', '03-01'],
  2019: ['12-01', '11-01', '09-01', '08-01', '07-01', '06-01', '04-01', '02-01'],
  2018: ['12-01', '11-01', '10-01', '08-01', '07-01', '06-01', '04-01', '02-01', '01-01'],
  2017: ['11-01', '10-01', '09-01', '08-01', '06-01', '04-01', '03-01'],
  2016: ['12-01', '11-01', '10-01', '09-01', '08-01', '07-01', '06-01', '03-30'],
  2015: ['06-15', '05-01-preview'],
  2014: ['12-01-preview'],
});

/** Microsoft.Network/privateDnsZones (specification/privatedns/resource-manager/Microsoft.Network/stable). */
const PRIVATE_DNS = ['2024-06-01', '2020-06-01', '2020-01-01', '2018-09-01'];

/** Microsoft.ContainerService/managedClusters (specification/containerservice/resource-manager/Microsoft.ContainerService/aks). */
const AKS = [
  '2026-04-01',
  ...dated({
    2025: [
      '10-02-preview',
      '10-01',
      '09-02-preview',
      '09-01',
      '08-02-preview',
      '08-01',
      '07-02-preview',
      '07-01',
      '06-02-preview',
      '05-02-preview',
      '05-01',
      '04-02-preview',
      '04-01',
      '03-02-preview',
      '03-01',
      '02-02-preview',
      '02-01',
      '01-02-preview',
      '01-01',
    ],
    2024: [
      '10-02-preview',
      '10-01',
      '09-02-preview',
      '09-01',
      '08-01',
      '07-02-preview',
      '07-01',
      '06-02-preview',
      '05-02-preview',
      '05-01',
      '04-02-preview',
      '03-02-preview',
      '02-02-preview',
      '02-01',
      '01-02-preview',
      '01-01',
    ],
    2023: [
      '11-02-preview',
      '11-01',
      '10-02-preview',
      '10-01',
      '09-02-preview',
      '09-01',
      '08-02-preview',
      '08-01',
      '07-02-preview',
      '07-01',
      '06-02-preview',
      '06-01',
      '05-02-preview',
      '05-01',
      '04-02-preview',
      '04-01',
      '03-02-preview',
      '03-01',
      '02-02-preview',
      '02-01',
      '01-02-preview',
      '01-01',
    ],
    2022: [
      '11-02-preview',
      '11-01',
      '10-02-preview',
      '09-02-preview',
      '09-01',
      '08-03-preview',
      '08-02-preview',
      '08-01',
      '07-02-preview',
      '07-01',
      '06-02-preview',
      '06-01',
      '05-02-preview',
      '04-02-preview',
      '04-01',
      '03-02-preview',
      '03-01',
      '02-02-preview',
      '02-01',
      '01-02-preview',
      '01-01',
    ],
    2021: ['11-01-preview', '10-01', '09-01', '08-01', '07-01', '05-01', '03-01', '02-01'],
    2020: ['12-01', '11-01', '09-01', '07-01', '06-01', '04-01', '03-01', '02-01', '01-01'],
    2019: ['11-01', '10-01', '08-01', '06-01', '04-01', '02-01'],
    2018: ['08-01-preview', '03-31'],
    2017: ['08-31'],
  }),
];

/** Microsoft.Compute virtual machines, scale sets, usages (specification/compute/resource-manager/Microsoft.Compute/ComputeRP). */
const COMPUTE = dated({
  2026: ['03-01'],
  2025: ['04-01'],
  2024: ['11-01', '07-01', '03-01'],
  2023: ['09-01', '07-01', '03-01'],
  2022: ['11-01', '08-01', '03-01'],
  2021: ['11-01', '07-01', '04-01', '03-01'],
  2020: ['12-01', '06-01'],
  2019: ['12-01', '07-01', '03-01'],
  2018: ['10-01', '06-01', '04-01'],
  2017: ['12-01', '03-30'],
  2016: ['04-30-preview', '03-30'],
  2015: ['06-15', '05-01-preview'],
});

/** Microsoft.Compute/disks (…/Microsoft.Compute/DiskRP). */
const DISKS = dated({
  2025: ['01-02'],
  2024: ['03-02'],
  2023: ['10-02', '04-02', '01-02'],
  2022: ['07-02', '03-02'],
  2021: ['12-01', '08-01', '04-01'],
  2020: ['12-01', '09-30', '06-30', '05-01'],
  2019: ['11-01', '07-01', '03-01'],
  2018: ['09-30', '06-01', '04-01'],
  2017: ['03-30'],
  2016: ['04-30-preview'],
});

/** Microsoft.Compute/skus (…/Microsoft.Compute/Skus). */
const COMPUTE_SKUS = ['2021-07-01', '2019-04-01', '2017-09-01', '2017-03-30'];

/** Microsoft.ManagedIdentity (specification/msi/resource-manager/Microsoft.ManagedIdentity). */
const MSI = [
  '2025-01-31-preview',
  '2024-11-30',
  '2023-07-31-preview',
  '2023-01-31',
  '2022-01-31-preview',
  '2021-09-30-preview',
  '2018-11-30',
  '2015-08-31-preview',
];

/** Microsoft.Authorization (specification/authorization/resource-manager/Microsoft.Authorization). */
const ROLE_ASSIGNMENTS = [
  '2022-04-01',
  '2022-01-01-preview',
  '2021-03-01-preview',
  '2020-10-01-preview',
  '2020-08-01-preview',
  '2020-04-01-preview',
  '2020-03-01-preview',
  '2018-09-01-preview',
  '2018-01-01-preview',
  '2017-10-01-preview',
  '2015-07-01',
];
const ROLE_DEFINITIONS = ['2022-05-01-preview', '2022-04-01', '2018-01-01-preview', '2015-07-01'];
const PERMISSIONS = ['2022-04-01', '2018-01-01-preview', '2015-07-01'];

/**
 * Azure Policy assignments and definitions (specification/resources/resource-manager/Microsoft.Authorization/policy);
 * @azure/arm-policy 6 sends 2024-05-01.
 */
const POLICY = [
  '2025-03-01',
  '2025-01-01',
  '2024-05-01',
  '2023-04-01',
  '2022-06-01',
  '2021-06-01',
  '2020-09-01',
  '2020-03-01',
  '2019-09-01',
  '2019-06-01',
  '2019-01-01',
  '2018-05-01',
  '2018-03-01',
  '2017-06-01-preview',
  '2016-12-01',
  '2016-04-01',
  '2015-10-01-preview',
];

/** Microsoft.KeyVault (specification/keyvault/resource-manager/Microsoft.KeyVault); @azure/arm-keyvault 4 sends 2025-05-01. */
const KEY_VAULT = [
  '2025-05-01',
  '2024-12-01-preview',
  '2024-11-01',
  '2024-04-01-preview',
  '2023-08-01-preview',
  '2023-07-01',
  '2023-02-01',
  '2022-11-01',
  '2022-07-01',
  '2022-02-01-preview',
  '2021-11-01-preview',
  '2021-10-01',
  '2021-06-01-preview',
  '2021-04-01-preview',
  '2020-04-01-preview',
  '2019-09-01',
  '2018-02-14',
  '2016-10-01',
  '2015-06-01',
];

/**
 * Microsoft.Storage (specification/storage/resource-manager/Microsoft.Storage/stable; @azure/arm-storage 20
 * sends 2025-08-01).
 */
const STORAGE = dated({
  2025: ['08-01', '06-01', '01-01'],
  2024: ['01-01'],
  2023: ['05-01', '04-01', '01-01'],
  2022: ['09-01', '05-01'],
  2021: ['09-01', '08-01', '06-01', '04-01', '02-01', '01-01'],
  2020: ['08-01-preview'],
  2019: ['06-01', '04-01'],
  2018: ['11-01', '07-01', '03-01-preview', '02-01'],
  2017: ['10-01', '06-01'],
  2016: ['12-01', '05-01', '01-01'],
  2015: ['06-15', '05-01-preview'],
});

/** Microsoft.Quota (specification/quota/resource-manager/Microsoft.Quota). */
const QUOTA = [
  '2025-09-01',
  '2025-03-15-preview',
  '2025-03-01',
  '2024-12-18-preview',
  '2024-10-15-preview',
  '2023-06-01-preview',
  '2023-02-01',
  '2021-03-15-preview',
];

/**
 * Microsoft.OperationalInsights/workspaces (specification/operationalinsights/resource-manager/
 * Microsoft.OperationalInsights/OperationalInsights; the SDK sends 2022-10-01).
 */
const LOG_ANALYTICS_WORKSPACES = [
  '2025-07-01',
  '2025-02-01',
  '2023-09-01',
  '2022-10-01',
  '2021-12-01-preview',
  '2021-06-01',
  '2020-10-01',
  '2020-08-01',
  '2020-03-01-preview',
  '2015-11-01-preview',
];

/**
 * Microsoft.Insights/dataCollectionRules and dataCollectionRuleAssociations (specification/monitor/
 * resource-manager/Microsoft.Insights; the SDK sends 2021-04-01, the Azure CLI 2022-06-01).
 */
const DATA_COLLECTION_RULES = ['2024-03-11', '2023-03-11', '2022-06-01', '2021-09-01-preview', '2021-04-01', '2019-11-01-preview'];

/** Microsoft.Security/pricings (specification/security/resource-manager/Microsoft.Security; the SDK sends 2022-03-01). */
const PRICINGS = ['2024-01-01', '2023-01-01', '2022-03-01', '2018-06-01', '2017-08-01-preview'];

/** The versions of Microsoft.Resources' own types (answered with InvalidApiVersionParameter). */
export const ARM_API_VERSIONS: readonly string[] = ARM;

/**
 * Provider types, keyed `namespace/topLevelType` in lower case, with a `namespace` key as the default
 * for the namespace's other types. A namespace with no key is not validated.
 */
export const PROVIDER_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.network': NETWORK,
  'microsoft.network/privatednszones': PRIVATE_DNS,
  'microsoft.containerservice': AKS,
  'microsoft.compute': COMPUTE,
  'microsoft.compute/disks': DISKS,
  'microsoft.compute/skus': COMPUTE_SKUS,
  'microsoft.managedidentity': MSI,
  'microsoft.authorization': ROLE_ASSIGNMENTS,
  'microsoft.authorization/roledefinitions': ROLE_DEFINITIONS,
  'microsoft.authorization/permissions': PERMISSIONS,
  'microsoft.quota': QUOTA,
  'microsoft.operationalinsights/workspaces': LOG_ANALYTICS_WORKSPACES,
  'microsoft.insights/datacollectionrules': DATA_COLLECTION_RULES,
  'microsoft.insights/datacollectionruleassociations': DATA_COLLECTION_RULES,
  'microsoft.security/pricings': PRICINGS,
  'microsoft.authorization/policyassignments': POLICY,
  'microsoft.authorization/policysetdefinitions': POLICY,
  'microsoft.keyvault': KEY_VAULT,
  'microsoft.storage': STORAGE,
};
