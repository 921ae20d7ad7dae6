/**
 * How long Azure takes, in Azure seconds (the speed factor scales them to real time). The typical profile
 * is what a run usually sees; the pessimistic one uses the documented upper bounds, drawn with seeded
 * jitter (85-100% of the bound) so a soak run is reproducible from its seed.
 */
export const TIMING_PROFILES = ['typical', 'pessimistic'] as const;
export type TimingProfile = (typeof TIMING_PROFILES)[number];

/** [typical, pessimistic upper bound] in Azure seconds. */
export const DURATIONS = {
  /** Azure RBAC: "up to 10 minutes" for a new assignment to take effect (learn.microsoft.com/azure/role-based-access-control/troubleshooting). */
  'rbac-propagation': [60, 600],
  /** Azure Firewall create/update; deployments report up to ~25 minutes in bad regions. */
  'firewall-write': [360, 1500],
  'firewall-delete': [180, 600],
  /** Firewall configuration updates take 3-5 minutes (learn.microsoft.com/azure/firewall/firewall-known-issues). */
  'rule-collection-group-write': [90, 300],
  'bastion-write': [420, 900],
  /** AKS operations time out after 30 minutes at worst. */
  'aks-create': [540, 1800],
  'aks-update': [300, 1800],
  'aks-delete': [300, 1800],
} as const satisfies Record<string, readonly [number, number]>;

export type DurationKey = keyof typeof DURATIONS;

export function parseTimingProfile(value: string | undefined, from: string): TimingProfile | undefined {
  if (value === undefined || value === '') return undefined;
  if ((TIMING_PROFILES as readonly string[]).includes(value)) return value as TimingProfile;
  throw new Error(`${from} must be ${TIMING_PROFILES.join(' or ')}; got '${value}'.`);
}

/** mulberry32: small, fast and good enough to spread durations reproducibly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Timing {
  private readonly random: () => number;

  constructor(
    readonly profile: TimingProfile = 'typical',
    readonly seed = 1,
  ) {
    this.random = seeded(seed);
  }

  /** Azure seconds for one operation of this kind (each call draws anew under the pessimistic profile). */
  seconds(key: DurationKey): number {
    const [typical, worst] = DURATIONS[key];
    if (this.profile === 'typical') return typical;
    return Math.round(worst * (0.85 + 0.15 * this.random()));
  }
}
