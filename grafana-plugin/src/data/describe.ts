import {
  type ContractParameters,
  type MetricKey,
  METRICS,
  type SprintResult,
  type Tier,
  boundaryOf,
  getPreset,
  metricValues,
} from '@dora-guarantee/scoring';

export const METRIC_LABELS: Record<MetricKey, string> = {
  deploymentFrequency: 'Deployment frequency',
  leadTime: 'Lead time (median)',
  changeFailureRate: 'Change failure rate',
  recoveryTime: 'Recovery time (median)',
  reworkRate: 'Rework rate',
};

export const TIER_LABELS: Record<Tier, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${trim(seconds, 0)} s`;
  if (seconds < 3600) return `${trim(seconds / 60, 1)} min`;
  if (seconds < 86400) return `${trim(seconds / 3600, 1)} h`;
  return `${trim(seconds / 86400, 1)} d`;
}

/** Deployments per day; below one a day, as "1 per N days", the way the presets state the bounds. */
export function formatFrequency(perDay: number): string {
  if (perDay === 0) return '0 per day';
  if (perDay >= 1) return `${trim(perDay, 2)} per day`;
  return `1 per ${trim(1 / perDay, 1)} days`;
}

export function formatRatio(ratio: number): string {
  return `${trim(ratio * 100, 1)} %`;
}

export function formatMetric(metric: MetricKey, value: number): string {
  if (metric === 'deploymentFrequency') return formatFrequency(value);
  if (metric === 'leadTime' || metric === 'recoveryTime') return formatDuration(value);
  return formatRatio(value);
}

export interface MeasurementDetail {
  metric: MetricKey;
  label: string;
  /** Null when the metric is not defined in the sprint. */
  value: number | null;
  text: string;
  tier?: Tier;
  /** The bound the value met for its tier or, for Low, the Medium bound it missed. */
  boundary?: string;
  weight: number;
}

/** Each metric of a sprint with its value, tier and the bound it was judged against, for the tooltip. */
export function describeSprint(sprint: SprintResult, contract: ContractParameters): MeasurementDetail[] {
  const preset = getPreset(contract.preset);
  const values = metricValues(sprint.measurements);
  return METRICS.map((metric) => {
    const value = values[metric];
    const tier = sprint.tiers[metric];
    const detail: MeasurementDetail = {
      metric,
      label: METRIC_LABELS[metric],
      value,
      text: value === null ? 'not defined' : formatMetric(metric, value),
      weight: contract.weights[metric],
    };
    if (tier !== undefined) {
      const judgedAgainst = tier === 'low' ? 'medium' : tier;
      const bound = boundaryOf(preset.metrics[metric], judgedAgainst);
      const words = `${bound.comparator} ${formatMetric(metric, bound.value)}`;
      detail.tier = tier;
      detail.boundary = tier === 'low' ? `misses Medium ${words}` : words;
    }
    return detail;
  });
}
