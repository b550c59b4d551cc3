import type { Config } from '../config/load';
import type { SurveyPeriod, SurveyResults } from '../surveys/results';
import type { Sample } from './family';

type Register = (name: string, type: 'gauge', help: string, samples: () => Sample[]) => void;

/**
 * dora_survey_* and the survey-sourced dora_capability_score, for the metrics survey (surveys.metricsSurvey) and
 * each team's latest ended sprint with responses. Teams without any response have no series. A suppressed
 * period shows only dora_survey_suppressed = 1: no count, no score, no eNPS.
 */
export function registerSurveyFamilies(register: Register, config: Config, results: SurveyResults, now: () => number) {
  const latest = (): { team: string; period: SurveyPeriod }[] => {
    const survey = config.surveys.metricsSurvey;
    if (survey === undefined) return [];
    const t = now();
    return config.teams.flatMap((team) => {
      const period = results.latestEnded(survey, team.name, t);
      return period ? [{ team: team.name, period }] : [];
    });
  };
  const published = (f: (team: string, p: Extract<SurveyPeriod['result'], { status: 'published' }>) => Sample[]) =>
    latest().flatMap(({ team, period }) => (period.result.status === 'published' ? f(team, period.result) : []));

  register(
    'dora_survey_suppressed',
    'gauge',
    "1 when the team's latest surveyed sprint had fewer distinct respondents than surveys.minRespondents; then nothing else of it is published.",
    () =>
      latest().map(({ team, period }) => ({ labels: { team }, value: Number(period.result.status === 'suppressed') })),
  );
  register(
    'dora_survey_responses',
    'gauge',
    "Distinct respondents in the team's latest surveyed sprint (absent when suppressed).",
    () => published((team, r) => [{ labels: { team }, value: r.respondents }]),
  );
  register(
    'dora_survey_score',
    'gauge',
    "Mean survey score 0-1 per dimension in the team's latest surveyed sprint: (answer-1)/4, reversed items flipped.",
    () =>
      published((team, r) =>
        Object.entries(r.dimensions).map(([dimension, value]) => ({ labels: { team, dimension }, value })),
      ),
  );
  register(
    'dora_capability_score',
    'gauge',
    'Capability score 0-1 by source; source="survey" is the mean agreement with its survey items in the latest surveyed sprint.',
    () =>
      published((team, r) =>
        Object.entries(r.capabilities).map(([capability, value]) => ({
          labels: { team, capability, source: 'survey' },
          value,
        })),
      ),
  );
  register(
    'dora_survey_enps',
    'gauge',
    "Employee Net Promoter Score (-100..100) in the team's latest surveyed sprint, when the survey asks it.",
    () => published((team, r) => (r.enps === undefined ? [] : [{ labels: { team }, value: r.enps }])),
  );
}
