import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../../src/config/load';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { SurveyResults } from '../../src/surveys/results';

const config = buildConfig(
  {
    calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
    teams: [
      { name: 'atlas', services: ['checkout'] },
      { name: 'borealis', services: ['payments'] },
    ],
  },
  {},
);
const day = (d: number) => Date.parse('2026-06-01T00:00:00Z') + d * 86_400_000;
const NOW = day(40); // sprints 0 (days 0-13) and 1 (14-27) have ended; sprint 2 (28-41) is in progress

const respond = (team: string, who: string, time: number, sat: number) => ({
  survey: 'developer-research',
  team,
  time,
  respondent: `anon:${who}`,
  answers: { sat_overall: sat },
});

describe('SurveyResults', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-survey-results-'));
    store = new SqliteEventStore(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the periods that new responses land in; reading results alone touches no response', () => {
    const people = ['a', 'b', 'c', 'd', 'e'];
    store.appendSurveyResponses([
      ...people.map((p) => respond('atlas', p, day(3), 4)),
      ...people.map((p) => respond('atlas', p, day(17), 2)),
      ...people.map((p) => respond('borealis', p, day(3), 5)),
    ]);
    const results = new SurveyResults(config, store);
    const reads = jest.spyOn(store, 'surveyResponses');
    results.refresh();
    // Three periods have responses: each is read once.
    expect(reads).toHaveBeenCalledTimes(3);

    reads.mockClear();
    for (let i = 0; i < 5; i++) results.latestEnded('developer-research', 'atlas', NOW);
    expect(reads).not.toHaveBeenCalled();

    store.appendSurveyResponses([respond('atlas', 'f', day(18), 5)]);
    results.refresh();
    expect(reads.mock.calls.map(([, team, from]) => [team, from])).toEqual([['atlas', day(14)]]);
    const latest = results.latestEnded('developer-research', 'atlas', NOW);
    // Sprint 1 (2026-06-15): 2,2,2,2,2,5 → five people at 0.25 and one at 1 → 2.25 / 6 = 0.375.
    expect(latest?.sprint.name).toBe('2026-06-15');
    expect(latest?.result).toEqual({
      status: 'published',
      respondents: 6,
      dimensions: { satisfaction: 0.375 },
      capabilities: {},
    });
  });

  it('marks the sprint in progress as collecting and takes the latest ended one for metrics', () => {
    const people = ['a', 'b', 'c', 'd', 'e'];
    store.appendSurveyResponses([
      ...people.map((p) => respond('atlas', p, day(3), 4)),
      ...people.map((p) => respond('atlas', p, day(30), 1)),
    ]);
    const results = new SurveyResults(config, store);
    expect(results.periodsOf('developer-research', 'atlas', NOW).map((p) => [p.sprint.name, p.result.status])).toEqual([
      ['2026-06-01', 'published'],
      ['2026-06-29', 'collecting'],
    ]);
    expect(results.latestEnded('developer-research', 'atlas', NOW)?.sprint.name).toBe('2026-06-01');
    expect(results.sprintResults('atlas', 2, NOW)).toEqual({ 'developer-research': { status: 'collecting' } });
    expect(results.sprintResults('borealis', 0, NOW)).toEqual({});
  });
});
