import type { Measurements } from '@dora-guarantee/scoring';

/** The metric families the panel reads (docs/metrics.md, "Sprint guarantee"). */
export const SPRINT_INDEX = 'dora_sprint_index';
export const SPRINT_START = 'dora_sprint_start_timestamp_seconds';
export const SPRINT_END = 'dora_sprint_end_timestamp_seconds';
export const SPRINT_EVENTS = 'dora_sprint_events';
export const GUARANTEE_INFO = 'dora_guarantee_info';
export const GUARANTEE_CREDITS = 'dora_guarantee_credits';

/**
 * Without these a sprint cannot be placed or judged: its position and ramp-up (index), whether it has ended (end),
 * whether the team sent anything (events) and the one metric every sprint is scored on (deployment frequency).
 */
export const REQUIRED_FAMILIES = [
  SPRINT_INDEX,
  SPRINT_START,
  SPRINT_END,
  SPRINT_EVENTS,
  'dora_sprint_deployment_frequency_per_day',
] as const;

type CountKey = 'deployments' | 'changes' | 'failedDeployments' | 'openFailures' | 'unplannedDeployments';
type ValueKey = Exclude<keyof Measurements, CountKey | 'events'>;

/** One measurement per family (and quantile, where the family has one). */
export interface MeasurementSource {
  family: string;
  quantile?: string;
  key: keyof Measurements;
}

/** Families whose absence means "not defined in the sprint" (null), as docs/scoring.md §3 defines them. */
export const VALUE_SOURCES: readonly (MeasurementSource & { key: ValueKey })[] = [
  { family: 'dora_sprint_deployment_frequency_per_day', key: 'deploymentFrequencyPerDay' },
  { family: 'dora_sprint_lead_time_seconds', quantile: '0.5', key: 'leadTimeMedianSeconds' },
  { family: 'dora_sprint_lead_time_seconds', quantile: '0.9', key: 'leadTimeP90Seconds' },
  { family: 'dora_sprint_change_failure_ratio', key: 'changeFailureRate' },
  { family: 'dora_sprint_failed_deployment_recovery_time_seconds', quantile: '0.5', key: 'recoveryTimeMedianSeconds' },
  { family: 'dora_sprint_rework_ratio', key: 'reworkRate' },
];

/** Counts are shown in tooltips but never scored, so a missing one is shown as 0 rather than blocking the sprint. */
export const COUNT_SOURCES: readonly (MeasurementSource & { key: CountKey })[] = [
  { family: 'dora_sprint_deployments', key: 'deployments' },
  { family: 'dora_sprint_changes', key: 'changes' },
  { family: 'dora_sprint_failed_deployments', key: 'failedDeployments' },
  { family: 'dora_sprint_open_failures', key: 'openFailures' },
  { family: 'dora_sprint_unplanned_deployments', key: 'unplannedDeployments' },
];

export const SPRINT_FAMILY_PREFIX = 'dora_sprint_';
export const GUARANTEE_FAMILY_PREFIX = 'dora_guarantee_';
