import dora2021 from './presets/dora-2021.json';
import dora2023 from './presets/dora-2023.json';
import dora2024 from './presets/dora-2024.json';

export const METRICS = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'recoveryTime', 'reworkRate'] as const;
export type MetricKey = (typeof METRICS)[number];

export const TIERS = ['low', 'medium', 'high', 'elite'] as const;
export type Tier = (typeof TIERS)[number];

/** Points a tier earns in the sprint score; also the number exposed as `dora_tier`. */
export const TIER_POINTS: Record<Tier, number> = { low: 0, medium: 1, high: 2, elite: 3 };
export const MAX_TIER_POINTS = 3;

type Bounds = { elite: number; high: number; medium: number };

/** How a metric's value maps to a tier: the first tier (Elite, High, Medium) whose bound the value meets. */
export type TierRule = { atLeastOnceEveryDays: Bounds } | { below: Bounds } | { atMost: Bounds };

export interface TierPreset {
  id: string;
  name: string;
  source: string;
  notes: string[];
  metrics: Record<MetricKey, TierRule>;
}

export const PRESETS: Record<string, TierPreset> = Object.fromEntries(
  [dora2021, dora2023, dora2024].map((p) => [p.id, p as TierPreset]),
);
export const PRESET_IDS = Object.keys(PRESETS);
export const DEFAULT_PRESET = 'dora-2023';

export function getPreset(id: string): TierPreset {
  const preset = PRESETS[id];
  if (!preset) throw new RangeError(`unknown tier preset ${JSON.stringify(id)}; known: ${PRESET_IDS.join(', ')}`);
  return preset;
}

function meets(rule: TierRule, tier: keyof Bounds, value: number): boolean {
  if ('atLeastOnceEveryDays' in rule) return value >= 1 / rule.atLeastOnceEveryDays[tier];
  if ('below' in rule) return value < rule.below[tier];
  return value <= rule.atMost[tier];
}

export function tierOf(rule: TierRule, value: number): Tier {
  if (meets(rule, 'elite', value)) return 'elite';
  if (meets(rule, 'high', value)) return 'high';
  if (meets(rule, 'medium', value)) return 'medium';
  return 'low';
}

/** The bound a value was judged against for a tier, in words a tooltip can show ("< 1 day", "≤ 10 %"). */
export interface Boundary {
  comparator: '≥' | '<' | '≤';
  value: number;
}

export function boundaryOf(rule: TierRule, tier: keyof Bounds): Boundary {
  if ('atLeastOnceEveryDays' in rule) return { comparator: '≥', value: 1 / rule.atLeastOnceEveryDays[tier] };
  if ('below' in rule) return { comparator: '<', value: rule.below[tier] };
  return { comparator: '≤', value: rule.atMost[tier] };
}
