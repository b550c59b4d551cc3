import type { DeploymentEvent, DeploymentKind, NormalizedEvent } from './events';
import { DAY_MS, HOUR_SECONDS, SECOND_MS, parseTime } from './time';

/**
 * Linking turns a team's raw event history into deployments that carry their changes and their failures.
 * It is a pure function of the events, so a late or backfilled event changes earlier results on the next run.
 * The rules are the contract's (docs/scoring.md, "Linking"); change them there first.
 */

export interface LinkOptions {
  /** Environment names that count as production (compared case-insensitively). */
  productionEnvironments: readonly string[];
  /** How long after a deployment an incident of the same service is still blamed on it. */
  incidentLinkWindowSeconds: number;
  /**
   * How far linking looks back: a commit announced, or committed, longer ago than this before a deployment is not
   * shipped by it, a commit deployed longer ago counts as never deployed, and a root-cause commit only matches
   * deployments this recent. It bounds what any result depends on, so a store can recompute a period from a bounded slice.
   */
  lookbackSeconds: number;
}

export const LOOKBACK_DAYS = 180;

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  productionEnvironments: ['production', 'prod'],
  incidentLinkWindowSeconds: 24 * HOUR_SECONDS,
  lookbackSeconds: LOOKBACK_DAYS * 24 * HOUR_SECONDS,
};

export interface LinkedChange {
  sha: string;
  /** Start of the lead time: the commit time, or the first commit of the merged change when that is earlier. */
  committedAt: number;
  leadTimeSeconds: number;
}

export type FailureReason = 'incident' | 'rollback' | 'hotfix';

export interface LinkedDeployment {
  id: string;
  service: string;
  time: number;
  sha?: string;
  kind: DeploymentKind;
  unplanned: boolean;
  automated?: boolean;
  url?: string;
  changes: LinkedChange[];
  failureReasons: FailureReason[];
  incidents: string[];
  /** Set when the deployment failed. */
  failureStartedAt?: number;
  /** Set when a failed deployment has recovered. */
  restoredAt?: number;
  /** The deployment that rolled back or hot-fixed this one. */
  remediatedBy?: string;
}

export type IncidentLink = 'explicit' | 'root-cause-commit' | 'window';

export interface LinkedIncident {
  id: string;
  service?: string;
  openedAt: number;
  startedAt: number;
  resolvedAt?: number;
  detectedBy?: 'alert' | 'person';
  url?: string;
  deploymentId?: string;
  linkedBy?: IncidentLink;
  /** Why the incident is not blamed on a deployment. */
  unlinkedReason?: 'no-candidate' | 'unknown-deployment' | 'unknown-commit';
}

export interface LinkedHistory {
  /** Successful production deployments, in time order. */
  deployments: LinkedDeployment[];
  incidents: LinkedIncident[];
  /** Commits whose deploy time precedes their commit time (clock skew); left out of lead time. */
  skewedChanges: number;
}

/** A commit named by its full id or by an abbreviation of at least 7 characters, as git prints them. */
export function sameCommit(full: string | undefined, named: string): boolean {
  if (full === undefined) return false;
  const a = full.toLowerCase();
  const b = named.toLowerCase();
  return a === b || (b.length >= 7 && a.startsWith(b));
}

export function isProduction(environment: string, options: LinkOptions): boolean {
  const env = environment.toLowerCase();
  return options.productionEnvironments.some((p) => p.toLowerCase() === env);
}

interface PendingCommit {
  sha: string;
  time: number;
  /** When the commit was announced (push or merge event time). */
  announcedAt: number;
}

/** Index of the last deployment at or before `time` in a time-ordered list; -1 when there is none. */
function lastAtOrBefore(list: readonly LinkedDeployment[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as LinkedDeployment).time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first deployment at or after `time` in a time-ordered list; the length when there is none. */
function firstAtOrAfter(list: readonly LinkedDeployment[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as LinkedDeployment).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lineOf(e: { service?: string; repository?: string }): string | undefined {
  return e.service ?? e.repository;
}

/** Time order, ties by id: the order linking takes events in (docs/scoring.md §2). */
export function byTimeThenId(a: { at: number; e: { id: string } }, b: { at: number; e: { id: string } }): number {
  return a.at - b.at || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0);
}

export function linkEvents(events: readonly NormalizedEvent[], options: LinkOptions): LinkedHistory {
  const linker = new Linker(options);
  for (const { at, e } of events.map((e) => ({ at: parseTime(e.time), e })).sort(byTimeThenId)) linker.add(e, at);
  return linker.result();
}

interface LinkHint {
  deployment?: string;
  rootCauseSha?: string;
}

/**
 * What events fed after a point need from before it (`Linker.track`): the incidents they open again or resolve,
 * the deployments they name or that carry an id named before, and how far back a root-cause commit can reach.
 */
export interface LinkNeeds {
  incidents: Set<string>;
  deployments: Set<string>;
  rootCauseFrom: number;
}

/**
 * Linking as a state fed one event at a time, in time order (ties by id): `linkEvents` is one linker fed the
 * whole history. A copy (`clone`) taken at some time and fed the events from there on gives the same links as
 * feeding everything, so a store can keep one near the present and re-link only what follows it. `forget` makes
 * such a copy small: it drops what the lookback, the link window and the events already known after it make
 * irrelevant for every result from its time on.
 */
export class Linker {
  private readonly lookbackMs: number;
  private readonly windowMs: number;
  private pending = new Map<string, PendingCommit[]>();
  /** Shas in each line's pending list, so an announcement finds its entry without a scan. */
  private pendingShas = new Map<string, Set<string>>();
  private announced = new Map<string, PendingCommit>();
  /** Merge commit → first commit of the merged change, and when the merge was announced. */
  private firstCommitOfMerge = new Map<string, { at: number; announcedAt: number }>();
  private deployedAt = new Map<string, number>();
  private deployments: LinkedDeployment[] = [];
  private deploymentById = new Map<string, LinkedDeployment>();
  /** Each service's deployments in time order, for the window link. */
  private deploymentsOf = new Map<string, LinkedDeployment[]>();
  private lastDeploymentOf = new Map<string, LinkedDeployment>();
  private incidents = new Map<string, LinkedIncident>();
  private incidentOrder: LinkedIncident[] = [];
  private hints = new Map<LinkedIncident, LinkHint>();
  private skewedChanges = 0;
  private tracked: LinkNeeds | undefined;
  /** Lines whose pending commits may be out of announcement order. */
  private unsorted = new Set<string>();
  /** When the commit maps are next pruned of what the lookback makes irrelevant. */
  private nextPrune = -Infinity;

  constructor(private readonly options: LinkOptions) {
    this.lookbackMs = options.lookbackSeconds * SECOND_MS;
    this.windowMs = options.incidentLinkWindowSeconds * SECOND_MS;
  }

  /** Feeds one event; `at` is its parsed time. Events must come in time order, ties by id. */
  add(e: NormalizedEvent, at: number = parseTime(e.time)): void {
    if (at >= this.nextPrune) {
      this.prune(at);
      this.nextPrune = at + Math.max(DAY_MS, this.lookbackMs / 16);
    }
    switch (e.type) {
      case 'commits.pushed': {
        const line = lineOf(e);
        if (!line) break;
        for (const c of e.commits) this.addPending(line, c.sha, parseTime(c.time), at);
        break;
      }
      case 'change.merged': {
        const line = lineOf(e);
        if (e.firstCommitAt && e.sha) {
          this.firstCommitOfMerge.set(e.sha, { at: parseTime(e.firstCommitAt), announcedAt: at });
        }
        // A merge whose commit no push announced (within the lookback) still starts a lead time, at its first
        // commit if known.
        const announcement = e.sha === undefined ? undefined : this.announced.get(e.sha);
        if (line && e.sha && !(announcement && announcement.announcedAt >= at - this.lookbackMs)) {
          this.addPending(line, e.sha, parseTime(e.firstCommitAt ?? e.mergedAt), at);
        }
        break;
      }
      case 'deployment':
        this.addDeployment(e, at);
        break;
      case 'incident.opened': {
        if (this.tracked) {
          this.tracked.incidents.add(e.incident);
          if (e.deployment !== undefined) this.tracked.deployments.add(e.deployment);
          if (e.rootCauseSha !== undefined) {
            this.tracked.rootCauseFrom = Math.min(this.tracked.rootCauseFrom, at - this.lookbackMs);
          }
        }
        if (this.incidents.has(e.incident)) break; // the first opening wins; a repeat carries no new start
        const incident: LinkedIncident = {
          id: e.incident,
          openedAt: at,
          startedAt: e.startedAt ? Math.min(parseTime(e.startedAt), at) : at,
          ...(e.service !== undefined && { service: e.service }),
          ...(e.detectedBy !== undefined && { detectedBy: e.detectedBy }),
          ...(e.url !== undefined && { url: e.url }),
        };
        this.incidents.set(e.incident, incident);
        this.incidentOrder.push(incident);
        this.hints.set(incident, {
          ...(e.deployment !== undefined && { deployment: e.deployment }),
          ...(e.rootCauseSha !== undefined && { rootCauseSha: e.rootCauseSha }),
        });
        break;
      }
      case 'incident.resolved': {
        this.tracked?.incidents.add(e.incident);
        const incident = this.incidents.get(e.incident);
        if (incident && at >= incident.openedAt) incident.resolvedAt = Math.max(incident.resolvedAt ?? at, at);
        break;
      }
      default:
        break;
    }
  }

  private isDeployed(sha: string, at: number): boolean {
    const when = this.deployedAt.get(sha);
    return when !== undefined && when >= at - this.lookbackMs;
  }

  private addPending(line: string, sha: string, time: number, at: number): void {
    if (this.isDeployed(sha, at)) return;
    // An announcement older than the lookback is forgotten: a re-announcement starts afresh, so no result
    // depends on an event more than one lookback before it.
    const previous = this.announced.get(sha);
    const known = previous && previous.announcedAt >= at - this.lookbackMs ? previous : undefined;
    const commit = { sha, time: known ? Math.min(known.time, time) : time, announcedAt: known?.announcedAt ?? at };
    this.announced.set(sha, commit);
    let list = this.pending.get(line);
    let shas = this.pendingShas.get(line);
    if (!list || !shas) {
      list = [];
      shas = new Set<string>();
      this.pending.set(line, list);
      this.pendingShas.set(line, shas);
    }
    if (shas.has(sha)) {
      const index = list.findIndex((c) => c.sha === sha);
      if (index >= 0) {
        if ((list[index] as PendingCommit).announcedAt !== commit.announcedAt) this.unsorted.add(line);
        list[index] = commit;
      }
    } else {
      const last = list[list.length - 1];
      if (last && last.announcedAt > commit.announcedAt) this.unsorted.add(line);
      list.push(commit);
      shas.add(sha);
    }
  }

  /**
   * Drops a line's commits announced before `horizon`, keeping the order of the others. A line is in announcement
   * order unless a commit took an earlier announcement with it or took a stale entry's place (`unsorted`); in
   * order, the expired commits are a prefix, so a deployment costs what expired, not the whole line.
   */
  private dropExpired(line: string, list: PendingCommit[], shas: Set<string>, horizon: number): void {
    if (!this.unsorted.has(line)) {
      let k = 0;
      while (k < list.length && (list[k] as PendingCommit).announcedAt < horizon)
        shas.delete((list[k++] as PendingCommit).sha);
      if (k) list.splice(0, k);
      return;
    }
    this.keepIf(list, shas, (c) => c.announcedAt >= horizon);
    if (list.every((c, i) => i === 0 || (list[i - 1] as PendingCommit).announcedAt <= c.announcedAt)) {
      this.unsorted.delete(line);
    }
  }

  /** Keeps the commits of a line that pass, in order, in place. */
  private keepIf(list: PendingCommit[], shas: Set<string>, keep: (c: PendingCommit) => boolean): void {
    let w = 0;
    for (const c of list) {
      if (keep(c)) list[w++] = c;
      else shas.delete(c.sha);
    }
    list.length = w;
  }

  private addDeployment(e: DeploymentEvent, at: number): void {
    if (e.status !== 'success' || !isProduction(e.environment, this.options)) return;
    if (this.tracked) this.tracked.deployments.add(e.id);
    const kind: DeploymentKind = e.kind ?? 'planned';
    const deployment: LinkedDeployment = {
      id: e.id,
      service: e.service,
      time: at,
      kind,
      unplanned: kind !== 'planned' || e.remediates !== undefined,
      changes: [],
      failureReasons: [],
      incidents: [],
      ...(e.sha !== undefined && { sha: e.sha }),
      ...(e.automated !== undefined && { automated: e.automated }),
      ...(e.url !== undefined && { url: e.url }),
    };

    const horizon = at - this.lookbackMs;
    const shipped: { sha: string; time: number }[] = [];
    for (const c of e.commits ?? []) shipped.push({ sha: c.sha, time: parseTime(c.time) });
    const line = this.pending.get(e.service);
    const lineShas = this.pendingShas.get(e.service);
    let headAt = -1;
    if (line && lineShas) {
      this.dropExpired(e.service, line, lineShas, horizon);
      if (e.sha !== undefined && lineShas.has(e.sha)) headAt = line.findIndex((c) => c.sha === e.sha);
    }
    const head = e.sha === undefined ? undefined : this.announced.get(e.sha);
    if (line && lineShas && headAt >= 0) {
      for (const c of line.splice(0, headAt + 1)) {
        lineShas.delete(c.sha);
        shipped.push(c);
      }
    } else if (head && head.announcedAt >= horizon) {
      shipped.push(head);
    }
    for (const c of shipped) {
      if (this.isDeployed(c.sha, at) || deployment.changes.some((x) => x.sha === c.sha)) continue;
      this.deployedAt.set(c.sha, at);
      const merge = this.firstCommitOfMerge.get(c.sha);
      const merged = merge && merge.announcedAt >= horizon ? merge.at : undefined;
      const committedAt = merged === undefined ? c.time : Math.min(merged, c.time);
      if (committedAt > at) {
        this.skewedChanges++;
        continue;
      }
      if (committedAt < horizon) continue;
      deployment.changes.push({ sha: c.sha, committedAt, leadTimeSeconds: (at - committedAt) / SECOND_MS });
    }
    // A commit announced on several lines (a monorepo) is shipped once: drop it from the other lines too.
    if (shipped.length) {
      for (const [name, list] of this.pending) {
        const shas = this.pendingShas.get(name) as Set<string>;
        if (shipped.some((c) => shas.has(c.sha))) {
          this.keepIf(list, shas, (c) => this.deployedAt.get(c.sha) !== at);
        }
      }
    }

    const previous = this.lastDeploymentOf.get(e.service);
    if ((kind === 'rollback' || kind === 'hotfix') && e.remediates === undefined && previous) {
      previous.failureReasons.push(kind);
      previous.remediatedBy ??= e.id;
    }
    this.deployments.push(deployment);
    const ofService = this.deploymentsOf.get(e.service) ?? [];
    ofService.push(deployment);
    this.deploymentsOf.set(e.service, ofService);
    this.deploymentById.set(e.id, deployment);
    this.lastDeploymentOf.set(e.service, deployment);
  }

  /**
   * Drops from the commit maps what no event at or after `at` can use: entries older than the lookback, and
   * announcements of commits deployed since (until the deployment is older than the lookback the commit counts as
   * deployed, and by then its announcement is older still). Keeps a long history's linking state to one lookback.
   */
  private prune(at: number): void {
    const horizon = at - this.lookbackMs;
    for (const [sha, c] of this.announced) {
      const deployed = this.deployedAt.get(sha);
      if (c.announcedAt < horizon || (deployed !== undefined && deployed >= c.announcedAt)) this.announced.delete(sha);
    }
    for (const [sha, m] of this.firstCommitOfMerge) if (m.announcedAt < horizon) this.firstCommitOfMerge.delete(sha);
    for (const [sha, t] of this.deployedAt) if (t < horizon) this.deployedAt.delete(sha);
  }

  /** An independent copy: feeding either one, or forgetting in it, leaves the other as it was. */
  clone(): Linker {
    const copy = new Linker(this.options);
    copy.pending = new Map([...this.pending].map(([line, list]) => [line, [...list]]));
    copy.pendingShas = new Map([...this.pendingShas].map(([line, shas]) => [line, new Set(shas)]));
    copy.unsorted = new Set(this.unsorted);
    // Their values are replaced, never changed in place.
    copy.announced = new Map(this.announced);
    copy.firstCommitOfMerge = new Map(this.firstCommitOfMerge);
    copy.deployedAt = new Map(this.deployedAt);
    copy.setDeployments(this.deployments.map((d) => ({ ...d, failureReasons: [...d.failureReasons] })));
    copy.setIncidents(
      this.incidentOrder.map((i) => ({ ...i })),
      this.incidentOrder.map((i) => this.hints.get(i) as LinkHint),
    );
    copy.skewedChanges = this.skewedChanges;
    return copy;
  }

  /** Replaces the deployments (in time order) and the indexes over them; the last one of an id or service wins. */
  private setDeployments(list: LinkedDeployment[]): void {
    this.deployments = list;
    this.deploymentById = new Map();
    this.deploymentsOf = new Map();
    this.lastDeploymentOf = new Map();
    for (const d of list) {
      const ofService = this.deploymentsOf.get(d.service);
      if (ofService) ofService.push(d);
      else this.deploymentsOf.set(d.service, [d]);
      this.deploymentById.set(d.id, d);
      this.lastDeploymentOf.set(d.service, d);
    }
  }

  private setIncidents(list: LinkedIncident[], hints: LinkHint[]): void {
    this.incidentOrder = list;
    this.incidents = new Map();
    this.hints = new Map();
    list.forEach((incident, i) => {
      this.incidents.set(incident.id, incident);
      this.hints.set(incident, hints[i] as LinkHint);
    });
  }

  /** From now on, notes what the events fed need from before this point (for `forget` on a copy taken here). */
  track(): void {
    this.tracked = { incidents: new Set(), deployments: new Set(), rootCauseFrom: Infinity };
  }

  /** What the events fed since `track` need from before it. */
  needs(): LinkNeeds | undefined {
    return this.tracked;
  }

  /**
   * Drops what no result at or after `at` can depend on, given that every event fed from now on is at or after
   * `at` and needs from before it only what `needs` lists (anything else reaching further back has to be linked
   * again from further back): announcements, merges and deployed commits older than the lookback; deployments
   * before the link window, except the last of each service, those a root-cause commit can still reach and those
   * whose id is named or taken again; incidents that nothing later opens again, resolves or links explicitly.
   * The results it then gives before `at` are no longer the whole history's.
   */
  forget(at: number, needs: LinkNeeds): void {
    this.prune(at);

    const from = Math.min(at - this.windowMs, needs.rootCauseFrom);
    const last = new Set(this.lastDeploymentOf.values());
    const known = new Set(this.deploymentById.keys());
    this.setDeployments(this.deployments.filter((d) => d.time >= from || last.has(d) || needs.deployments.has(d.id)));
    const kept = this.incidentOrder.filter((incident) => {
      const named = (this.hints.get(incident) as LinkHint).deployment;
      return (
        needs.incidents.has(incident.id) || (named !== undefined && (!known.has(named) || needs.deployments.has(named)))
      );
    });
    this.setIncidents(
      kept,
      kept.map((i) => this.hints.get(i) as LinkHint),
    );
  }

  /**
   * The links of everything fed so far: each incident linked to its deployment, failures and recoveries settled.
   * Works on copies, so the linker can be fed further.
   */
  result(): LinkedHistory {
    const copies = new Map<LinkedDeployment, LinkedDeployment>();
    const deployments = this.deployments.map((d) => {
      const copy = { ...d, failureReasons: [...d.failureReasons], incidents: [...d.incidents] };
      copies.set(d, copy);
      return copy;
    });
    const incidents = this.incidentOrder.map((i) => ({ ...i }));
    const incidentById = new Map(incidents.map((i) => [i.id, i]));
    const lookup = (d: LinkedDeployment | undefined) => (d === undefined ? undefined : copies.get(d));
    incidents.forEach((incident, i) => {
      const hint = this.hints.get(this.incidentOrder[i] as LinkedIncident) ?? {};
      this.linkIncident(incident, hint, deployments, lookup);
    });
    for (const d of deployments) {
      this.settleFailure(d, incidentById, (id) => lookup(this.deploymentById.get(id)));
    }
    return { deployments, incidents, skewedChanges: this.skewedChanges };
  }

  private linkIncident(
    incident: LinkedIncident,
    hint: LinkHint,
    deployments: readonly LinkedDeployment[],
    lookup: (d: LinkedDeployment | undefined) => LinkedDeployment | undefined,
  ): void {
    let target: LinkedDeployment | undefined;
    if (hint.deployment !== undefined) {
      target = lookup(this.deploymentById.get(hint.deployment));
      if (!target) incident.unlinkedReason = 'unknown-deployment';
      else incident.linkedBy = 'explicit';
    } else if (hint.rootCauseSha !== undefined) {
      const sha = hint.rootCauseSha.toLowerCase();
      // The first deployment of the lookback before the opening that is that commit or shipped it.
      for (let i = firstAtOrAfter(deployments, incident.openedAt - this.lookbackMs); i < deployments.length; i++) {
        const d = deployments[i] as LinkedDeployment;
        if (d.time > incident.openedAt) break;
        if (sameCommit(d.sha, sha) || d.changes.some((c) => sameCommit(c.sha, sha))) {
          target = d;
          break;
        }
      }
      if (!target) incident.unlinkedReason = 'unknown-commit';
      else incident.linkedBy = 'root-cause-commit';
    } else if (incident.service !== undefined) {
      const candidates = this.deploymentsOf.get(incident.service) ?? [];
      const latest = candidates[lastAtOrBefore(candidates, incident.openedAt)];
      if (latest && incident.openedAt - latest.time <= this.windowMs) target = lookup(latest);
      if (target) incident.linkedBy = 'window';
      else incident.unlinkedReason = 'no-candidate';
    } else {
      incident.unlinkedReason = 'no-candidate';
    }
    if (!target) return;
    incident.deploymentId = target.id;
    target.incidents.push(incident.id);
    if (!target.failureReasons.includes('incident')) target.failureReasons.push('incident');
  }

  private settleFailure(
    d: LinkedDeployment,
    incidents: ReadonlyMap<string, LinkedIncident>,
    deploymentById: (id: string) => LinkedDeployment | undefined,
  ): void {
    if (d.failureReasons.length === 0) return;
    const linked = d.incidents.map((id) => incidents.get(id) as LinkedIncident);
    const earliestStart = linked.length ? Math.min(...linked.map((i) => i.startedAt)) : d.time;
    d.failureStartedAt = Math.max(d.time, earliestStart);

    const restoreSignals: number[] = [];
    if (linked.length && linked.every((i) => i.resolvedAt !== undefined)) {
      restoreSignals.push(Math.max(...linked.map((i) => i.resolvedAt as number)));
    }
    const remediation = d.remediatedBy ? deploymentById(d.remediatedBy) : undefined;
    if (remediation) restoreSignals.push(remediation.time);
    if (restoreSignals.length) d.restoredAt = Math.max(d.failureStartedAt, Math.min(...restoreSignals));
  }
}
