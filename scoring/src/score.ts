import type { ContractParameters } from './contract';
import type { Measurements } from './measure';
import { type MetricKey, type Tier, MAX_TIER_POINTS, METRICS, TIER_POINTS, getPreset, tierOf } from './tiers';

/** The value each metric is judged on; null where the metric is not defined in the period. */
export function metricValues(m: Measurements): Record<MetricKey, number | null> {
  return {
    deploymentFrequency: m.deploymentFrequencyPerDay,
    leadTime: m.leadTimeMedianSeconds,
    changeFailureRate: m.changeFailureRate,
    recoveryTime: m.recoveryTimeMedianSeconds,
    reworkRate: m.reworkRate,
  };
}

export type Tiers = Partial<Record<MetricKey, Tier>>;

export function tiersOf(m: Measurements, presetId: string): Tiers {
  const preset = getPreset(presetId);
  const values = metricValues(m);
  const tiers: Tiers = {};
  for (const metric of METRICS) {
    const value = values[metric];
    if (value !== null) tiers[metric] = tierOf(preset.metrics[metric], value);
  }
  return tiers;
}

/**
 * Score 0–100 = 100 × Σ(weight × points) / (3 × Σ weight) over the metrics defined in the period.
 * Null only when no weighted metric is defined, which a valid contract rules out (deployment frequency always is).
 */
export function scoreOf(tiers: Tiers, weights: ContractParameters['weights']): number | null {
  let earned = 0;
  let possible = 0;
  for (const metric of METRICS) {
    const tier = tiers[metric];
    const weight = weights[metric];
    if (tier === undefined || weight === 0) continue;
    earned += weight * TIER_POINTS[tier];
    possible += weight * MAX_TIER_POINTS;
  }
  return possible === 0 ? null : (100 * earned) / possible;
}
