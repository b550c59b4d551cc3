import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalizedEvent } from '@dora-guarantee/scoring';
import Database from 'better-sqlite3';
import type {
  AppendResult,
  AssignedEvent,
  Delivery,
  EventStore,
  StoredDelivery,
  StoredEventRow,
  StoredSurveyResponse,
  SurveyResponseRecord,
  TimedRow,
  WriteProbe,
} from '../types';
import { GroupCommitter } from './group-commit';
import { migrate } from './migrations';

export const DATABASE_FILE = 'dora-guarantee.db';

export interface SqliteStoreOptions {
  /** Called with the duration of every durable write transaction, in seconds. */
  onCommit?: (seconds: number, appends: number) => void;
}

/**
 * The embedded store. WAL with synchronous=FULL: a commit is on disk before `append` resolves, so a 2xx is never
 * sent for data an OS crash could lose. Appends arriving together share one transaction (group commit).
 */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  private readonly committer: GroupCommitter<{ delivery: Delivery; events: AssignedEvent[] }, AppendResult>;
  private readonly statements;

  constructor(
    readonly dataDir: string,
    options: SqliteStoreOptions = {},
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, DATABASE_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.statements = {
      insertDelivery: this.db.prepare(
        `INSERT INTO deliveries (source, delivery_id, received_at, content_type, headers, body)
         VALUES (@source, @deliveryId, @receivedAt, @contentType, @headers, @body)
         ON CONFLICT (source, delivery_id) DO NOTHING`,
      ),
      insertEvent: this.db.prepare(
        `INSERT INTO events (source, event_id, delivery_id, type, team, service, incident, time, body)
         VALUES (@source, @eventId, @deliveryId, @type, @team, @service, @incident, @time, @body)
         ON CONFLICT (source, event_id) DO NOTHING`,
      ),
      deleteDeliveryEvents: this.db.prepare('DELETE FROM events WHERE source = ? AND delivery_id = ?'),
      // A resolution stored before its incident was known is joined to the team by incident id.
      teamEvents: this.db.prepare(
        `SELECT body FROM events WHERE team = @team AND time >= @from AND time < @to
         UNION ALL
         SELECT r.body FROM events r
         WHERE r.type = 'incident.resolved' AND r.team <> @team AND r.time >= @from AND r.time < @to
           AND r.incident IN (SELECT o.incident FROM events o WHERE o.team = @team AND o.type = 'incident.opened')`,
      ),
      teamEventsOfTypes: this.db.prepare(
        `SELECT body FROM events
         WHERE team = @team AND time >= @from AND time < @to AND type IN (SELECT value FROM json_each(@types))
         UNION ALL
         SELECT r.body FROM events r
         WHERE r.type = 'incident.resolved' AND r.team <> @team AND r.time >= @from AND r.time < @to
           AND 'incident.resolved' IN (SELECT value FROM json_each(@types))
           AND r.incident IN (SELECT o.incident FROM events o WHERE o.team = @team AND o.type = 'incident.opened')`,
      ),
      teamStream: this.db.prepare(
        'SELECT time, body FROM events WHERE team = @team AND time >= @from AND time < @to ORDER BY time',
      ),
      teamStreamOfTypes: this.db.prepare(
        `SELECT time, body FROM events
         WHERE team = @team AND time >= @from AND time < @to AND type IN (SELECT value FROM json_each(@types))
         ORDER BY time`,
      ),
      resolutionsFromOtherTeams: this.db.prepare(
        `SELECT r.time AS time, r.body AS body FROM events r INDEXED BY events_resolutions_time
         WHERE r.type = 'incident.resolved' AND r.time >= @from AND r.time < @to AND r.team <> @team
           AND EXISTS (SELECT 1 FROM events o INDEXED BY events_incident
                       WHERE o.incident = r.incident AND o.team = @team AND o.type = 'incident.opened')
         ORDER BY r.time`,
      ),
      earliestRootCauseOpening: this.db.prepare(
        `SELECT MIN(time) AS t FROM events INDEXED BY events_team_type_service_time
         WHERE team = ? AND type = 'incident.opened' AND time >= ? AND time < ?
           AND json_extract(body, '$.rootCauseSha') IS NOT NULL`,
      ),
      sliceContext: this.db.prepare(
        `WITH wanted AS (
           SELECT incident FROM events INDEXED BY events_team_type_service_time
           WHERE team = @team AND type = 'incident.opened' AND time >= @before
           UNION
           SELECT o.incident FROM events o INDEXED BY events_team_type_service_time
           WHERE o.team = @team AND o.type = 'incident.opened' AND o.time < @before
             AND EXISTS (SELECT 1 FROM events d INDEXED BY events_team_event_id WHERE d.team = @team AND d.event_id = json_extract(o.body, '$.deployment')
                           AND d.type = 'deployment' AND d.time >= @before)),
         earlier AS (
           SELECT seq, time, body FROM events
           WHERE incident IN (SELECT incident FROM wanted) AND time < @before
             AND ((team = @team AND type = 'incident.opened') OR type = 'incident.resolved')),
         named AS (
           SELECT json_extract(body, '$.deployment') AS id FROM events INDEXED BY events_team_type_service_time
           WHERE team = @team AND type = 'incident.opened' AND time >= @before
           UNION
           SELECT json_extract(body, '$.deployment') FROM earlier)
         SELECT time, body FROM earlier
         UNION ALL
         SELECT time, body FROM events INDEXED BY events_team_event_id
         WHERE team = @team AND event_id IN (SELECT id FROM named) AND type = 'deployment' AND time < @before
         ORDER BY time`,
      ),
      teamOfIncident: this.db.prepare(
        "SELECT team FROM events WHERE incident = ? AND type = 'incident.opened' ORDER BY seq LIMIT 1",
      ),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM events'),
      maxSeq: this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM events'),
      eventsAfter: this.db.prepare('SELECT seq, team, time, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      eventById: this.db.prepare(
        'SELECT seq, team, time, body FROM events INDEXED BY events_team_event_id WHERE team = ? AND event_id = ? LIMIT 1',
      ),
      incidentOpening: this.db.prepare(
        "SELECT seq, team, time, body FROM events WHERE incident = ? AND type = 'incident.opened' ORDER BY seq LIMIT 1",
      ),
      deploymentsBefore: this.db.prepare(
        `SELECT seq, team, time, body FROM events
         WHERE team = ? AND type = 'deployment' AND service = ? AND time < ? ORDER BY time DESC LIMIT ?`,
      ),
      latestDeploymentBefore: this.db.prepare(
        `SELECT time FROM events
         WHERE team = @team AND type = 'deployment' AND service = @service AND time < @before
           AND json_extract(body, '$.status') = 'success'
           AND lower(json_extract(body, '$.environment')) IN (SELECT lower(value) FROM json_each(@environments))
         ORDER BY time DESC LIMIT 1`,
      ),
      incidentOpenings: this.db.prepare(
        "SELECT seq, team, time, body FROM events WHERE incident = ? AND type = 'incident.opened' ORDER BY seq LIMIT ?",
      ),
      earliestIncidentNaming: this.db.prepare(
        `SELECT MIN(time) AS t FROM events INDEXED BY events_incident_deployment
         WHERE team = ? AND type = 'incident.opened'
           AND json_extract(body, '$.deployment') IN (SELECT value FROM json_each(?))`,
      ),
      openIncidents: this.db.prepare(
        `SELECT o.service AS service, COUNT(DISTINCT o.incident) AS count FROM events o
         WHERE o.team = ? AND o.type = 'incident.opened'
           AND NOT EXISTS (SELECT 1 FROM events r WHERE r.incident = o.incident AND r.type = 'incident.resolved')
         GROUP BY o.service`,
      ),
      readCache: this.db.prepare('SELECT value FROM cache WHERE key = ?'),
      upsertCache: this.db.prepare(
        'INSERT INTO cache (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      deleteCache: this.db.prepare('DELETE FROM cache WHERE key = ?'),
      insertSurveyResponse: this.db.prepare(
        `INSERT INTO survey_responses (survey, team, time, respondent, answers, received_at)
         VALUES (@survey, @team, @time, @respondent, @answers, @receivedAt)
         ON CONFLICT (survey, team, respondent, time) DO NOTHING`,
      ),
      surveyResponses: this.db.prepare(
        `SELECT seq, survey, team, time, respondent, answers FROM survey_responses
         WHERE survey = ? AND team = ? AND time >= ? AND time < ? ORDER BY seq`,
      ),
      hasSurveyResponse: this.db.prepare(
        `SELECT 1 FROM survey_responses
         WHERE survey = ? AND team = ? AND respondent = ? AND time >= ? AND time < ? LIMIT 1`,
      ),
      surveyMaxSeq: this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM survey_responses'),
      surveyResponsesAfter: this.db.prepare(
        'SELECT seq, survey, team, time FROM survey_responses WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      heartbeat: this.db.prepare(
        'INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
      ),
    };
    const writeBatch = this.db.transaction((batch: { delivery: Delivery; events: AssignedEvent[] }[]) =>
      batch.map(({ delivery, events }) => this.write(delivery, events)),
    );
    this.committer = new GroupCommitter((batch) => {
      const started = process.hrtime.bigint();
      const results = writeBatch(batch);
      options.onCommit?.(Number(process.hrtime.bigint() - started) / 1e9, batch.length);
      return results;
    });
  }

  private write(delivery: Delivery, events: AssignedEvent[]): AppendResult {
    const inserted = this.statements.insertDelivery.run({
      source: delivery.source,
      deliveryId: delivery.deliveryId,
      receivedAt: delivery.receivedAt,
      contentType: delivery.contentType,
      headers: JSON.stringify(delivery.headers),
      body: delivery.body,
    });
    if (inserted.changes === 0) return { duplicateDelivery: true, newEvents: 0, duplicateEvents: 0, stored: [] };
    const stored = this.insertEvents(delivery.source, delivery.deliveryId, events);
    return {
      duplicateDelivery: false,
      newEvents: stored.length,
      duplicateEvents: events.length - stored.length,
      stored,
    };
  }

  private insertEvents(source: string, deliveryId: string, events: AssignedEvent[]): AssignedEvent[] {
    const stored: AssignedEvent[] = [];
    for (const e of events) {
      const result = this.statements.insertEvent.run({
        source,
        eventId: e.event.id,
        deliveryId,
        type: e.event.type,
        team: e.event.team,
        service: 'service' in e.event ? (e.event.service ?? null) : null,
        incident: 'incident' in e.event ? e.event.incident : null,
        time: e.time,
        body: JSON.stringify(e.event),
      });
      if (result.changes > 0) stored.push(e);
    }
    return stored;
  }

  append(delivery: Delivery, events: AssignedEvent[]): Promise<AppendResult> {
    return this.committer.submit({ delivery, events });
  }

  teamEvents(team: string, from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER): NormalizedEvent[] {
    return (this.statements.teamEvents.all({ team, from, to }) as { body: string }[]).map(
      (row) => JSON.parse(row.body) as NormalizedEvent,
    );
  }

  teamEventsOfTypes(team: string, types: readonly string[], from: number, to: number): NormalizedEvent[] {
    return (
      this.statements.teamEventsOfTypes.all({ team, from, to, types: JSON.stringify(types) }) as { body: string }[]
    ).map((row) => JSON.parse(row.body) as NormalizedEvent);
  }

  *teamEventStream(team: string, from: number, to: number, types?: readonly string[]): Iterable<TimedRow> {
    const params = { team, from, to };
    const others =
      types && !types.includes('incident.resolved')
        ? []
        : (this.statements.resolutionsFromOtherTeams.all(params) as { time: number; body: string }[]);
    const rows = (
      types
        ? this.statements.teamStreamOfTypes.iterate({ ...params, types: JSON.stringify(types) })
        : this.statements.teamStream.iterate(params)
    ) as Iterable<{ time: number; body: string }>;
    let k = 0;
    for (const row of rows) {
      for (; k < others.length && (others[k] as { time: number }).time <= row.time; k++) yield timedRow(others[k]);
      yield { time: row.time, event: JSON.parse(row.body) as NormalizedEvent };
    }
    for (; k < others.length; k++) yield timedRow(others[k]);
  }

  earliestRootCauseOpening(team: string, from: number, to: number): number | undefined {
    return (this.statements.earliestRootCauseOpening.get(team, from, to) as { t: number | null }).t ?? undefined;
  }

  sliceContext(team: string, before: number): TimedRow[] {
    return (this.statements.sliceContext.all({ team, before }) as { time: number; body: string }[]).map(timedRow);
  }

  teamOfIncident(incident: string): string | undefined {
    return (this.statements.teamOfIncident.get(incident) as { team: string } | undefined)?.team;
  }

  lastDeliveryTimes(): { source: string; receivedAt: number }[] {
    return this.db.prepare('SELECT source, MAX(received_at) AS receivedAt FROM deliveries GROUP BY source').all() as {
      source: string;
      receivedAt: number;
    }[];
  }

  *deliveries(source?: string): Iterable<StoredDelivery> {
    const rows = this.db
      .prepare(
        `SELECT d.source, d.delivery_id, d.received_at, d.content_type, d.headers, d.body,
                (SELECT COUNT(*) FROM events e WHERE e.source = d.source AND e.delivery_id = d.delivery_id) AS events
         FROM deliveries d ${source ? 'WHERE d.source = ?' : ''} ORDER BY d.received_at, d.rowid`,
      )
      .iterate(...(source ? [source] : [])) as Iterable<{
      source: string;
      delivery_id: string;
      received_at: number;
      content_type: string;
      headers: string;
      body: Buffer;
      events: number;
    }>;
    for (const row of rows) {
      yield {
        source: row.source,
        deliveryId: row.delivery_id,
        receivedAt: row.received_at,
        contentType: row.content_type,
        headers: JSON.parse(row.headers) as Record<string, string>,
        body: row.body,
        events: row.events,
      };
    }
  }

  replaceDeliveryEvents(source: string, deliveryId: string, events: AssignedEvent[]): void {
    this.db.transaction(() => {
      this.statements.deleteDeliveryEvents.run(source, deliveryId);
      this.insertEvents(source, deliveryId, events);
    })();
  }

  eventCount(): number {
    return (this.statements.count.get() as { n: number }).n;
  }

  maxSeq(): number {
    return (this.statements.maxSeq.get() as { n: number }).n;
  }

  eventsAfter(seq: number, limit: number): StoredEventRow[] {
    return (this.statements.eventsAfter.all(seq, limit) as RawRow[]).map(toRow);
  }

  eventById(team: string, id: string): StoredEventRow | undefined {
    const row = this.statements.eventById.get(team, id) as RawRow | undefined;
    return row && toRow(row);
  }

  incidentOpening(incident: string): StoredEventRow | undefined {
    const row = this.statements.incidentOpening.get(incident) as RawRow | undefined;
    return row && toRow(row);
  }

  deploymentsBefore(team: string, service: string, before: number, limit: number): StoredEventRow[] {
    return (this.statements.deploymentsBefore.all(team, service, before, limit) as RawRow[]).map(toRow);
  }

  latestDeploymentBefore(
    team: string,
    service: string,
    before: number,
    environments: readonly string[],
  ): number | undefined {
    const row = this.statements.latestDeploymentBefore.get({
      team,
      service,
      before,
      environments: JSON.stringify(environments),
    }) as { time: number } | undefined;
    return row?.time;
  }

  incidentOpenings(incident: string, limit: number): StoredEventRow[] {
    return (this.statements.incidentOpenings.all(incident, limit) as RawRow[]).map(toRow);
  }

  earliestIncidentNaming(team: string, deployments: readonly string[]): number | undefined {
    if (deployments.length === 0) return undefined;
    const row = this.statements.earliestIncidentNaming.get(team, JSON.stringify(deployments)) as { t: number | null };
    return row.t ?? undefined;
  }

  openIncidents(team: string): { service: string | null; count: number }[] {
    return this.statements.openIncidents.all(team) as { service: string | null; count: number }[];
  }

  readCache(key: string): string | undefined {
    return (this.statements.readCache.get(key) as { value: string } | undefined)?.value;
  }

  writeCache(entries: Record<string, string | null>): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(entries)) {
        if (value === null) this.statements.deleteCache.run(key);
        else this.statements.upsertCache.run(key, value);
      }
    })();
  }

  clearCache(): void {
    this.db.prepare('DELETE FROM cache').run();
  }

  appendSurveyResponses(responses: SurveyResponseRecord[]): { stored: number; repeated: number } {
    const receivedAt = Date.now();
    return this.db.transaction(() => {
      let stored = 0;
      for (const r of responses) {
        const result = this.statements.insertSurveyResponse.run({
          survey: r.survey,
          team: r.team,
          time: r.time,
          respondent: r.respondent,
          answers: JSON.stringify(r.answers),
          receivedAt,
        });
        stored += result.changes;
      }
      return { stored, repeated: responses.length - stored };
    })();
  }

  surveyResponses(survey: string, team: string, from: number, to: number): StoredSurveyResponse[] {
    return (
      this.statements.surveyResponses.all(survey, team, from, to) as (Omit<StoredSurveyResponse, 'answers'> & {
        answers: string;
      })[]
    ).map((row) => ({ ...row, answers: JSON.parse(row.answers) as Record<string, number> }));
  }

  hasSurveyResponse(survey: string, team: string, respondent: string, from: number, to: number): boolean {
    return this.statements.hasSurveyResponse.get(survey, team, respondent, from, to) !== undefined;
  }

  surveyMaxSeq(): number {
    return (this.statements.surveyMaxSeq.get() as { n: number }).n;
  }

  surveyResponsesAfter(seq: number, limit: number): { seq: number; survey: string; team: string; time: number }[] {
    return this.statements.surveyResponsesAfter.all(seq, limit) as {
      seq: number;
      survey: string;
      team: string;
      time: number;
    }[];
  }

  probeWrite(): WriteProbe {
    try {
      this.statements.heartbeat.run(Date.now());
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: storeErrorReason(e) };
    }
  }

  close(): void {
    this.db.close();
  }
}

interface RawRow {
  seq: number;
  team: string;
  time: number;
  body: string;
}

function timedRow(row: { time: number; body: string } | undefined): TimedRow {
  const { time, body } = row as { time: number; body: string };
  return { time, event: JSON.parse(body) as NormalizedEvent };
}

function toRow(row: RawRow): StoredEventRow {
  return { seq: row.seq, team: row.team, time: row.time, event: JSON.parse(row.body) as NormalizedEvent };
}

/** A short, secret-free reason for a failed write, e.g. "SQLITE_FULL: database or disk is full". */
export function storeErrorReason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ? `${err.code}: ${err.message ?? ''}`.trim() : String(err.message ?? e);
}
