import {
  DAY_MS,
  type GuaranteeResult,
  type LinkedDeployment,
  type Measurements,
  type PeriodFacts,
  SECOND_MS,
  type TeamHistory,
  type Tiers,
  buildHistory,
  evaluateGuarantee,
  type NormalizedEvent,
  isProduction,
  measurementsFrom,
  parseTime,
  periodFacts,
  sprintAt,
  sprintByIndex,
  sprintInputs,
  tiersOf,
} from '@dora-guarantee/scoring';
import type { Config, TeamConfig } from '../config/load';
import type { EventStore, StoredEventRow } from '../store/types';
import { type ServiceFacts, addServiceFacts, emptyServiceFacts, serviceFacts } from './service-facts';

export const WINDOWS = { '7d': 7, '30d': 30, '90d': 90 } as const;
export type WindowName = keyof typeof WINDOWS;
const LONGEST_WINDOW_MS = 90 * DAY_MS;

interface SprintEntry {
  facts: PeriodFacts;
  services: ServiceFacts;
}

/** What is kept (and persisted) per team: time-independent facts per sprint, rebuilt only where a write lands. */
interface TeamCache {
  /** Calendar and link options the facts were computed with; a change invalidates them. */
  key: string;
  sprints: Record<number, SprintEntry>;
}

interface RecentLinks {
  /** Deployments from the start of the longest window at the time of linking onward. */
  deployments: LinkedDeployment[];
  eventTimes: number[];
}

interface TeamState {
  cache: TeamCache;
  recent?: RecentLinks;
  openIncidents?: { service: string | null; count: number }[];
}

export interface WindowView {
  /** What the measurements were derived from: the lead and recovery times behind the summaries. */
  facts: PeriodFacts;
  measurements: Measurements;
  tiers: Tiers;
  /** Automated ÷ all production deployments; null without deployments. */
  automationRatio: number | null;
}

export interface TeamView {
  team: TeamConfig;
  asOf: number;
  guarantee: GuaranteeResult;
  windows: Record<WindowName, WindowView>;
  /** Each measured sprint's facts by index (the lead and recovery times behind its summaries). */
  sprintFacts(index: number): PeriodFacts;
  /** Counters over the whole contract, by label values. */
  totals: ServiceFacts;
  openIncidents: { service: string | null; count: number }[];
}

const PROCESSED_KEY = 'evaluator:processed-seq';
const teamKey = (team: string) => `evaluator:team:${team}`;
const SCAN_PAGE = 5000;
/** Openings of one incident looked at for its reach; beyond that the whole history is recomputed. */
const MAX_OPENINGS = 100;

interface Reach {
  team: string;
  from: number;
}

/**
 * Keeps every team's contract evaluation current at the cost of what changed, not of the whole history.
 *
 * The store's sequence numbers are the watermark: at refresh, events stored since the last one are scanned once,
 * each marks its team dirty from the earliest time it can influence (docs/scoring.md, linking: a deployment can
 * take incidents and rollbacks from the deployment before it, an incident can fail a deployment up to the link
 * window earlier or the one it names, a resolution reaches back as far as its incident). Only sprints ending after
 * that point are re-linked, from a slice that starts one lookback earlier, which gives exactly the result of
 * linking the whole history. Facts and watermark are persisted together, so a restart recomputes nothing.
 */
export class TeamEvaluator {
  private readonly state = new Map<string, TeamState>();
  private processedSeq: number;
  private readonly teams: Map<string, TeamConfig>;

  constructor(
    private readonly config: Config,
    private readonly store: EventStore,
    private readonly now: () => number = Date.now,
  ) {
    this.teams = new Map(config.teams.map((t) => [t.name, t]));
    this.processedSeq = Number(store.readCache(PROCESSED_KEY) ?? 0);
    for (const team of config.teams) {
      const raw = store.readCache(teamKey(team.name));
      const cache = raw ? (JSON.parse(raw) as TeamCache) : undefined;
      if (cache && cache.key === this.cacheKey(team)) this.state.set(team.name, { cache });
    }
  }

  teamNames(): string[] {
    return [...this.teams.keys()];
  }

  teamConfig(name: string): TeamConfig | undefined {
    return this.teams.get(name);
  }

  private cacheKey(team: TeamConfig): string {
    return JSON.stringify({ calendar: team.calendar, link: this.config.link, v: 1 });
  }

  /** Brings every team up to date with the store. Cheap when nothing was written since the last call. */
  refresh(): void {
    const asOf = this.now();
    const dirty = new Map<string, number>();
    const mark = (team: string, from: number) => {
      if (!this.teams.has(team)) return;
      dirty.set(team, Math.min(dirty.get(team) ?? Infinity, from));
    };

    const latest = this.store.maxSeq();
    if (latest < this.processedSeq) {
      // The events were replaced (replay) or the file belongs to another history: start over.
      this.state.clear();
      this.processedSeq = 0;
    }
    const deployed = new Map<string, string[]>();
    for (let seq = this.processedSeq; seq < latest;) {
      const rows = this.store.eventsAfter(seq, SCAN_PAGE);
      if (rows.length === 0) break;
      for (const row of rows) {
        for (const reach of this.reachOf(row)) mark(reach.team, reach.from);
        if (this.isProductionDeployment(row)) {
          const ids = deployed.get(row.team) ?? [];
          ids.push(row.event.id);
          deployed.set(row.team, ids);
        }
      }
      seq = (rows[rows.length - 1] as StoredEventRow).seq;
    }
    // An incident that named a deployment before the deployment was stored becomes linked now, in the incident's
    // own sprint, which can be older than anything the deployment reaches by time.
    for (const [team, ids] of deployed) {
      const opened = this.store.earliestIncidentNaming(team, ids);
      if (opened !== undefined) mark(team, opened);
    }

    const persist: Record<string, string> = {};
    for (const team of this.teams.values()) {
      const state = this.state.get(team.name);
      const current = sprintAt(team.calendar, asOf);
      let from = dirty.get(team.name);
      if (!state) from = -Infinity;
      else if (current) {
        // A sprint that began since the last refresh has never been measured.
        const known = Object.keys(state.cache.sprints).map(Number);
        const next = known.length ? Math.max(...known) + 1 : 0;
        if (next <= current.index) from = Math.min(from ?? Infinity, sprintByIndex(team.calendar, next).start);
      }
      const windowStale = state?.recent === undefined;
      if (from === undefined && !windowStale) continue;
      this.recompute(team, from ?? Infinity, asOf);
      persist[teamKey(team.name)] = JSON.stringify((this.state.get(team.name) as TeamState).cache);
    }
    if (latest !== this.processedSeq || Object.keys(persist).length) {
      this.processedSeq = latest;
      persist[PROCESSED_KEY] = String(latest);
      this.store.writeCache(persist);
    }
  }

  private isProductionDeployment(row: StoredEventRow): boolean {
    const e = row.event;
    return e.type === 'deployment' && e.status === 'success' && isProduction(e.environment, this.config.link);
  }

  /**
   * The earliest time a stored event can change results at, for each team whose results it can change. Always
   * includes the event's own time in its own team: it counts as an event of its sprint.
   */
  private reachOf(row: StoredEventRow): Reach[] {
    const e = row.event;
    const own = { team: row.team, from: row.time };
    const link = this.config.link;
    switch (e.type) {
      case 'deployment': {
        if (e.status !== 'success' || !isProduction(e.environment, link)) return [own];
        // It can take a rollback's blame or a window-linked incident from the deployment before it.
        const previous = this.store
          .deploymentsBefore(row.team, e.service, row.time, 50)
          .find(
            (r) =>
              r.event.type === 'deployment' && r.event.status === 'success' && isProduction(r.event.environment, link),
          );
        return [{ team: row.team, from: previous ? previous.time : row.time }];
      }
      case 'incident.opened':
        // The earliest opening of an incident decides its links, so a new opening can take the blame away from
        // whatever another opening of the same incident linked.
        return [own, ...this.incidentReach(e.incident).filter((r) => r.team === row.team)];
      case 'incident.resolved':
        return [own, ...this.incidentReach(e.incident)];
      default:
        return [own];
    }
  }

  /** What every opening of an incident can link to, per team; unbounded when an incident has too many openings. */
  private incidentReach(incident: string): Reach[] {
    const openings = this.store.incidentOpenings(incident, MAX_OPENINGS);
    return openings.map((o) => ({
      team: o.team,
      from: openings.length >= MAX_OPENINGS ? -Infinity : this.linkReach(o),
    }));
  }

  /** The earliest deployment one incident opening can be linked to (docs/scoring.md, incidents → deployments). */
  private linkReach(opening: StoredEventRow): number {
    const e = opening.event;
    if (e.type !== 'incident.opened') return opening.time;
    const link = this.config.link;
    let from = opening.time - link.incidentLinkWindowSeconds * SECOND_MS;
    if (e.deployment !== undefined) {
      const target = this.store.eventById(opening.team, e.deployment);
      if (target) from = Math.min(from, target.time);
    }
    if (e.rootCauseSha !== undefined) from = Math.min(from, opening.time - link.lookbackSeconds * SECOND_MS);
    return from;
  }

  private recompute(team: TeamConfig, from: number, asOf: number): void {
    const calendar = team.calendar;
    const current = sprintAt(calendar, asOf);
    const first = sprintByIndex(calendar, 0);
    const previous = this.state.get(team.name);
    const sprints: Record<number, SprintEntry> = previous ? { ...previous.cache.sprints } : {};
    const lastIndex = current?.index ?? -1;
    let firstDirty: number;
    if (from === -Infinity || from < first.start) firstDirty = 0;
    else if (from === Infinity) firstDirty = lastIndex + 1;
    else firstDirty = sprintAt(calendar, from)?.index ?? 0;
    for (const key of Object.keys(sprints)) if (Number(key) >= firstDirty) delete sprints[Number(key)];

    const windowStart = asOf - LONGEST_WINDOW_MS;
    const sliceFrom = Math.min(
      firstDirty <= lastIndex ? sprintByIndex(calendar, firstDirty).start : Infinity,
      windowStart,
    );
    const events = this.slice(team.name, sliceFrom);
    const history: TeamHistory = buildHistory(events, this.config.link);
    const services = new Set(team.services);
    for (let i = firstDirty; i <= lastIndex; i++) {
      const sprint = sprintByIndex(calendar, i);
      sprints[i] = {
        facts: periodFacts(history, sprint),
        services: serviceFacts(events, history.linked, sprint, services, this.config.directory, this.config.link),
      };
    }
    this.state.set(team.name, {
      cache: { key: this.cacheKey(team), sprints },
      recent: {
        deployments: history.linked.deployments.filter((d) => d.time >= windowStart),
        eventTimes: history.eventTimes.filter((t) => t >= windowStart),
      },
      openIncidents: this.store.openIncidents(team.name),
    });
  }

  /**
   * The events that decide every result from `from` on: those from one lookback earlier (a deployment ships commits
   * at most that old and no older deployment), further back where a root-cause link can blame a deployment up to a
   * lookback before `from` (whose own changes need a lookback more), plus the earlier openings and resolutions of
   * incidents that explicit links or repeated openings tie to the slice, and the deployments its incidents name.
   */
  private slice(team: string, from: number): NormalizedEvent[] {
    const lookbackMs = this.config.link.lookbackSeconds * SECOND_MS;
    let start = from === -Infinity ? -Infinity : from - lookbackMs;
    let events = this.store.teamEvents(team, start);
    if (start === -Infinity) return events;

    let deeper = start;
    for (const e of events) {
      if (e.type !== 'incident.opened' || e.rootCauseSha === undefined) continue;
      const opened = parseTime(e.time);
      if (opened >= from && opened - lookbackMs < from) deeper = Math.min(deeper, opened - 2 * lookbackMs);
    }
    if (deeper < start) {
      events = [...this.store.teamEvents(team, deeper, start), ...events];
      start = deeper;
    }

    const deployments: string[] = [];
    const incidents = new Set<string>();
    for (const e of events) {
      if (e.type === 'incident.opened') incidents.add(e.incident);
      else if (e.type === 'deployment' && e.status === 'success' && isProduction(e.environment, this.config.link)) {
        deployments.push(e.id);
      }
    }
    const earlier = this.store.incidentEventsBefore(team, deployments, [...incidents], start);
    // A deployment an incident of the slice names explicitly, however long before the slice it happened.
    const known = new Set(deployments);
    const named: NormalizedEvent[] = [];
    for (const e of [...earlier, ...events]) {
      if (e.type !== 'incident.opened' || e.deployment === undefined || known.has(e.deployment)) continue;
      known.add(e.deployment);
      const target = this.store.eventById(team, e.deployment);
      if (target && target.time < start) named.push(target.event);
    }
    return [...named, ...earlier, ...events];
  }

  /** Every configured team's view after one refresh: what a scrape needs. */
  views(): TeamView[] {
    this.refresh();
    const asOf = this.now();
    return this.teamNames().map((name) => this.build(name, asOf) as TeamView);
  }

  /** The team's contract and windows as of now. */
  view(name: string): TeamView | undefined {
    if (!this.teams.has(name)) return undefined;
    this.refresh();
    return this.build(name, this.now());
  }

  private build(name: string, asOf: number): TeamView | undefined {
    const team = this.teams.get(name);
    if (!team) return undefined;
    const state = this.state.get(name) as TeamState;
    const inputs = sprintInputs(
      team.calendar,
      asOf,
      (sprint) => state.cache.sprints[sprint.index]?.facts ?? EMPTY_FACTS,
    );
    const guarantee = evaluateGuarantee(inputs, team.contract, asOf);

    const totals = emptyServiceFacts();
    for (const entry of Object.values(state.cache.sprints)) addServiceFacts(totals, entry.services);

    const recent = state.recent as RecentLinks;
    const history: TeamHistory = {
      linked: { deployments: recent.deployments, incidents: [], skewedChanges: 0 },
      eventTimes: recent.eventTimes,
    };
    const windows = {} as Record<WindowName, WindowView>;
    for (const [window, days] of Object.entries(WINDOWS) as [WindowName, number][]) {
      const period = { start: asOf - days * DAY_MS, end: asOf + 1 };
      const facts = periodFacts(history, period);
      const measurements = measurementsFrom(facts, days, asOf);
      const deployed = recent.deployments.filter((d) => d.time >= period.start && d.time < period.end);
      windows[window] = {
        facts,
        measurements,
        tiers: tiersOf(measurements, team.contract.preset),
        automationRatio: deployed.length ? deployed.filter((d) => d.automated).length / deployed.length : null,
      };
    }
    return {
      team,
      asOf,
      guarantee,
      windows,
      sprintFacts: (index) => state.cache.sprints[index]?.facts ?? EMPTY_FACTS,
      totals,
      openIncidents: state.openIncidents ?? [],
    };
  }
}

const EMPTY_FACTS: PeriodFacts = {
  deployments: 0,
  unplannedDeployments: 0,
  leadTimes: [],
  failedDeployments: 0,
  recoveries: [],
  openFailureStarts: [],
  events: 0,
};
