import { type GuaranteeResult, type SprintResult, toIso } from '@dora-guarantee/scoring';
import type { TeamView } from '../aggregate/evaluator';
import type { Config, TeamConfig } from '../config/load';
import type { EventStore } from '../store/types';
import { surveyResultsFor } from '../surveys/results';

export function sprintJson(s: SprintResult) {
  return {
    sprint: s.name,
    index: s.index,
    start: toIso(s.start),
    end: toIso(s.end),
    status: s.status,
    score: s.score,
    credited: s.credited,
    atRisk: s.atRisk,
    measurements: s.measurements,
    tiers: s.tiers,
  };
}

export function contractJson(team: TeamConfig) {
  return { ...team.contract, calendar: { timeZone: 'UTC', ...team.calendar } };
}

export function totalsJson(g: GuaranteeResult) {
  return { credits: g.credits, lowStreak: g.lowStreak, atRisk: g.atRisk, creditsIfNextLow: g.creditsIfNextLow };
}

/** The answer of GET /api/v1/teams/{team}/sprints, also what `report --json` prints. */
export function sprintTableJson(view: TeamView, config: Config, store: EventStore) {
  const surveys = surveyResultsFor(config, store);
  return {
    team: view.team.name,
    asOf: toIso(view.asOf),
    contract: contractJson(view.team),
    ...totalsJson(view.guarantee),
    // Survey results sit next to the measurements and never enter the score (docs/surveys.md).
    sprints: view.guarantee.sprints.map((s) => ({
      ...sprintJson(s),
      surveys: surveys.sprintResults(view.team.name, s.index, view.asOf),
    })),
  };
}

export type SprintTableJson = ReturnType<typeof sprintTableJson>;
