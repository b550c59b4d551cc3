import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations';
import { DATABASE_FILE, SqliteEventStore } from '../../src/store/sqlite/store';

const response = (respondent: string, time: number, answers: Record<string, number> = { sat_overall: 4 }) => ({
  survey: 'developer-research',
  team: 'atlas',
  time,
  respondent,
  answers,
});

describe('survey responses in the SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-survey-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a version 1 database to version 2 and keeps its events', () => {
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    db.exec(MIGRATIONS.find((m) => m.version === 1)!.sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)').run();
    db.prepare(
      `INSERT INTO events (source, event_id, delivery_id, type, team, time, body)
       VALUES ('generic', 'e1', 'd1', 'deployment', 'atlas', 1, '{}')`,
    ).run();
    db.close();

    const store = new SqliteEventStore(dir);
    try {
      expect(store.eventCount()).toBe(1);
      const versions = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(versions.slice(0, 2)).toEqual([{ version: 1 }, { version: 2 }]);
      expect(store.appendSurveyResponses([response('id:a', 10)])).toEqual({ stored: 1, repeated: 0 });
    } finally {
      store.close();
    }
  });

  it('stores all of a batch, skips exact repeats, and answers reads by survey, team and time', () => {
    const store = new SqliteEventStore(dir);
    try {
      expect(store.appendSurveyResponses([response('id:a', 10), response('id:b', 20), response('id:a', 30)])).toEqual({
        stored: 3,
        repeated: 0,
      });
      // The same respondent at the same time is the same response: a resend.
      expect(store.appendSurveyResponses([response('id:a', 10, { sat_overall: 1 }), response('id:c', 40)])).toEqual({
        stored: 1,
        repeated: 1,
      });
      expect(store.surveyResponses('developer-research', 'atlas', 0, 100)).toHaveLength(4);
      expect(store.surveyMaxSeq()).toBeGreaterThanOrEqual(4);
      expect(store.surveyResponses('developer-research', 'atlas', 10, 30).map((r) => [r.respondent, r.time])).toEqual([
        ['id:a', 10],
        ['id:b', 20],
      ]);
      expect(store.surveyResponses('developer-research', 'atlas', 0, 100)[0]?.answers).toEqual({ sat_overall: 4 });
      expect(store.surveyResponses('other', 'atlas', 0, 100)).toEqual([]);
      expect(store.hasSurveyResponse('developer-research', 'atlas', 'id:c', 0, 40)).toBe(false);
      expect(store.hasSurveyResponse('developer-research', 'atlas', 'id:c', 0, 41)).toBe(true);
      expect(store.surveyResponsesAfter(2, 10).map(({ seq: _s, ...where }) => where)).toEqual([
        { survey: 'developer-research', team: 'atlas', time: 30 },
        { survey: 'developer-research', team: 'atlas', time: 40 },
      ]);
    } finally {
      store.close();
    }
  });

  it('writes a batch all or nothing', () => {
    const store = new SqliteEventStore(dir);
    try {
      const broken = { ...response('id:z', 50), answers: undefined as unknown as Record<string, number> };
      // JSON.stringify(undefined) is no TEXT: the NOT NULL constraint fails on the second row.
      expect(() => store.appendSurveyResponses([response('id:y', 50), broken])).toThrow();
      expect(store.surveyMaxSeq()).toBe(0);
    } finally {
      store.close();
    }
  });
});
