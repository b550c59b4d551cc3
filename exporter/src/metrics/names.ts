import type { MetricKey } from '@dora-guarantee/scoring';
import { TIER_POINTS } from '@dora-guarantee/scoring';

/** `metric` label values: the metric keys in Prometheus' snake case. */
export const METRIC_LABEL: Record<MetricKey, string> = {
  deploymentFrequency: 'deployment_frequency',
  leadTime: 'lead_time',
  changeFailureRate: 'change_failure_rate',
  recoveryTime: 'recovery_time',
  reworkRate: 'rework_rate',
};

export { TIER_POINTS };
