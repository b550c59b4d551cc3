import {
  type LinkedDeployment,
  type LinkedIncident,
  SECOND_MS,
  type SprintResult,
  buildHistory,
  recoverySeconds,
  toIso,
} from '@dora-guarantee/scoring';
import type { Config, TeamConfig } from '../config/load';
import type { EventStore } from '../store/types';
import { sprintJson } from './json';

const iso = (ms: number | undefined) => (ms === undefined ? null : toIso(ms));

function deploymentJson(d: LinkedDeployment, asOf: number) {
  const failed = d.failureReasons.length > 0;
  return {
    id: d.id,
    service: d.service,
    time: toIso(d.time),
    sha: d.sha ?? null,
    kind: d.kind,
    unplanned: d.unplanned,
    automated: d.automated ?? null,
    url: d.url ?? null,
    failed,
    failureReasons: d.failureReasons,
    incidents: d.incidents,
    remediatedBy: d.remediatedBy ?? null,
    failureStartedAt: iso(d.failureStartedAt),
    restoredAt: iso(d.restoredAt),
    recoverySeconds: failed ? (recoverySeconds(d, asOf) ?? null) : null,
    changes: d.changes.map((c) => ({
      sha: c.sha,
      committedAt: toIso(c.committedAt),
      leadTimeSeconds: c.leadTimeSeconds,
    })),
  };
}

function incidentJson(i: LinkedIncident) {
  return {
    id: i.id,
    service: i.service ?? null,
    openedAt: toIso(i.openedAt),
    startedAt: toIso(i.startedAt),
    resolvedAt: iso(i.resolvedAt),
    detectedBy: i.detectedBy ?? null,
    url: i.url ?? null,
    deploymentId: i.deploymentId ?? null,
    linkedBy: i.linkedBy ?? null,
    unlinkedReason: i.unlinkedReason ?? null,
  };
}

/**
 * Everything a sprint's measurements were computed from, re-derived from the store with the same linking the
 * metrics use: the deployments of the sprint with their changes and failures, and the incidents that touched them
 * or were opened in the sprint (unlinked ones included, so an auditor sees what did not count and why).
 */
export function sprintEvidence(
  store: EventStore,
  config: Config,
  team: TeamConfig,
  sprint: SprintResult,
  asOf: number,
) {
  const events = store.teamEvents(team.name, sprint.start - config.link.lookbackSeconds * SECOND_MS);
  const { linked } = buildHistory(events, config.link);
  const deployments = linked.deployments.filter((d) => d.time >= sprint.start && d.time < sprint.end);
  const ids = new Set(deployments.map((d) => d.id));
  const incidents = linked.incidents.filter(
    (i) =>
      (i.deploymentId !== undefined && ids.has(i.deploymentId)) ||
      (i.openedAt >= sprint.start && i.openedAt < sprint.end),
  );
  return {
    team: team.name,
    ...sprintJson(sprint),
    deployments: deployments.map((d) => deploymentJson(d, asOf)),
    incidents: incidents.map(incidentJson),
  };
}
