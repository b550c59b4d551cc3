/**
 * The `dora_sprint_*` and `dora_guarantee_*` series the exporter publishes for a team (docs/metrics.md), built from
 * a golden vector's expected per-sprint measurements and results: what Prometheus would hand Grafana.
 */
import type { Measurements, MetricKey } from '@dora-guarantee/scoring';
import type { GoldenVector } from '@dora-guarantee/scoring/test/golden';

export interface PromSeries {
  metric: string;
  labels: Record<string, string>;
  value: number;
}

const WEIGHT_LABEL: Record<MetricKey, string> = {
  deploymentFrequency: 'weight_deployment_frequency',
  leadTime: 'weight_lead_time',
  changeFailureRate: 'weight_change_failure_rate',
  recoveryTime: 'weight_recovery_time',
  reworkRate: 'weight_rework_rate',
};

const TIER_VALUE = { low: 0, medium: 1, high: 2, elite: 3 } as const;
const TIER_METRIC_LABEL: Record<MetricKey, string> = {
  deploymentFrequency: 'deployment_frequency',
  leadTime: 'lead_time',
  changeFailureRate: 'change_failure_rate',
  recoveryTime: 'recovery_time',
  reworkRate: 'rework_rate',
};

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** Families that are absent (not 0) when the metric is not defined, each with its quantile label if any. */
const OPTIONAL: [keyof Measurements, string, string?][] = [
  ['leadTimeMedianSeconds', 'dora_sprint_lead_time_seconds', '0.5'],
  ['leadTimeP90Seconds', 'dora_sprint_lead_time_seconds', '0.9'],
  ['changeFailureRate', 'dora_sprint_change_failure_ratio'],
  ['recoveryTimeMedianSeconds', 'dora_sprint_failed_deployment_recovery_time_seconds', '0.5'],
  ['reworkRate', 'dora_sprint_rework_ratio'],
];

const ALWAYS: [keyof Measurements, string][] = [
  ['events', 'dora_sprint_events'],
  ['deployments', 'dora_sprint_deployments'],
  ['deploymentFrequencyPerDay', 'dora_sprint_deployment_frequency_per_day'],
  ['changes', 'dora_sprint_changes'],
  ['failedDeployments', 'dora_sprint_failed_deployments'],
  ['openFailures', 'dora_sprint_open_failures'],
  ['unplannedDeployments', 'dora_sprint_unplanned_deployments'],
];

export interface ExpositionOptions {
  /** Shift every timestamp (and so every sprint name) by this many ms, to line several vectors up on one date. */
  shiftMs?: number;
  /** Also publish the exporter's own results (score, status, tiers, credited…), which the panel must not need. */
  withResults?: boolean;
}

export function seriesForVector(vector: GoldenVector, team: string, opts: ExpositionOptions = {}): PromSeries[] {
  const shift = opts.shiftMs ?? 0;
  const out: PromSeries[] = [];
  const { contract, calendar, expected } = vector;
  const shiftedDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + shift).toISOString().slice(0, 10);
  const info: Record<string, string> = {
    team,
    preset: contract.preset,
    ramp_up_sprints: String(contract.rampUpSprints),
    low_score_below: String(contract.lowScoreBelow),
    consecutive_low_for_credit: String(contract.consecutiveLowForCredit),
    sprint_length_days: String(calendar.sprintLengthDays),
    first_sprint_start: shiftedDate(calendar.firstSprintStart),
    time_zone: calendar.timeZone ?? 'UTC',
  };
  for (const [metric, label] of Object.entries(WEIGHT_LABEL)) {
    info[label] = String(contract.weights[metric as MetricKey]);
  }
  out.push({ metric: 'dora_guarantee_info', labels: info, value: 1 });
  out.push({ metric: 'dora_guarantee_credits', labels: { team }, value: expected.credits });

  for (const s of expected.sprints) {
    const sprint = shift ? new Date(Date.parse(s.start) + shift).toISOString().slice(0, 10) : s.name;
    const labels = { team, sprint };
    const m = s.measurements;
    out.push({ metric: 'dora_sprint_index', labels, value: s.index });
    out.push({ metric: 'dora_sprint_start_timestamp_seconds', labels, value: seconds(s.start) + shift / 1000 });
    out.push({ metric: 'dora_sprint_end_timestamp_seconds', labels, value: seconds(s.end) + shift / 1000 });
    for (const [key, metric] of ALWAYS) out.push({ metric, labels, value: m[key] as number });
    for (const [key, metric, quantile] of OPTIONAL) {
      const value = m[key];
      if (value === null) continue;
      out.push({ metric, labels: quantile ? { ...labels, quantile } : labels, value });
    }
    if (opts.withResults) {
      if (s.score !== null) out.push({ metric: 'dora_sprint_score', labels, value: s.score });
      out.push({ metric: 'dora_sprint_status', labels: { ...labels, status: s.status }, value: 1 });
      out.push({ metric: 'dora_sprint_low', labels, value: s.status === 'low' ? 1 : 0 });
      out.push({ metric: 'dora_sprint_credited', labels, value: s.credited ? 1 : 0 });
      out.push({ metric: 'dora_sprint_at_risk', labels, value: s.atRisk ? 1 : 0 });
      for (const [metric, tier] of Object.entries(s.tiers)) {
        out.push({
          metric: 'dora_sprint_tier',
          labels: { ...labels, metric: TIER_METRIC_LABEL[metric as MetricKey] },
          value: TIER_VALUE[tier],
        });
      }
    }
  }
  return out;
}
