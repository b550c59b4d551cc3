import type Database from 'better-sqlite3';

/**
 * Schema versions, applied in order at start-up inside one transaction each. Never edit a released step:
 * add a new one. Numbers are taken in order; the store refuses a database newer than it knows.
 */
export const MIGRATIONS: { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'deliveries (raw payloads) and normalized events',
    sql: `
      CREATE TABLE deliveries (
        source TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        headers TEXT NOT NULL,
        body BLOB NOT NULL,
        PRIMARY KEY (source, delivery_id)
      );
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        event_id TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        type TEXT NOT NULL,
        team TEXT NOT NULL,
        service TEXT,
        incident TEXT,
        time INTEGER NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (source, event_id)
      );
      CREATE INDEX events_team_time ON events (team, time);
      CREATE INDEX events_delivery ON events (source, delivery_id);
      CREATE INDEX events_incident ON events (incident) WHERE incident IS NOT NULL;
      CREATE INDEX events_team_type_service_time ON events (team, type, service, time);
      CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
      -- Derived, rebuildable state (per-sprint facts, watermarks): deleting it loses nothing.
      CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    description: 'survey responses (surveys/): answers with a keyed respondent hash, never the identity',
    sql: `
      CREATE TABLE survey_responses (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        survey TEXT NOT NULL,
        team TEXT NOT NULL,
        time INTEGER NOT NULL,
        respondent TEXT NOT NULL,
        answers TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        UNIQUE (survey, team, respondent, time)
      );
      CREATE INDEX survey_responses_team_time ON survey_responses (survey, team, time);
    `,
  },
  {
    version: 3,
    description:
      'lookups the evaluator makes at every write: events by id, incidents by the deployment they name, resolutions by time',
    sql: `
      CREATE INDEX events_team_event_id ON events (team, event_id);
      CREATE INDEX events_incident_deployment ON events (team, json_extract(body, '$.deployment'))
        WHERE type = 'incident.opened';
      CREATE INDEX events_resolutions_time ON events (time, team) WHERE type = 'incident.resolved';
    `,
  },
];

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new Error(`the database is at schema version ${current}, newer than this exporter knows (${latest})`);
  }
  for (const step of MIGRATIONS) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(step.version, Date.now());
    })();
  }
  return latest;
}
