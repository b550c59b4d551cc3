import { type Sprint, sprintAt, sprintByIndex } from '@dora-guarantee/scoring';
import type { Config, TeamConfig } from '../config/load';
import type { EventStore } from '../store/types';
import { type PeriodAggregate, aggregatePeriod } from './aggregate';
import { type PublishedPeriod, publish } from './anonymity';
import type { SurveyDefinition } from './types';

/** A sprint that has not ended shows no numbers: each new response would otherwise reveal itself as a change. */
export type PeriodResult = PublishedPeriod | { status: 'collecting' };

export interface SurveyPeriod {
  sprint: Sprint;
  result: PeriodResult;
}

const SCAN_PAGE = 5000;
const key = (survey: string, team: string) => `${survey}\u0000${team}`;

/**
 * Survey aggregates per survey, team and sprint, kept current at the cost of what changed: the responses stored
 * since the last refresh name the periods to recompute, and only those are read again. A scrape or a report
 * therefore never walks all responses. Aggregates hold counts; only `publish` decides what leaves.
 */
export class SurveyResults {
  private processedSeq = 0;
  private readonly periods = new Map<string, Map<number, PeriodAggregate>>();
  private readonly surveys: Map<string, SurveyDefinition>;
  private readonly teams: Map<string, TeamConfig>;

  constructor(
    private readonly config: Config,
    private readonly store: EventStore,
  ) {
    this.surveys = new Map(config.surveys.surveys.map((s) => [s.id, s]));
    this.teams = new Map(config.teams.map((t) => [t.name, t]));
  }

  get minRespondents(): number {
    return this.config.surveys.minRespondents;
  }

  refresh(): void {
    const latest = this.store.surveyMaxSeq();
    if (latest === this.processedSeq) return;
    if (latest < this.processedSeq) {
      this.periods.clear();
      this.processedSeq = 0;
    }
    const dirty = new Map<string, { survey: SurveyDefinition; team: TeamConfig; sprints: Set<number> }>();
    for (let seq = this.processedSeq; seq < latest;) {
      const rows = this.store.surveyResponsesAfter(seq, SCAN_PAGE);
      if (rows.length === 0) break;
      for (const row of rows) {
        const survey = this.surveys.get(row.survey);
        const team = this.teams.get(row.team);
        const sprint = team && sprintAt(team.calendar, row.time);
        if (!survey || !team || !sprint) continue;
        const k = key(survey.id, team.name);
        const entry = dirty.get(k) ?? { survey, team, sprints: new Set<number>() };
        entry.sprints.add(sprint.index);
        dirty.set(k, entry);
      }
      seq = rows[rows.length - 1]!.seq;
    }
    for (const [k, { survey, team, sprints }] of dirty) {
      const periods = this.periods.get(k) ?? new Map<number, PeriodAggregate>();
      for (const index of sprints) {
        const sprint = sprintByIndex(team.calendar, index);
        periods.set(
          index,
          aggregatePeriod(survey, this.store.surveyResponses(survey.id, team.name, sprint.start, sprint.end)),
        );
      }
      this.periods.set(k, periods);
    }
    this.processedSeq = latest;
  }

  private result(team: TeamConfig, index: number, aggregate: PeriodAggregate, now: number): SurveyPeriod {
    const sprint = sprintByIndex(team.calendar, index);
    return {
      sprint,
      result: sprint.end > now ? { status: 'collecting' } : publish(aggregate, this.minRespondents),
    };
  }

  /** The team's sprints with responses to the survey, oldest first, in their publishable form. */
  periodsOf(surveyId: string, teamName: string, now: number): SurveyPeriod[] {
    this.refresh();
    const team = this.teams.get(teamName);
    const periods = this.periods.get(key(surveyId, teamName));
    if (!team || !periods) return [];
    return [...periods.keys()].sort((a, b) => a - b).map((index) => this.result(team, index, periods.get(index)!, now));
  }

  /** The latest ended sprint with responses: the period /metrics shows. */
  latestEnded(surveyId: string, teamName: string, now: number): SurveyPeriod | undefined {
    return this.periodsOf(surveyId, teamName, now)
      .filter((p) => p.result.status !== 'collecting')
      .at(-1);
  }

  /** Every survey's result for one sprint of a team; surveys without responses in it are left out. */
  sprintResults(teamName: string, sprintIndex: number, now: number): Record<string, PeriodResult> {
    this.refresh();
    const team = this.teams.get(teamName);
    const out: Record<string, PeriodResult> = {};
    if (!team) return out;
    for (const surveyId of this.surveys.keys()) {
      const aggregate = this.periods.get(key(surveyId, teamName))?.get(sprintIndex);
      if (aggregate) out[surveyId] = this.result(team, sprintIndex, aggregate, now).result;
    }
    return out;
  }
}

const shared = new WeakMap<EventStore, SurveyResults>();

/**
 * One aggregate cache per store, shared by the collector, the report API and the survey routes, so that they
 * are wired with one line each and never disagree.
 */
export function surveyResultsFor(config: Config, store: EventStore): SurveyResults {
  let results = shared.get(store);
  if (!results) {
    results = new SurveyResults(config, store);
    shared.set(store, results);
  }
  return results;
}
