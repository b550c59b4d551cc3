/**
 * Normalized events: the only shape that leaves a source adapter. The exporter stores them, the contract model
 * measures them. Every field a provider payload cannot fill is optional; nothing here is provider-specific.
 *
 * Times are RFC 3339 strings on the wire and in the store; the model parses them once (see `time.ts`).
 */

export type DeploymentKind = 'planned' | 'rollback' | 'hotfix' | 'remediation';

export interface CommitRef {
  sha: string;
  /** When the commit was authored or committed; the start of its lead time. */
  time: string;
}

interface EventBase {
  /** Idempotency key, unique per source. */
  id: string;
  time: string;
  /** Resolved by the exporter from the service/repository map when a payload does not name it. */
  team?: string;
}

export interface DeploymentEvent extends EventBase {
  type: 'deployment';
  service: string;
  /** The repository deployed, when the provider names it; the exporter maps it to a configured service. */
  repository?: string;
  environment: string;
  status: 'success' | 'failure';
  /** The revision that was deployed; links the deployment to pushed commits and merged changes. */
  sha?: string;
  /** Commits this deployment is known to contain, when the sender lists them. */
  commits?: CommitRef[];
  kind?: DeploymentKind;
  automated?: boolean;
  /** Incident id this deployment was made to fix. */
  remediates?: string;
  url?: string;
}

/** Commits that reached a service's main line (a push to the default branch). */
export interface CommitsPushedEvent extends EventBase {
  type: 'commits.pushed';
  service?: string;
  repository?: string;
  commits: CommitRef[];
  /** Head of the push: deploying it deploys every earlier undeployed push of the same service. */
  head?: string;
}

export interface IncidentOpenedEvent extends EventBase {
  type: 'incident.opened';
  incident: string;
  service?: string;
  /** Id of the deployment that caused it, when known. */
  deployment?: string;
  /** A commit known to have caused it (e.g. a `root cause: <sha>` line). */
  rootCauseSha?: string;
  /** When the failure began, if earlier than `time` (when it was opened/detected). */
  startedAt?: string;
  /** Whether an alert (rather than a person) detected it. */
  detectedBy?: 'alert' | 'person';
  url?: string;
}

export interface IncidentResolvedEvent extends EventBase {
  type: 'incident.resolved';
  incident: string;
}

export interface PipelineFinishedEvent extends EventBase {
  type: 'pipeline.finished';
  pipeline: string;
  status: 'success' | 'failure' | 'cancellation' | 'error' | 'skip' | 'timeout';
  durationSeconds: number;
  service?: string;
  repository?: string;
}

export interface TestsFinishedEvent extends EventBase {
  type: 'tests.finished';
  passed: number;
  failed: number;
  skipped: number;
  durationSeconds?: number;
  /** Line coverage as a ratio 0–1. */
  coverage?: number;
  service?: string;
}

export interface MigrationFinishedEvent extends EventBase {
  type: 'migration.finished';
  service: string;
  status: 'success' | 'failure';
}

export interface ChangeMergedEvent extends EventBase {
  type: 'change.merged';
  service?: string;
  repository?: string;
  change: string;
  openedAt: string;
  mergedAt: string;
  firstCommitAt?: string;
  /** The commit the merge produced on the main line (a squash or merge commit). */
  sha?: string;
  additions?: number;
  deletions?: number;
  url?: string;
}

export type NormalizedEvent =
  | DeploymentEvent
  | CommitsPushedEvent
  | IncidentOpenedEvent
  | IncidentResolvedEvent
  | PipelineFinishedEvent
  | TestsFinishedEvent
  | MigrationFinishedEvent
  | ChangeMergedEvent;

export type NormalizedEventType = NormalizedEvent['type'];

export const EVENT_TYPES: readonly NormalizedEventType[] = [
  'deployment',
  'commits.pushed',
  'incident.opened',
  'incident.resolved',
  'pipeline.finished',
  'tests.finished',
  'migration.finished',
  'change.merged',
];
