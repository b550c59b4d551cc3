import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  DS,
  Layout,
  SCORE_THRESHOLDS,
  SPRINT_PANEL_TYPE,
  newDashboard,
  stat_,
  table_,
  targets,
  teamVariable,
  thresholds,
  timeseries_,
} from './lib';

const T = 'team=~"$team"';

/** The contract view: the custom panel for every squad, credits owed, streaks and score history. */
export function guarantee(): dashboard.Dashboard {
  const d = newDashboard(
    'sprint-guarantee',
    'Sprint guarantee',
    'Sprint scores, statuses and credits owed per squad under the contract (docs/scoring.md).',
    ['guarantee'],
  ).withVariable(teamVariable());
  const l = new Layout(d);

  // The panel reads every dora_sprint_* and dora_guarantee_* series of the selected squads and applies the
  // contract itself (grafana-plugin); its options stay at their defaults, i.e. the contract each team publishes.
  l.add(
    new dashboard.PanelBuilder()
      .type(SPRINT_PANEL_TYPE)
      .title('Sprints and credits per squad')
      .description('One row per squad: each sprint coloured by status, credited runs, the run at risk.')
      .datasource(DS)
      .targets(targets([{ expr: `{__name__=~"dora_sprint_.+|dora_guarantee_.+", ${T}}`, instant: true }]))
      .options({}),
    24,
    12,
  );

  l.row('Credits');
  l.add(
    stat_(
      'Credits owed',
      'dora_guarantee_credits: over the whole contract; a late event can lower it.',
      [{ expr: `team:dora_guarantee_credits:max{${T}}`, legend: '{{team}}' }],
      'none',
    ).thresholds(
      thresholds([
        [null, 'green'],
        [1, 'red'],
      ]),
    ),
    6,
    5,
  );
  l.add(
    stat_(
      'Low streak',
      'Consecutive low ended sprints up to the latest (dora_guarantee_low_streak).',
      [{ expr: `max by (team) (dora_guarantee_low_streak{${T}})`, legend: '{{team}}' }],
      'none',
    ).thresholds(
      thresholds([
        [null, 'green'],
        [1, 'orange'],
        [2, 'red'],
      ]),
    ),
    6,
    5,
  );
  l.add(
    stat_(
      'At risk',
      'One more low ended sprint grants credits (dora_guarantee_at_risk).',
      [{ expr: `max by (team) (dora_guarantee_at_risk{${T}})`, legend: '{{team}}' }],
      'none',
    )
      .mappings([
        {
          type: dashboard.MappingType.ValueToText,
          options: {
            '0': { text: 'safe', color: 'green', index: 0 },
            '1': { text: 'AT RISK', color: 'red', index: 1 },
          },
        },
      ])
      .colorMode(common.BigValueColorMode.Background),
    6,
    5,
  );
  l.add(
    stat_(
      'Credits if the next sprint is low',
      'dora_guarantee_credits_if_next_low.',
      [{ expr: `max by (team) (dora_guarantee_credits_if_next_low{${T}})`, legend: '{{team}}' }],
      'none',
    ).thresholds(
      thresholds([
        [null, 'green'],
        [1, 'orange'],
      ]),
    ),
    6,
    5,
  );

  l.row('Scores');
  l.add(
    stat_(
      'Sprint in progress (provisional)',
      'The score the current sprint would get if it ended now.',
      [{ expr: `team_sprint:dora_sprint_score_in_progress:max{${T}}`, legend: '{{team}} {{sprint}}' }],
      'none',
    )
      .decimals(1)
      .min(0)
      .max(100)
      .thresholds(SCORE_THRESHOLDS),
    12,
    5,
  );
  l.add(
    stat_(
      'Last ended sprint',
      'Empty for a squad whose last sprint had no data.',
      [{ expr: `team_sprint:dora_sprint_score_last_ended:max{${T}}`, legend: '{{team}} {{sprint}}' }],
      'none',
    )
      .decimals(1)
      .min(0)
      .max(100)
      .thresholds(SCORE_THRESHOLDS),
    12,
    5,
  );
  l.add(
    timeseries_(
      'Credits owed over time',
      'As Prometheus recorded it: a drop is a late event that corrected an ended sprint.',
      [{ expr: `team:dora_guarantee_credits:max{${T}}`, legend: '{{team}}' }],
      'none',
    ),
    12,
    8,
  );
  l.add(
    timeseries_(
      'Score of the sprint in progress over time',
      'How the provisional score moved during each sprint; the dashed line is the default low threshold (50).',
      [{ expr: `team_sprint:dora_sprint_score_in_progress:max{${T}}`, legend: '{{team}} {{sprint}}' }],
      'none',
    )
      .min(0)
      .max(100)
      .thresholds(
        thresholds([
          [null, 'red'],
          [50, 'transparent'],
        ]),
      )
      .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed)),
    12,
    8,
  );
  l.add(
    table_('Sprint history', 'Every exposed sprint: score and status, newest last.', [
      { expr: `max by (team, sprint) (dora_sprint_score{${T}})` },
      { expr: `max by (team, sprint, status) (dora_sprint_status{${T}}) == 1` },
      { expr: `max by (team, sprint) (dora_sprint_credited{${T}})` },
    ]).withTransformation({ id: 'merge', options: {} }),
    24,
    10,
  );

  return d.build();
}
