import { sprintAt } from '@dora-guarantee/scoring';
import type { Config } from '../config/load';
import type { EventStore, SurveyResponseRecord } from '../store/types';

/**
 * How many of `records` will not count: a response whose respondent already answered the survey for the team in
 * the same sprint (stored before, or earlier in the same batch) is stored for the record and never counted again
 * (aggregate.ts keeps each respondent's first stored response). Call it before appending the records.
 */
export function countDuplicates(config: Config, store: EventStore, records: readonly SurveyResponseRecord[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const r of records) {
    const team = config.teams.find((t) => t.name === r.team);
    const sprint = team && sprintAt(team.calendar, r.time);
    if (!sprint) continue;
    const key = `${r.survey}\u0000${r.team}\u0000${sprint.index}\u0000${r.respondent}`;
    if (seen.has(key) || store.hasSurveyResponse(r.survey, r.team, r.respondent, sprint.start, sprint.end))
      duplicates++;
    seen.add(key);
  }
  return duplicates;
}
