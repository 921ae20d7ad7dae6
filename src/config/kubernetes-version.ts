/**
 * Kubernetes versions as AKS lists them (one entry per minor, each with its patches). One place decides
 * "newest" for preflight, the pickers and step 5, so the version preflight approves is the one created.
 */

export interface KubernetesVersionInfo {
  /** Newest patch of the minor version, e.g. 1.33.3. */
  version: string;
  minor: string;
  patches: string[];
  isPreview: boolean;
  isDefault: boolean;
  /** `capabilities.supportPlan`: AKSLongTermSupport only on the versions that offer it; absent when not listed. */
  supportPlans?: string[];
}

/** What managedClusters.listKubernetesVersions answers (only the fields read here). */
export interface KubernetesVersionListing {
  values?: Array<{
    version?: string;
    isPreview?: boolean;
    isDefault?: boolean;
    patchVersions?: Record<string, unknown>;
    capabilities?: { supportPlan?: string[] };
  }>;
}

/** Numeric, part by part: 1.33.10 is newer than 1.33.9. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The region's minor versions, newest first, each with its patches newest first. */
export function versionsByMinor(listing: KubernetesVersionListing): KubernetesVersionInfo[] {
  return (listing.values ?? [])
    .filter((v) => v.version)
    .map((v) => {
      const patches = Object.keys(v.patchVersions ?? {})
        .sort(compareVersions)
        .reverse();
      const plans = v.capabilities?.supportPlan;
      return {
        minor: v.version!,
        version: patches[0] ?? v.version!,
        patches,
        isPreview: !!v.isPreview,
        isDefault: !!v.isDefault,
        ...(plans ? { supportPlans: [...plans] } : {}),
      };
    })
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** The newest version that is not a preview: what AKS would pick for a production cluster. */
export function newestStable(versions: readonly KubernetesVersionInfo[]): KubernetesVersionInfo | undefined {
  return versions.find((v) => !v.isPreview);
}

/** The newest non-preview patch of a listing (what an unpinned cluster is created with). */
export function newestStablePatch(listing: KubernetesVersionListing): string | undefined {
  return newestStable(versionsByMinor(listing))?.version;
}
