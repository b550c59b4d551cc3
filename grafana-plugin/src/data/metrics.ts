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

/** The families a sprint is built from; the exporter's own results (score, status, tiers…) are not needed. */
export const SPRINT_FAMILIES = [
  SPRINT_INDEX,
  SPRINT_START,
  SPRINT_END,
  SPRINT_EVENTS,
  'dora_sprint_deployments',
  'dora_sprint_deployment_frequency_per_day',
  'dora_sprint_changes',
  'dora_sprint_lead_time_seconds',
  'dora_sprint_failed_deployments',
  'dora_sprint_change_failure_ratio',
  'dora_sprint_open_failures',
  'dora_sprint_failed_deployment_recovery_time_seconds',
  'dora_sprint_unplanned_deployments',
  'dora_sprint_rework_ratio',
] as const;

/** How a sprint's values are keyed: the family, and `family|quantile` for the families that carry a quantile. */
export function sourceKey(family: string, quantile?: string): string {
  return quantile === undefined ? family : `${family}|${quantile}`;
}

export const SPRINT_FAMILY_PREFIX = 'dora_sprint_';
export const GUARANTEE_FAMILY_PREFIX = 'dora_guarantee_';
