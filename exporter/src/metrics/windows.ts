import { type MetricKey, type Tier, TIER_POINTS } from '@dora-guarantee/scoring';
import { WINDOWS, type TeamView, type WindowName, type WindowView } from '../aggregate/evaluator';
import type { Sample } from './family';
import { METRIC_LABEL } from './names';
import { recoveryValues, summarySamples } from './summary';

type Register = (name: string, type: 'gauge' | 'summary', help: string, samples: () => Sample[]) => void;

/** dora_window_*: the DORA metrics over the last 7, 30 and 90 days, with their tiers. */
export function registerWindowFamilies(register: Register, views: () => TeamView[]) {
  const each = (value: (w: WindowView) => Sample[] | number | null, extra?: (w: WindowView) => Sample[]) => () =>
    views().flatMap((view) =>
      (Object.keys(WINDOWS) as WindowName[]).flatMap((window) => {
        const w = view.windows[window];
        const labels = { team: view.team.name, window };
        const v = value(w);
        if (Array.isArray(v)) return v.map((s) => ({ ...s, labels: { ...labels, ...s.labels } }));
        const base = v === null ? [] : [{ labels, value: v }];
        return extra ? [...base, ...extra(w)] : base;
      }),
    );

  register(
    'dora_window_deployments',
    'gauge',
    'Successful production deployments in the window.',
    each((w) => w.measurements.deployments),
  );
  register(
    'dora_window_deployment_frequency_per_day',
    'gauge',
    'Production deployments per day over the window.',
    each((w) => w.measurements.deploymentFrequencyPerDay),
  );
  register(
    'dora_window_lead_time_seconds',
    'summary',
    'Lead time for changes deployed in the window: median and p90, and the sum and count of changes.',
    each((w) =>
      summarySamples(
        {},
        [
          ['0.5', w.measurements.leadTimeMedianSeconds],
          ['0.9', w.measurements.leadTimeP90Seconds],
        ],
        w.facts.leadTimes,
      ),
    ),
  );
  register(
    'dora_window_change_failure_ratio',
    'gauge',
    'Failed deployments divided by deployments in the window.',
    each((w) => w.measurements.changeFailureRate),
  );
  register(
    'dora_window_failed_deployment_recovery_time_seconds',
    'summary',
    'Recovery time of failed deployments in the window (open ones count until now): median, sum and count.',
    () =>
      views().flatMap((view) =>
        (Object.keys(WINDOWS) as WindowName[]).flatMap((window) => {
          const w = view.windows[window];
          return summarySamples(
            { team: view.team.name, window },
            [['0.5', w.measurements.recoveryTimeMedianSeconds]],
            recoveryValues(w.facts, view.asOf),
          );
        }),
      ),
  );
  register(
    'dora_window_rework_ratio',
    'gauge',
    'Unplanned deployments divided by deployments in the window.',
    each((w) => w.measurements.reworkRate),
  );
  register(
    'dora_window_deployment_automation_ratio',
    'gauge',
    'Automated production deployments divided by all production deployments in the window.',
    each((w) => w.automationRatio),
  );
  register(
    'dora_tier',
    'gauge',
    'Tier of each defined metric over the window: 0 Low, 1 Medium, 2 High, 3 Elite.',
    each((w) =>
      (Object.entries(w.tiers) as [MetricKey, Tier][]).map(([metric, tier]) => ({
        labels: { metric: METRIC_LABEL[metric] },
        value: TIER_POINTS[tier],
      })),
    ),
  );
}
