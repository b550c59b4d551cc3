import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  Layout,
  TIER_MAPPINGS,
  bargauge_,
  newDashboard,
  stat_,
  teamVariable,
  text_,
  timeseries_,
  windowVariable,
} from './lib';

const T = 'team=~"$team"';

/**
 * failed ÷ all per team, 0 rather than empty for a team with no failure: the exporter exports a counter only for
 * the label values that occurred, so such a team has no numerator series at all (recording.yml does the same).
 */
const ratio = (failed: string, all: string) =>
  `(sum by (team) (${failed}) or 0 * sum by (team) (${all})) / sum by (team) (${all})`;

/**
 * The DORA core model read top-down: delivery performance first, then each capability under the metric it
 * drives, so a Low tier at the top leads to the rows below that explain it.
 */
export function capabilities(): dashboard.Dashboard {
  const d = newDashboard(
    'tech-capabilities',
    'Tech capabilities',
    'DORA core model: technical capabilities → software delivery performance. Start from a Low tier at the top.',
    ['capabilities'],
  )
    .withVariable(teamVariable())
    .withVariable(windowVariable());
  const l = new Layout(d);

  l.add(
    text_(
      'DORA core model',
      `
**Capabilities → delivery performance.** The top row is the outcome (tiers over the last $window). Each row below
is a capability and names the metric it drives most:

| metric in a Low tier | look first at |
|---|---|
| lead time | continuous integration, code review and batch size |
| deployment frequency | deployment automation, continuous integration |
| change failure rate | test automation, database change management, batch size |
| recovery time | monitoring and time to detect |

"Whole history" panels come from the exporter's cumulative counters and show from the first scrape. "Per day"
panels are rates of those counters: they show what arrived while Prometheus was scraping, and stay empty until
events arrive (on the demo, whose history was stored before the first scrape, until you send some).`,
    ),
    24,
    7,
  );

  l.row('Delivery performance (outcome)');
  for (const [metric, title] of [
    ['deployment_frequency', 'Deployment frequency tier'],
    ['lead_time', 'Lead time tier'],
    ['change_failure_rate', 'Change failure rate tier'],
    ['recovery_time', 'Recovery time tier'],
  ] as const) {
    l.add(
      stat_(
        title,
        `dora_tier{metric="${metric}"} over the window.`,
        [{ expr: `max by (team) (dora_tier{${T}, window="$window", metric="${metric}"})`, legend: '{{team}}' }],
        'none',
      ).mappings(TIER_MAPPINGS),
      6,
      4,
    );
  }

  l.row('Continuous integration → lead time, deployment frequency');
  l.add(
    stat_(
      'Pipeline failure ratio (whole history)',
      'Failed, errored or timed-out runs ÷ runs that were not skipped or cancelled.',
      [
        {
          expr: ratio(
            `dora_ci_pipeline_runs_total{${T}, result=~"failure|error|timeout"}`,
            `dora_ci_pipeline_runs_total{${T}, result!~"skip|cancellation"}`,
          ),
          legend: '{{team}}',
        },
      ],
      'percentunit',
    ),
    6,
    8,
  );
  l.add(
    timeseries_(
      'Pipeline failure ratio per day',
      'team:dora_ci_pipeline_runs:failure_ratio_rate1d.',
      [{ expr: `team:dora_ci_pipeline_runs:failure_ratio_rate1d{${T}}`, legend: '{{team}}' }],
      'percentunit',
    ),
    9,
    8,
  );
  l.add(
    timeseries_(
      'Pipeline duration (median per day)',
      'A slow pipeline delays every change.',
      [{ expr: `team:dora_ci_pipeline_run_duration_seconds:p50_rate1d{${T}}`, legend: '{{team}}' }],
      's',
    ),
    9,
    8,
  );

  l.row('Test automation → change failure rate');
  l.add(
    bargauge_(
      'Test coverage',
      'Latest reported coverage per service (dora_test_coverage_ratio).',
      [{ expr: `max by (team, service) (dora_test_coverage_ratio{${T}})`, legend: '{{team}} / {{service}}' }],
      'percentunit',
    )
      .min(0)
      .max(1),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Test suite failure ratio per day',
      'Suite runs with at least one failed test ÷ suite runs.',
      [{ expr: `team:dora_test_suite_runs:failure_ratio_rate1d{${T}}`, legend: '{{team}}' }],
      'percentunit',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Tests per day by outcome',
      'dora_tests_total.',
      [{ expr: `sum by (team, outcome) (increase(dora_tests_total{${T}}[1d]))`, legend: '{{team}} {{outcome}}' }],
      'short',
    ),
    8,
    8,
  );

  l.row('Deployment automation → deployment frequency, change failure rate');
  l.add(
    timeseries_(
      'Automated production deployments',
      'dora_window_deployment_automation_ratio over the window.',
      [{ expr: `max by (team) (dora_window_deployment_automation_ratio{${T}, window="$window"})`, legend: '{{team}}' }],
      'percentunit',
    ),
    12,
    8,
  );
  l.add(
    stat_(
      'Automated deployments (whole history)',
      'dora_automated_deployments_total.',
      [{ expr: `sum by (team) (dora_automated_deployments_total{${T}})`, legend: '{{team}}' }],
      'short',
    ),
    12,
    8,
  );

  l.row('Database change management → change failure rate');
  l.add(
    stat_(
      'Migration failure ratio (whole history)',
      'Failed ÷ all database migrations.',
      [
        {
          expr: ratio(`dora_db_migration_failures_total{${T}}`, `dora_db_migrations_total{${T}}`),
          legend: '{{team}}',
        },
      ],
      'percentunit',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Migration failure ratio per day',
      'team:dora_db_migrations:failure_ratio_rate1d.',
      [{ expr: `team:dora_db_migrations:failure_ratio_rate1d{${T}}`, legend: '{{team}}' }],
      'percentunit',
    ),
    16,
    8,
  );

  l.row('Code review and batch size → lead time, change failure rate');
  l.add(
    stat_(
      'Review time, median (whole history)',
      'Opened → merged (dora_change_review_time_seconds).',
      [
        {
          expr: `histogram_quantile(0.5, sum by (team, le) (dora_change_review_time_seconds_bucket{${T}}))`,
          legend: '{{team}}',
        },
      ],
      's',
    ),
    6,
    8,
  );
  l.add(
    timeseries_(
      'Review time (median per day)',
      'team:dora_change_review_time_seconds:p50_rate1d.',
      [{ expr: `team:dora_change_review_time_seconds:p50_rate1d{${T}}`, legend: '{{team}}' }],
      's',
    ),
    9,
    8,
  );
  l.add(
    timeseries_(
      'Change size (median lines per day)',
      'Additions + deletions; small batches fail less.',
      [{ expr: `team:dora_change_size_lines:p50_rate1d{${T}}`, legend: '{{team}}' }],
      'short',
    ),
    9,
    8,
  );

  l.row('Monitoring and time to detect → recovery time');
  l.add(
    stat_(
      'Incidents detected by an alert (whole history)',
      'Incidents opened by monitoring ÷ all incidents.',
      [
        {
          expr: ratio(`dora_incidents_detected_by_alert_total{${T}}`, `dora_incidents_total{${T}}`),
          legend: '{{team}}',
        },
      ],
      'percentunit',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Time to detect (median per day)',
      'Failure start → incident opened.',
      [{ expr: `team:dora_incident_time_to_detect_seconds:p50_rate1d{${T}}`, legend: '{{team}}' }],
      's',
    ),
    8,
    8,
  );
  l.add(
    stat_(
      'Incidents open now',
      'dora_incidents_open.',
      [
        {
          // dora_incidents_open has a series only while something is open: 0 for every other squad.
          expr: `sum by (team) (dora_incidents_open{${T}}) or 0 * sum by (team) (dora_guarantee_info{${T}})`,
          legend: '{{team}}',
        },
      ],
      'short',
    ),
    8,
    8,
  );

  l.row('Capabilities as the squad sees them (survey)');
  l.add(
    bargauge_(
      'Capability scores from the developer survey',
      'dora_capability_score{source="survey"}, 0–1.',
      [
        {
          expr: `max by (team, capability) (dora_capability_score{${T}, source="survey"})`,
          legend: '{{team}} / {{capability}}',
        },
      ],
      'percentunit',
    )
      .min(0)
      .max(1),
    24,
    10,
  );

  return d.build();
}
