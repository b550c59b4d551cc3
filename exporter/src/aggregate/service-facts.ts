import {
  type LinkedHistory,
  type NormalizedEvent,
  isProduction,
  type LinkOptions,
  parseTime,
} from '@dora-guarantee/scoring';
import { UNASSIGNED, type TeamDirectory } from '../config/directory';
import {
  type BucketCounts,
  DURATION_BUCKETS,
  PIPELINE_BUCKETS,
  SIZE_BUCKETS,
  addBuckets,
  emptyBuckets,
  observe,
} from './histogram';

/**
 * Per-sprint counts behind the all-history counters and histograms, broken down by label values. Keys join label
 * values with a NUL, which no label value can contain. Summing the sprints of a team gives its counters.
 */
export interface ServiceFacts {
  deployments: Record<string, number>;
  failures: Record<string, number>;
  rework: Record<string, number>;
  automated: Record<string, number>;
  incidents: Record<string, number>;
  detectedByAlert: Record<string, number>;
  leadTime: Record<string, BucketCounts>;
  recovery: Record<string, BucketCounts>;
  timeToDetect: Record<string, BucketCounts>;
  pipelines: Record<string, number>;
  pipelineDuration: Record<string, BucketCounts>;
  testSuites: Record<string, number>;
  testSuiteFailures: Record<string, number>;
  tests: Record<string, number>;
  coverage: Record<string, { time: number; value: number }>;
  migrations: Record<string, number>;
  migrationFailures: Record<string, number>;
  reviewTime: Record<string, BucketCounts>;
  changeSize: Record<string, BucketCounts>;
  lastDeployment: Record<string, number>;
}

export const SEP = '\u0000';

export function emptyServiceFacts(): ServiceFacts {
  return {
    deployments: {},
    failures: {},
    rework: {},
    automated: {},
    incidents: {},
    detectedByAlert: {},
    leadTime: {},
    recovery: {},
    timeToDetect: {},
    pipelines: {},
    pipelineDuration: {},
    testSuites: {},
    testSuiteFailures: {},
    tests: {},
    coverage: {},
    migrations: {},
    migrationFailures: {},
    reviewTime: {},
    changeSize: {},
    lastDeployment: {},
  };
}

const COUNTS = [
  'deployments',
  'failures',
  'rework',
  'automated',
  'incidents',
  'detectedByAlert',
  'pipelines',
  'testSuites',
  'testSuiteFailures',
  'tests',
  'migrations',
  'migrationFailures',
] as const;
const HISTOGRAMS = ['leadTime', 'recovery', 'timeToDetect', 'pipelineDuration', 'reviewTime', 'changeSize'] as const;

function inc(map: Record<string, number>, key: string, by = 1) {
  map[key] = (map[key] ?? 0) + by;
}

function bucket(map: Record<string, BucketCounts>, key: string, bounds: readonly number[], value: number) {
  const target = (map[key] ??= emptyBuckets(bounds));
  observe(target, bounds, value);
}

export function addServiceFacts(target: ServiceFacts, other: ServiceFacts): void {
  for (const k of COUNTS) for (const [key, n] of Object.entries(other[k])) inc(target[k], key, n);
  for (const k of HISTOGRAMS) {
    for (const [key, b] of Object.entries(other[k])) {
      const t = (target[k][key] ??= { counts: new Array(b.counts.length).fill(0), sum: 0, count: 0 });
      addBuckets(t, b);
    }
  }
  for (const [key, c] of Object.entries(other.coverage)) {
    const current = target.coverage[key];
    if (!current || c.time >= current.time) target.coverage[key] = c;
  }
  for (const [key, t] of Object.entries(other.lastDeployment)) {
    target.lastDeployment[key] = Math.max(target.lastDeployment[key] ?? 0, t);
  }
}

/** An event with its time already parsed (epoch ms): parsing is the costliest part of counting. */
export interface TimedEvent {
  event: NormalizedEvent;
  time: number;
}

export function timed(events: readonly NormalizedEvent[]): TimedEvent[] {
  return events.map((event) => ({ event, time: parseTime(event.time) }));
}

/** The label a service gets: itself when the team configures it, else `unassigned`. */
export type ServiceLabel = (service: string | undefined) => string;

export function serviceLabel(services: ReadonlySet<string>): ServiceLabel {
  return (service) => (service !== undefined && services.has(service) ? service : UNASSIGNED);
}

/**
 * Counts one sprint's facts: local ones from the sprint's events, linked ones (failures, lead and recovery times,
 * incident links) from the team's linked history. Both may hold more than the period; only the period counts.
 */
export function serviceFacts(
  events: readonly TimedEvent[],
  linked: LinkedHistory,
  period: { start: number; end: number },
  services: ReadonlySet<string>,
  directory: TeamDirectory,
  link: LinkOptions,
): ServiceFacts {
  const f = emptyServiceFacts();
  const label = serviceLabel(services);
  for (const { event, time } of events) {
    if (time >= period.start && time < period.end) countEvent(f, event, time, label, directory, link);
  }
  countLinked(f, linked, period, label);
  return f;
}

/** Adds what one event of the period counts by itself (everything but linking). */
export function countEvent(
  f: ServiceFacts,
  e: NormalizedEvent,
  time: number,
  label: ServiceLabel,
  directory: TeamDirectory,
  link: LinkOptions,
): void {
  switch (e.type) {
    case 'deployment': {
      if (e.status !== 'success') break;
      const service = label(e.service);
      inc(f.deployments, `${service}${SEP}${directory.environmentLabel(e.environment)}`);
      if (isProduction(e.environment, link)) {
        f.lastDeployment[service] = Math.max(f.lastDeployment[service] ?? 0, time);
      }
      break;
    }
    case 'pipeline.finished': {
      const service = label(e.service);
      inc(f.pipelines, `${service}${SEP}${e.status}`);
      bucket(f.pipelineDuration, service, PIPELINE_BUCKETS, e.durationSeconds);
      break;
    }
    case 'tests.finished': {
      const service = label(e.service);
      inc(f.testSuites, service);
      if (e.failed > 0) inc(f.testSuiteFailures, service);
      inc(f.tests, `${service}${SEP}passed`, e.passed);
      inc(f.tests, `${service}${SEP}failed`, e.failed);
      inc(f.tests, `${service}${SEP}skipped`, e.skipped);
      if (e.coverage !== undefined) {
        const current = f.coverage[service];
        if (!current || time >= current.time) f.coverage[service] = { time, value: e.coverage };
      }
      break;
    }
    case 'migration.finished': {
      const service = label(e.service);
      inc(f.migrations, service);
      if (e.status === 'failure') inc(f.migrationFailures, service);
      break;
    }
    case 'change.merged': {
      const service = label(e.service);
      const review = (parseTime(e.mergedAt) - parseTime(e.openedAt)) / 1000;
      if (review >= 0) bucket(f.reviewTime, service, DURATION_BUCKETS, review);
      if (e.additions !== undefined || e.deletions !== undefined) {
        bucket(f.changeSize, service, SIZE_BUCKETS, (e.additions ?? 0) + (e.deletions ?? 0));
      }
      break;
    }
    default:
      break;
  }
}

/** Adds the period's linked facts: failures, rework, automation, lead and recovery times, incidents. */
export function countLinked(
  f: ServiceFacts,
  linked: Pick<LinkedHistory, 'deployments' | 'incidents'>,
  period: { start: number; end: number },
  label: ServiceLabel,
): void {
  const inPeriod = (t: number) => t >= period.start && t < period.end;
  for (const d of linked.deployments) {
    if (!inPeriod(d.time)) continue;
    const service = label(d.service);
    if (d.failureReasons.length) inc(f.failures, service);
    if (d.unplanned) inc(f.rework, service);
    if (d.automated) inc(f.automated, service);
    for (const c of d.changes) bucket(f.leadTime, service, DURATION_BUCKETS, c.leadTimeSeconds);
    if (d.restoredAt !== undefined && d.failureStartedAt !== undefined) {
      bucket(f.recovery, service, DURATION_BUCKETS, (d.restoredAt - d.failureStartedAt) / 1000);
    }
  }
  for (const i of linked.incidents) {
    if (!inPeriod(i.openedAt)) continue;
    const service = label(i.service);
    inc(f.incidents, `${service}${SEP}${i.deploymentId !== undefined}`);
    if (i.detectedBy === 'alert') inc(f.detectedByAlert, service);
    bucket(f.timeToDetect, service, DURATION_BUCKETS, (i.openedAt - i.startedAt) / 1000);
  }
}
