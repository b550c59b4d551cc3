import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  Layout,
  TIER_MAPPINGS,
  bargauge_,
  newDashboard,
  table_,
  teamVariable,
  text_,
  thresholds,
  timeseries_,
  windowVariable,
} from './lib';

const W = 'team=~"$team", window="$window"';

/** The four DORA keys plus rework rate per squad: tier, trend over time and squads side by side. */
export function overview(): dashboard.Dashboard {
  const d = newDashboard(
    'dora-overview',
    'DORA overview',
    'The four DORA metrics and rework rate per squad over the selected window: tier, trend and comparison.',
    ['dora'],
  )
    .withVariable(teamVariable())
    .withVariable(windowVariable());
  const l = new Layout(d);

  l.add(
    text_(
      'How to read this',
      `
Each value is computed by the exporter over the **last $window** ending at each point in time, from the events of
the squad's production deployments and incidents (docs/scoring.md). Tiers come from the squad's contract preset:
**Elite**, **High**, **Medium**, **Low**. A Low tier leads to its likely causes on the *Tech capabilities* dashboard.`,
    ),
    24,
    3,
  );

  l.row('Tiers now ($window)');
  l.add(
    table_('Tier per squad and metric', 'dora_tier: the preset tier of each metric over the window.', [
      { expr: `max by (team, metric) (dora_tier{${W}})` },
    ])
      .mappings(TIER_MAPPINGS)
      .withTransformation({
        id: 'groupingToMatrix',
        options: { columnField: 'metric', rowField: 'team', valueField: 'Value' },
      }),
    24,
    7,
  );

  l.row('Throughput');
  l.add(
    timeseries_(
      'Deployment frequency',
      'Successful production deployments per day over the window (dora_window_deployment_frequency_per_day).',
      [{ expr: `max by (team) (dora_window_deployment_frequency_per_day{${W}})`, legend: '{{team}}' }],
      'short',
    ),
    12,
    8,
  );
  l.add(
    timeseries_(
      'Lead time for changes (median and p90)',
      'Commit to first production deployment (dora_window_lead_time_seconds).',
      [
        { expr: `max by (team) (dora_window_lead_time_seconds{${W}, quantile="0.5"})`, legend: '{{team}} median' },
        { expr: `max by (team) (dora_window_lead_time_seconds{${W}, quantile="0.9"})`, legend: '{{team}} p90' },
      ],
      's',
    ),
    12,
    8,
  );

  l.row('Instability');
  l.add(
    timeseries_(
      'Change failure rate',
      'Failed production deployments ÷ production deployments (dora_window_change_failure_ratio).',
      [{ expr: `max by (team) (dora_window_change_failure_ratio{${W}})`, legend: '{{team}}' }],
      'percentunit',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Failed deployment recovery time (median)',
      'Failure start to restore, open failures measured until now (dora_window_failed_deployment_recovery_time_seconds).',
      [
        {
          expr: `max by (team) (dora_window_failed_deployment_recovery_time_seconds{${W}, quantile="0.5"})`,
          legend: '{{team}}',
        },
      ],
      's',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Deployment rework rate',
      'Unplanned deployments (rollback, hotfix, remediation) ÷ deployments (dora_window_rework_ratio).',
      [{ expr: `max by (team) (dora_window_rework_ratio{${W}})`, legend: '{{team}}' }],
      'percentunit',
    ),
    8,
    8,
  );

  l.row('Squads side by side ($window)');
  l.add(
    bargauge_(
      'Production deployments',
      'dora_window_deployments over the window.',
      [{ expr: `max by (team) (dora_window_deployments{${W}})`, legend: '{{team}}' }],
      'short',
    ),
    8,
    8,
  );
  l.add(
    bargauge_(
      'Change failure rate',
      'Lower is better; red above 15 % (the Medium bound of dora-2023).',
      [{ expr: `max by (team) (dora_window_change_failure_ratio{${W}})`, legend: '{{team}}' }],
      'percentunit',
    )
      .min(0)
      .max(1)
      .thresholds(
        thresholds([
          [null, 'green'],
          [0.1, 'orange'],
          [0.15, 'red'],
        ]),
      ),
    8,
    8,
  );
  l.add(
    bargauge_(
      'Lead time (median)',
      'Shorter is better.',
      [{ expr: `max by (team) (dora_window_lead_time_seconds{${W}, quantile="0.5"})`, legend: '{{team}}' }],
      's',
    ),
    8,
    8,
  );

  return d.build();
}
