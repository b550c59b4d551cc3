import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../../src/config/load';
import { generateDemo } from '../../src/demo/generate';
import { demoSurveyResponses, surveyRounds } from '../../src/demo/surveys';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { aggregatePeriod } from '../../src/surveys/aggregate';
import { type PublishedPeriod, publish } from '../../src/surveys/anonymity';
import { DEFAULT_SURVEY } from '../../src/surveys/default-survey';

const NOW = Date.parse('2026-06-24T12:00:00Z');
const demo = generateDemo({ now: NOW }, [surveyRounds]);
const ctx = demo.context;
const responses = demoSurveyResponses(ctx);

function period(team: string, index: number): PublishedPeriod {
  const sprint = ctx.sprints[index]!;
  const rows = responses.filter((r) => r.team === team && r.time >= sprint.start && r.time < sprint.end);
  return publish(aggregatePeriod(DEFAULT_SURVEY, rows), 5);
}

function satisfaction(team: string, index: number): number {
  const p = period(team, index);
  if (p.status !== 'published' || p.dimensions.satisfaction === undefined)
    throw new Error(`${team} ${index}: no score`);
  return p.dimensions.satisfaction;
}

describe('demo survey rounds', () => {
  it("shows borealis' satisfaction falling two sprints before its delivery metrics do", () => {
    const borealis = ctx.squads.find((s) => s.name === 'borealis')!;
    // Its delivery is ok in sprints 7-10 and low in 11 (squads.ts).
    expect(borealis.quality.slice(7, 12)).toEqual(['ok', 'ok', 'ok', 'ok', 'low']);
    const before = [1, 2, 3, 4, 5, 7, 8].map((i) => satisfaction('borealis', i));
    expect(Math.min(...before)).toBeGreaterThan(0.6);
    expect(satisfaction('borealis', 9)).toBeLessThan(Math.min(...before) - 0.05);
    expect(satisfaction('borealis', 10)).toBeLessThan(satisfaction('borealis', 9));
    expect(satisfaction('borealis', 10)).toBeLessThan(0.5);
  });

  it('keeps cosmos content and suppresses its thin round (3 respondents in sprint 8)', () => {
    expect(period('cosmos', 8)).toEqual({ status: 'suppressed' });
    for (const i of [7, 9, 10, 11]) expect(satisfaction('cosmos', i)).toBeGreaterThan(0.7);
    for (const team of ['atlas', 'borealis'])
      for (let i = 0; i < 12; i++) expect(period(team, i).status).toBe('published');
  });

  it('is deterministic, anonymous and never after the anchor', () => {
    expect(demoSurveyResponses(ctx)).toEqual(responses);
    expect(responses.every((r) => r.time < NOW && r.respondent.startsWith('anon:'))).toBe(true);
    expect(demo.config.surveys).toEqual({ minRespondents: 5 });
  });

  it('writes idempotently into a store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dora-demo-surveys-'));
    const store = new SqliteEventStore(dataDir);
    try {
      const target = { dataDir, store, config: buildConfig(demo.config, { DORA_API_TOKEN: 'x' }) };
      expect(await surveyRounds.write!(ctx, target)).toEqual({ added: responses.length, existing: 0 });
      expect(await surveyRounds.write!(ctx, target)).toEqual({ added: 0, existing: responses.length });
    } finally {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
