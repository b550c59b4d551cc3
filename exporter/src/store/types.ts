import type { NormalizedEvent } from '@dora-guarantee/scoring';

/** One request as received, kept byte for byte so that a parser fix can re-derive its events (`replay`). */
export interface Delivery {
  source: string;
  deliveryId: string;
  receivedAt: number;
  contentType: string;
  /** Headers a parser needs again on replay (event type, ids); never authentication headers. */
  headers: Record<string, string>;
  body: Buffer;
}

/** A normalized event with the team and service the configuration assigned to it. */
export interface AssignedEvent {
  event: NormalizedEvent & { team: string };
  time: number;
}

export interface AppendResult {
  /** The same delivery was stored before; its events were not looked at again. */
  duplicateDelivery: boolean;
  newEvents: number;
  duplicateEvents: number;
  /** The events this append stored for the first time. */
  stored: AssignedEvent[];
}

export interface StoredDelivery extends Delivery {
  events: number;
}

export interface StoredEventRow {
  seq: number;
  team: string;
  time: number;
  event: NormalizedEvent;
}

/** An event with its stored time (epoch ms, the event's own time parsed). */
export interface TimedRow {
  time: number;
  event: NormalizedEvent;
}

/** One survey response as stored: the respondent is a keyed hash (surveys/respondent.ts), never an identity. */
export interface SurveyResponseRecord {
  survey: string;
  team: string;
  time: number;
  respondent: string;
  /** Question id → answer. */
  answers: Record<string, number>;
}

export interface StoredSurveyResponse extends SurveyResponseRecord {
  seq: number;
}

export interface WriteProbe {
  ok: boolean;
  reason?: string;
}

/**
 * The event store: the single source of truth. Writes resolve only after the data is durable. Implementations:
 * `sqlite/` (embedded default). A PostgreSQL one for several replicas would implement the same interface.
 */
export interface EventStore {
  append(delivery: Delivery, events: AssignedEvent[]): Promise<AppendResult>;
  /** Events of one team with time in [from, to) (order unspecified; linking sorts). */
  teamEvents(team: string, from?: number, to?: number): NormalizedEvent[];
  /** As `teamEvents`, only events of these types. */
  teamEventsOfTypes(team: string, types: readonly string[], from: number, to: number): NormalizedEvent[];
  /**
   * What `teamEvents` (or `teamEventsOfTypes` when `types` is given) returns, read one event at a time in time
   * order (equal times in no particular order), so that a long history is never held at once.
   */
  teamEventStream(team: string, from: number, to: number, types?: readonly string[]): Iterable<TimedRow>;
  /** The earliest opening of the team's incidents that names a root-cause commit, with time in [from, to). */
  earliestRootCauseOpening(team: string, from: number, to: number): number | undefined;
  /**
   * What linking a slice of a team's history that starts at `before` needs from before it (docs/scoring.md §2: an
   * incident's first opening decides its links, an explicit link reaches across any distance in time): the
   * openings (of the team) and resolutions before `before` of the team's incidents opened at or after it, or
   * opened before it naming a deployment of the team stored at or after it; and the team's deployments before
   * `before` that any of those openings, or any opening at or after `before`, names. In time order: linking
   * lets the first opening it sees decide an incident's links.
   */
  sliceContext(team: string, before: number): TimedRow[];
  /** The team an opened incident was assigned to, if it is stored. */
  teamOfIncident(incident: string): string | undefined;
  /** When each source's newest stored delivery was received (ms), so that a restart keeps the silence alert true. */
  lastDeliveryTimes(): { source: string; receivedAt: number }[];
  /** Stored deliveries, oldest first, for replay. */
  deliveries(source?: string): Iterable<StoredDelivery>;
  /** Replaces the events derived from one delivery (replay after a parser fix). */
  replaceDeliveryEvents(source: string, deliveryId: string, events: AssignedEvent[]): void;
  eventCount(): number;
  /** The highest event sequence number; grows with every stored event. */
  maxSeq(): number;
  /** Events stored after `seq`, in sequence order. */
  eventsAfter(seq: number, limit: number): StoredEventRow[];
  /** One event of a team by its id. */
  eventById(team: string, id: string): StoredEventRow | undefined;
  /** The first opening of an incident, whatever team it was assigned to. */
  incidentOpening(incident: string): StoredEventRow | undefined;
  /** A team's deployments of a service strictly before `before`, newest first. */
  deploymentsBefore(team: string, service: string, before: number, limit: number): StoredEventRow[];
  /**
   * The time of a team's latest successful deployment of a service strictly before `before` to one of the
   * environments (compared case-insensitively), if any.
   */
  latestDeploymentBefore(
    team: string,
    service: string,
    before: number,
    environments: readonly string[],
  ): number | undefined;
  /** Every opening of an incident, whatever team it was assigned to, in storage order (at most `limit`). */
  incidentOpenings(incident: string, limit: number): StoredEventRow[];
  /** The earliest opening of a team's incidents that name one of these deployment ids explicitly. */
  earliestIncidentNaming(team: string, deployments: readonly string[]): number | undefined;
  /** Incidents of a team opened and not resolved, counted by service. */
  openIncidents(team: string): { service: string | null; count: number }[];
  /** Derived state that can always be rebuilt from the events. */
  readCache(key: string): string | undefined;
  writeCache(entries: Record<string, string | null>): void;
  /** Drops all derived state; the next refresh rebuilds it from the events. */
  clearCache(): void;
  /**
   * Survey responses, all or none, durable when it returns. A response already stored (same survey, team,
   * respondent and time: a resend or a re-imported file) is not stored again and is counted as `repeated`.
   */
  appendSurveyResponses(responses: SurveyResponseRecord[]): { stored: number; repeated: number };
  /** Responses of one survey and team with time in [from, to), in storage order. */
  surveyResponses(survey: string, team: string, from: number, to: number): StoredSurveyResponse[];
  /** Whether the respondent has a stored response of the survey and team with time in [from, to). */
  hasSurveyResponse(survey: string, team: string, respondent: string, from: number, to: number): boolean;
  /** The highest survey response sequence number; grows with every stored response. */
  surveyMaxSeq(): number;
  /** Where the responses stored after `seq` belong (no answers, no respondent), in sequence order. */
  surveyResponsesAfter(seq: number, limit: number): { seq: number; survey: string; team: string; time: number }[];
  /** Writes and syncs a heartbeat row: proves the store accepts durable writes right now. */
  probeWrite(): WriteProbe;
  close(): void;
}
