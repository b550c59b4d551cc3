import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { Layout, bargauge_, newDashboard, stat_, table_, teamVariable, text_, timeseries_ } from './lib';

const T = 'team=~"$team"';

/** Developer surveys: dimensions per squad over time, how many answered, which squads are suppressed. */
export function research(): dashboard.Dashboard {
  const d = newDashboard(
    'developer-research',
    'Developer research',
    'Survey dimensions per squad over time, response counts and squads suppressed for anonymity.',
    ['survey'],
  )
    .withVariable(teamVariable())
    .time({ from: 'now-180d', to: 'now' });
  const l = new Layout(d);

  l.add(
    text_(
      'About these numbers',
      `
Each value is the mean (0–1) of the **latest published survey round** of a squad. A squad with fewer respondents
than the survey's minimum is **suppressed**: nothing but the suppression flag is published, so no answer can be
traced to a person. Trends over time need Prometheus history across rounds.`,
    ),
    24,
    3,
  );

  l.row('Latest round');
  l.add(
    bargauge_(
      'Dimensions per squad',
      'dora_survey_score: mean 0–1 of the latest round.',
      [{ expr: `max by (team, dimension) (dora_survey_score{${T}})`, legend: '{{team}} / {{dimension}}' }],
      'percentunit',
    )
      .min(0)
      .max(1),
    12,
    12,
  );
  l.add(
    stat_(
      'Respondents',
      'Distinct respondents of the latest round (dora_survey_responses).',
      [{ expr: `max by (team) (dora_survey_responses{${T}})`, legend: '{{team}}' }],
      'short',
    ),
    6,
    6,
  );
  l.add(
    stat_(
      'eNPS',
      'Employee net promoter score, −100…100, when the survey asks it.',
      [{ expr: `max by (team) (dora_survey_enps{${T}})`, legend: '{{team}}' }],
      'none',
    ),
    6,
    6,
  );
  l.add(
    stat_(
      'Suppressed',
      'Below the minimum number of respondents: the round is not published.',
      [{ expr: `max by (team) (dora_survey_suppressed{${T}})`, legend: '{{team}}' }],
      'none',
    ).mappings([
      {
        type: dashboard.MappingType.ValueToText,
        options: {
          '0': { text: 'published', color: 'green', index: 0 },
          '1': { text: 'suppressed', color: 'orange', index: 1 },
        },
      },
    ]),
    12,
    6,
  );

  l.row('Over time');
  l.add(
    timeseries_(
      'Dimensions over time',
      'Each step is a new survey round.',
      [{ expr: `max by (team, dimension) (dora_survey_score{${T}})`, legend: '{{team}} / {{dimension}}' }],
      'percentunit',
    )
      .min(0)
      .max(1),
    16,
    10,
  );
  l.add(
    timeseries_(
      'Respondents over time',
      'dora_survey_responses.',
      [{ expr: `max by (team) (dora_survey_responses{${T}})`, legend: '{{team}}' }],
      'short',
    ),
    8,
    10,
  );
  l.add(
    table_('Capability scores from the survey', 'dora_capability_score{source="survey"}, 0–1.', [
      { expr: `max by (team, capability) (dora_capability_score{${T}, source="survey"})` },
    ]),
    24,
    8,
  );

  return d.build();
}
