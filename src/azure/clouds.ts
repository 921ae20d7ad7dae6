import type { CloudName } from '../config/regions.js';

/**
 * Where each Azure cloud answers: its Resource Manager endpoint and its Microsoft Entra sign-in authority
 * (https://learn.microsoft.com/azure/china/resources-developer-guide,
 * https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure), and the suffix of
 * their storage endpoints (`<account>.blob.<suffix>`).
 */
export const CLOUD_ENDPOINTS: Readonly<Record<CloudName, { arm: string; authority: string; storageSuffix: string }>> = {
  AzureCloud: { arm: 'https://management.azure.com', authority: 'https://login.microsoftonline.com', storageSuffix: 'core.windows.net' },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    authority: 'https://login.chinacloudapi.cn',
    storageSuffix: 'core.chinacloudapi.cn',
  },
  AzureUSGovernment: {
    arm: 'https://management.usgovcloudapi.net',
    authority: 'https://login.microsoftonline.us',
    storageSuffix: 'core.usgovcloudapi.net',
  },
};
