import {
  DAY_MS,
  type GuaranteeResult,
  type LinkedDeployment,
  type Measurements,
  type PeriodFacts,
  SECOND_MS,
  type Tiers,
  Linker,
  type LinkNeeds,
  byTimeThenId,
  evaluateGuarantee,
  type NormalizedEvent,
  isProduction,
  parseTime,
  periodFacts,
  sprintAt,
  sprintByIndex,
  sprintPeriod,
  sprintsUntil,
  tiersOf,
} from '@dora-guarantee/scoring';
import type { Config, TeamConfig } from '../config/load';
import type { EventStore, StoredEventRow } from '../store/types';
import { measurementsCached } from './measure-cached';
import {
  type ServiceFacts,
  addServiceFacts,
  countEvent,
  countLinked,
  emptyServiceFacts,
  serviceLabel,
} from './service-facts';

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

/** Derived once per state and reused by every scrape until the next recompute. */
interface Memo {
  totals?: ServiceFacts;
  /** Per window: the deployments it held (index range in `recent`) and what they gave. */
  windows: Map<WindowName, { lo: number; hi: number; facts: PeriodFacts; automationRatio: number | null }>;
}

/** Linking state at the start of a recent sprint, kept in memory while no write reaches before it. */
interface Checkpoint {
  at: number;
  linker: Linker;
}

interface TeamState {
  cache: TeamCache;
  checkpoint?: Checkpoint;
  recent?: RecentLinks;
  openIncidents?: { service: string | null; count: number }[];
  memo?: Memo;
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
/** The event types linking reads (docs/scoring.md §2); the others only count in their own sprint. */
const LINKED = ['deployment', 'commits.pushed', 'change.merged', 'incident.opened', 'incident.resolved'] as const;
const LINKED_TYPES: ReadonlySet<string> = new Set(LINKED);
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
 * window earlier, a root-cause commit up to a lookback earlier, or the one it names; any opening of an incident
 * can take its links from another opening of it; a resolution reaches as far as its incident's openings; a
 * deployment links incidents stored before it that name it). Only sprints ending after that point are re-linked,
 * from a slice of history that starts one lookback earlier plus what explicit links, repeated openings and
 * root-cause links tie to it (`slice`), which gives exactly the result of linking the whole history: the
 * property test in test/metrics/incremental.property.test.ts checks this against the model on random histories
 * arriving in random batches. Facts and watermark are persisted together, so a restart recomputes nothing.
 *
 * A scrape between writes costs the same whatever the history holds: quantiles are computed once per sprint or
 * window (`measurementsCached`), window facts are kept while a window holds the same deployments.
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
    // Nothing computed yet (first start, replay): every team starts from scratch, no need to read what changed.
    for (let seq = this.state.size === 0 ? latest : this.processedSeq; seq < latest;) {
      const rows = this.store.eventsAfter(seq, SCAN_PAGE);
      if (rows.length === 0) break;
      for (const row of rows) {
        // A team without state is computed from scratch anyway; only a resolution can reach across teams.
        if (!this.state.has(row.team) && row.event.type !== 'incident.resolved') continue;
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
        // It can take a rollback's blame or a window-linked incident from the deployment before it. (SQLite lowers
        // ASCII only; a production name it misses makes the reach earlier, never later.)
        const previous = this.store.latestDeploymentBefore(row.team, e.service, row.time, link.productionEnvironments);
        return [{ team: row.team, from: previous ?? row.time }];
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
    const dirtyStart = firstDirty <= lastIndex ? sprintByIndex(calendar, firstDirty).start : Infinity;
    // Linked deployments of the windows before the dirty sprint are unchanged: keep them, re-link only from there.
    const kept = previous?.recent;
    const exactFrom = kept ? Math.min(dirtyStart, asOf) : Math.min(dirtyStart, windowStart);
    // Linking resumes from the state kept at a sprint start when no write since reached before it; a new state is
    // kept at the start of the previous sprint, from where writes to the current sprint resume.
    const boundary = current ? sprintByIndex(calendar, Math.max(0, current.index - 1)).start : undefined;
    // A write reaching before the first sprint dirties sprint 0 only, but a checkpoint at its start misses it.
    const reachedFrom = Math.min(exactFrom, from);
    const resume = previous?.checkpoint && previous.checkpoint.at <= reachedFrom ? previous.checkpoint : undefined;
    const linkFrom = resume ? resume.at : Math.min(exactFrom, boundary ?? Infinity);
    let takeAt = boundary !== undefined && boundary >= linkFrom && boundary !== resume?.at ? boundary : undefined;

    const linker = resume ? resume.linker.clone() : new Linker(this.config.link);
    let checkpoint: Checkpoint | undefined = resume;
    const take = (at: number) => {
      checkpoint = { at, linker: linker.clone() };
      linker.track();
      takeAt = undefined;
    };
    const label = serviceLabel(new Set(team.services));
    const counts = new Map<number, { services: ServiceFacts; events: number }>();
    const eventTimes: number[] = [];
    let sprint = firstDirty <= lastIndex ? sprintByIndex(calendar, firstDirty) : undefined;
    let count: { services: ServiceFacts; events: number } | undefined;
    for (const { at, event, counted } of this.history(team.name, resume === undefined, linkFrom, exactFrom)) {
      if (takeAt !== undefined && at >= takeAt) take(takeAt);
      if (counted) {
        if (at >= windowStart) eventTimes.push(at);
        while (sprint && at >= sprint.end) {
          sprint = sprint.index < lastIndex ? sprintByIndex(calendar, sprint.index + 1) : undefined;
          count = undefined;
        }
        if (sprint && at >= sprint.start) {
          if (!count) counts.set(sprint.index, (count = { services: emptyServiceFacts(), events: 0 }));
          count.events++;
          countEvent(count.services, event, at, label, this.config.directory, this.config.link);
        }
      }
      if (LINKED_TYPES.has(event.type)) linker.add(event, at);
    }
    // Nothing at or after the boundary: the state now is the state there.
    if (takeAt !== undefined) take(takeAt);
    const taken = checkpoint as Checkpoint | undefined;
    if (taken && taken !== resume) taken.linker.forget(taken.at, linker.needs() as LinkNeeds);

    const { deployments, incidents } = linker.result();
    for (let i = firstDirty; i <= lastIndex; i++) {
      const period = sprintByIndex(calendar, i);
      // Each sprint counts only its own part of the linked history (both lists are in time order).
      const part = {
        deployments: deployments.slice(
          firstAtOrAfter(deployments, (d) => d.time, period.start),
          firstAtOrAfter(deployments, (d) => d.time, period.end),
        ),
        incidents: incidents.slice(
          firstAtOrAfter(incidents, (x) => x.openedAt, period.start),
          firstAtOrAfter(incidents, (x) => x.openedAt, period.end),
        ),
        skewedChanges: 0,
      };
      const own = counts.get(i) ?? { services: emptyServiceFacts(), events: 0 };
      countLinked(own.services, part, period, label);
      sprints[i] = {
        facts: { ...periodFacts({ linked: part, eventTimes: [] }, period), events: own.events },
        services: own.services,
      };
    }
    const split = Math.max(windowStart, exactFrom);
    this.state.set(team.name, {
      cache: { key: this.cacheKey(team), sprints },
      recent: {
        deployments: [
          ...(kept?.deployments.filter((d) => d.time >= windowStart && d.time < exactFrom) ?? []),
          ...deployments.slice(firstAtOrAfter(deployments, (d) => d.time, split)),
        ],
        eventTimes: [...(kept?.eventTimes.filter((t) => t >= windowStart && t < exactFrom) ?? []), ...eventTimes],
      },
      openIncidents: this.store.openIncidents(team.name),
      ...(taken && { checkpoint: taken }),
    });
  }

  /**
   * The team's history in linking order (time, ties by id), read one event at a time: every event from
   * `countFrom` on (`counted`), before it only the linked types from `linkFrom`, or, for a `slice`, from where
   * linking must start to decide every result from `linkFrom` on, with what it needs from further back.
   * Only events with equal stored times are sorted here.
   */
  private *history(
    team: string,
    slice: boolean,
    linkFrom: number,
    countFrom: number,
  ): Generator<{ at: number; event: NormalizedEvent; counted: boolean }> {
    const start = slice ? this.sliceStart(team, linkFrom) : linkFrom;
    const split = Math.max(start, countFrom);
    const parts = [
      slice ? this.store.sliceContext(team, start) : [],
      this.store.teamEventStream(team, start, split, LINKED),
      this.store.teamEventStream(team, split, Number.MAX_SAFE_INTEGER),
    ];
    for (const [n, part] of parts.entries()) {
      const counted = n === 2;
      let group: { at: number; e: NormalizedEvent }[] = [];
      let groupTime = NaN;
      for (const row of part) {
        if (row.time !== groupTime && group.length) {
          if (group.length > 1) group.sort(byTimeThenId);
          for (const { at, e } of group) yield { at, event: e, counted };
          group = [];
        }
        groupTime = row.time;
        group.push({ at: parseTime(row.event.time), e: row.event });
      }
      if (group.length > 1) group.sort(byTimeThenId);
      for (const { at, e } of group) yield { at, event: e, counted };
    }
  }

  /**
   * Where linking must start to decide every result from `from` on exactly: one lookback earlier (a deployment
   * ships commits at most that old and no older deployment), further back where a root-cause link can blame a
   * deployment up to a lookback before `from` (whose own changes need a lookback more). What explicit links and
   * repeated openings tie to the slice from further back comes with it (`EventStore.sliceContext`).
   */
  private sliceStart(team: string, from: number): number {
    if (from === -Infinity) return Number.MIN_SAFE_INTEGER;
    const lookbackMs = this.config.link.lookbackSeconds * SECOND_MS;
    const opened = this.store.earliestRootCauseOpening(team, from, from + lookbackMs);
    return Math.min(from - lookbackMs, opened === undefined ? Infinity : opened - 2 * lookbackMs);
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
    const memo: Memo = (state.memo ??= { windows: new Map() });
    const factsOf = (index: number) => state.cache.sprints[index]?.facts ?? EMPTY_FACTS;
    // As sprintInputs of the contract model, with each sprint's quantiles computed once.
    const inputs = sprintsUntil(team.calendar, asOf).map((sprint) => ({
      index: sprint.index,
      name: sprint.name,
      start: sprint.start,
      end: sprint.end,
      measurements: measurementsCached(factsOf(sprint.index), sprintPeriod(sprint, asOf).days, asOf),
    }));
    const guarantee = evaluateGuarantee(inputs, team.contract, asOf);

    if (!memo.totals) {
      memo.totals = emptyServiceFacts();
      for (const entry of Object.values(state.cache.sprints)) addServiceFacts(memo.totals, entry.services);
    }

    const recent = state.recent as RecentLinks;
    const windows = {} as Record<WindowName, WindowView>;
    for (const [window, days] of Object.entries(WINDOWS) as [WindowName, number][]) {
      const period = { start: asOf - days * DAY_MS, end: asOf + 1 };
      const lo = firstAtOrAfter(recent.deployments, (d) => d.time, period.start);
      const hi = firstAtOrAfter(recent.deployments, (d) => d.time, period.end);
      let held = memo.windows.get(window);
      // The same deployments as at the last scrape: the same facts (only the event count moves with time).
      if (!held || held.lo !== lo || held.hi !== hi) {
        const deployed = recent.deployments.slice(lo, hi);
        held = {
          lo,
          hi,
          facts: periodFacts(
            { linked: { deployments: deployed, incidents: [], skewedChanges: 0 }, eventTimes: [] },
            period,
          ),
          automationRatio: deployed.length ? deployed.filter((d) => d.automated).length / deployed.length : null,
        };
        memo.windows.set(window, held);
      }
      const events =
        firstAtOrAfter(recent.eventTimes, (t) => t, period.end) -
        firstAtOrAfter(recent.eventTimes, (t) => t, period.start);
      const measurements = { ...measurementsCached(held.facts, days, asOf), events };
      windows[window] = {
        facts: { ...held.facts, events },
        measurements,
        tiers: tiersOf(measurements, team.contract.preset),
        automationRatio: held.automationRatio,
      };
    }
    return {
      team,
      asOf,
      guarantee,
      windows,
      sprintFacts: factsOf,
      totals: memo.totals,
      openIncidents: state.openIncidents ?? [],
    };
  }
}

/** First index whose key is ≥ `value` in a list sorted by that key. */
function firstAtOrAfter<T>(list: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
