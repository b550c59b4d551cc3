import type { DeploymentKind, NormalizedEvent } from './events';
import { HOUR_SECONDS, SECOND_MS, parseTime } from './time';

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

function byTimeThenId(a: { at: number; e: NormalizedEvent }, b: { at: number; e: NormalizedEvent }): number {
  return a.at - b.at || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0);
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

function lineOf(e: { service?: string; repository?: string }): string | undefined {
  return e.service ?? e.repository;
}

export function linkEvents(events: readonly NormalizedEvent[], options: LinkOptions): LinkedHistory {
  const ordered = events.map((e) => ({ at: parseTime(e.time), e })).sort(byTimeThenId);

  const lookbackMs = options.lookbackSeconds * SECOND_MS;
  const pending = new Map<string, PendingCommit[]>();
  const announced = new Map<string, PendingCommit>();
  /** Merge commit → first commit of the merged change, and when the merge was announced. */
  const firstCommitOfMerge = new Map<string, { at: number; announcedAt: number }>();
  /** Shas in each line's pending list, so an announcement finds its entry without a scan. */
  const pendingShas = new Map<string, Set<string>>();
  /** Each service's deployments in time order, for the window link. */
  const deploymentsOf = new Map<string, LinkedDeployment[]>();
  const deployedAt = new Map<string, number>();
  const isDeployed = (sha: string, at: number) => {
    const when = deployedAt.get(sha);
    return when !== undefined && when >= at - lookbackMs;
  };
  const deployments: LinkedDeployment[] = [];
  const deploymentById = new Map<string, LinkedDeployment>();
  const lastDeploymentOf = new Map<string, LinkedDeployment>();
  const incidents = new Map<string, LinkedIncident>();
  const incidentOrder: LinkedIncident[] = [];
  const pendingLinks = new Map<LinkedIncident, { deployment?: string; rootCauseSha?: string }>();
  let skewedChanges = 0;

  const addPending = (line: string, sha: string, time: number, at: number) => {
    if (isDeployed(sha, at)) return;
    // An announcement older than the lookback is forgotten: a re-announcement starts afresh, so no result
    // depends on an event more than one lookback before it.
    const previous = announced.get(sha);
    const known = previous && previous.announcedAt >= at - lookbackMs ? previous : undefined;
    const commit = { sha, time: known ? Math.min(known.time, time) : time, announcedAt: known?.announcedAt ?? at };
    announced.set(sha, commit);
    const list = pending.get(line) ?? [];
    const shas = pendingShas.get(line) ?? new Set<string>();
    if (shas.has(sha)) {
      const index = list.findIndex((c) => c.sha === sha);
      if (index >= 0) list[index] = commit;
    } else {
      list.push(commit);
      shas.add(sha);
    }
    pending.set(line, list);
    pendingShas.set(line, shas);
  };
  const setPending = (line: string, list: PendingCommit[]) => {
    pending.set(line, list);
    pendingShas.set(line, new Set(list.map((c) => c.sha)));
  };

  for (const { at, e } of ordered) {
    switch (e.type) {
      case 'commits.pushed': {
        const line = lineOf(e);
        if (!line) break;
        for (const c of e.commits) addPending(line, c.sha, parseTime(c.time), at);
        break;
      }
      case 'change.merged': {
        const line = lineOf(e);
        if (e.firstCommitAt && e.sha) {
          firstCommitOfMerge.set(e.sha, { at: parseTime(e.firstCommitAt), announcedAt: at });
        }
        // A merge whose commit no push announced (within the lookback) still starts a lead time, at its first
        // commit if known.
        const announcement = e.sha === undefined ? undefined : announced.get(e.sha);
        if (line && e.sha && !(announcement && announcement.announcedAt >= at - lookbackMs)) {
          addPending(line, e.sha, parseTime(e.firstCommitAt ?? e.mergedAt), at);
        }
        break;
      }
      case 'deployment': {
        if (e.status !== 'success' || !isProduction(e.environment, options)) break;
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

        const horizon = at - lookbackMs;
        const shipped: { sha: string; time: number }[] = [];
        for (const c of e.commits ?? []) shipped.push({ sha: c.sha, time: parseTime(c.time) });
        const line = (pending.get(e.service) ?? []).filter((c) => c.announcedAt >= horizon);
        const headAt = e.sha === undefined ? -1 : line.findIndex((c) => c.sha === e.sha);
        const head = e.sha === undefined ? undefined : announced.get(e.sha);
        if (headAt >= 0) {
          shipped.push(...line.splice(0, headAt + 1));
        } else if (head && head.announcedAt >= horizon) {
          shipped.push(head);
        }
        setPending(e.service, line);
        for (const c of shipped) {
          if (isDeployed(c.sha, at) || deployment.changes.some((x) => x.sha === c.sha)) continue;
          deployedAt.set(c.sha, at);
          const merge = firstCommitOfMerge.get(c.sha);
          const merged = merge && merge.announcedAt >= horizon ? merge.at : undefined;
          const committedAt = merged === undefined ? c.time : Math.min(merged, c.time);
          if (committedAt > at) {
            skewedChanges++;
            continue;
          }
          if (committedAt < horizon) continue;
          deployment.changes.push({ sha: c.sha, committedAt, leadTimeSeconds: (at - committedAt) / SECOND_MS });
        }
        // A commit announced on several lines (a monorepo) is shipped once: drop it from the other lines too.
        if (shipped.length) {
          for (const [name, list] of pending) {
            const shas = pendingShas.get(name) as Set<string>;
            if (shipped.some((c) => shas.has(c.sha))) {
              setPending(
                name,
                list.filter((c) => deployedAt.get(c.sha) !== at),
              );
            }
          }
        }

        const previous = lastDeploymentOf.get(e.service);
        if ((kind === 'rollback' || kind === 'hotfix') && e.remediates === undefined && previous) {
          previous.failureReasons.push(kind);
          previous.remediatedBy ??= e.id;
        }
        deployments.push(deployment);
        const ofService = deploymentsOf.get(e.service) ?? [];
        ofService.push(deployment);
        deploymentsOf.set(e.service, ofService);
        deploymentById.set(e.id, deployment);
        lastDeploymentOf.set(e.service, deployment);
        break;
      }
      case 'incident.opened': {
        const incident: LinkedIncident = {
          id: e.incident,
          openedAt: at,
          startedAt: e.startedAt ? Math.min(parseTime(e.startedAt), at) : at,
          ...(e.service !== undefined && { service: e.service }),
          ...(e.detectedBy !== undefined && { detectedBy: e.detectedBy }),
          ...(e.url !== undefined && { url: e.url }),
        };
        const existing = incidents.get(e.incident);
        if (existing) break; // the first opening wins; a repeat carries no new start
        incidents.set(e.incident, incident);
        incidentOrder.push(incident);
        pendingLinks.set(incident, {
          ...(e.deployment !== undefined && { deployment: e.deployment }),
          ...(e.rootCauseSha !== undefined && { rootCauseSha: e.rootCauseSha }),
        });
        break;
      }
      case 'incident.resolved': {
        const incident = incidents.get(e.incident);
        if (incident && at >= incident.openedAt) incident.resolvedAt = Math.max(incident.resolvedAt ?? at, at);
        break;
      }
      default:
        break;
    }
  }

  for (const incident of incidentOrder) linkIncident(incident, pendingLinks.get(incident) ?? {});
  for (const d of deployments) settleFailure(d);

  return { deployments, incidents: incidentOrder, skewedChanges };

  function linkIncident(incident: LinkedIncident, hint: { deployment?: string; rootCauseSha?: string }) {
    let target: LinkedDeployment | undefined;
    if (hint.deployment !== undefined) {
      target = deploymentById.get(hint.deployment);
      if (!target) incident.unlinkedReason = 'unknown-deployment';
      else incident.linkedBy = 'explicit';
    } else if (hint.rootCauseSha !== undefined) {
      const sha = hint.rootCauseSha.toLowerCase();
      const horizon = incident.openedAt - lookbackMs;
      target = deployments.find(
        (d) =>
          d.time >= horizon &&
          d.time <= incident.openedAt &&
          (sameCommit(d.sha, sha) || d.changes.some((c) => sameCommit(c.sha, sha))),
      );
      if (!target) incident.unlinkedReason = 'unknown-commit';
      else incident.linkedBy = 'root-cause-commit';
    } else if (incident.service !== undefined) {
      const windowMs = options.incidentLinkWindowSeconds * SECOND_MS;
      const candidates = deploymentsOf.get(incident.service) ?? [];
      const latest = candidates[lastAtOrBefore(candidates, incident.openedAt)];
      if (latest && incident.openedAt - latest.time <= windowMs) target = latest;
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

  function settleFailure(d: LinkedDeployment) {
    if (d.failureReasons.length === 0) return;
    const linked = d.incidents.map((id) => incidents.get(id) as LinkedIncident);
    const earliestStart = linked.length ? Math.min(...linked.map((i) => i.startedAt)) : d.time;
    d.failureStartedAt = Math.max(d.time, earliestStart);

    const restoreSignals: number[] = [];
    if (linked.length && linked.every((i) => i.resolvedAt !== undefined)) {
      restoreSignals.push(Math.max(...linked.map((i) => i.resolvedAt as number)));
    }
    const remediation = d.remediatedBy ? deploymentById.get(d.remediatedBy) : undefined;
    if (remediation) restoreSignals.push(remediation.time);
    if (restoreSignals.length) d.restoredAt = Math.max(d.failureStartedAt, Math.min(...restoreSignals));
  }
}
