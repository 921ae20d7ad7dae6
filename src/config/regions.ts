/** The Azure clouds this tool deploys to (their endpoints: src/azure/clouds.ts). */
export const CLOUDS = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'] as const;
export type CloudName = (typeof CLOUDS)[number];

/**
 * Region names per cloud, as ARM spells them (lowercase, no spaces). Shipped rather than fetched so that
 * a typo is caught before any Azure call; a region added later by Microsoft needs one line here.
 */
export const REGIONS: Readonly<Record<CloudName, readonly string[]>> = {
  AzureCloud: [
    'australiacentral',
    'australiacentral2',
    'australiaeast',
    'australiasoutheast',
    'austriaeast',
    'belgiumcentral',
    'brazilsouth',
    'brazilsoutheast',
    'canadacentral',
    'canadaeast',
    'centralindia',
    'centralus',
    'chilecentral',
    'eastasia',
    'eastus',
    'eastus2',
    'francecentral',
    'francesouth',
    'germanynorth',
    'germanywestcentral',
    'indonesiacentral',
    'israelcentral',
    'italynorth',
    'japaneast',
    'japanwest',
    'jioindiacentral',
    'jioindiawest',
    'koreacentral',
    'koreasouth',
    'malaysiawest',
    'mexicocentral',
    'newzealandnorth',
    'northcentralus',
    'northeurope',
    'norwayeast',
    'norwaywest',
    'polandcentral',
    'qatarcentral',
    'southafricanorth',
    'southafricawest',
    'southcentralus',
    'southeastasia',
    'southindia',
    'spaincentral',
    'swedencentral',
    'switzerlandnorth',
    'switzerlandwest',
    'uaecentral',
    'uaenorth',
    'uksouth',
    'ukwest',
    'westcentralus',
    'westeurope',
    'westindia',
    'westus',
    'westus2',
    'westus3',
  ],
  AzureChinaCloud: ['chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3'],
  AzureUSGovernment: ['usdodcentral', 'usdodeast', 'usgovarizona', 'usgovtexas', 'usgovvirginia'],
};

/** "East US" and "eastus" name the same region; ARM wants the latter. */
export function normalizeLocation(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Candidates closest to `word`, best first: within an edit distance that grows with the word's length,
 * plus candidates sharing a 4-letter stem ("westeu" -> westeurope), at most `limit`.
 */
export function closeMatches(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  const threshold = Math.max(2, Math.floor(w.length / 3));
  return (
    candidates
      .map((c) => ({ c, d: editDistance(w, c.toLowerCase()) }))
      .filter(({ c, d }) => d <= threshold || (w.length >= 4 && c.toLowerCase().startsWith(w.slice(0, Math.max(4, w.length - 2)))))
      // A candidate that begins with the whole word is the likeliest meaning of an abbreviation.
      .sort(
        (x, y) => Number(y.c.toLowerCase().startsWith(w)) - Number(x.c.toLowerCase().startsWith(w)) || x.d - y.d || x.c.localeCompare(y.c),
      )
      .slice(0, limit)
      .map(({ c }) => c)
  );
}
