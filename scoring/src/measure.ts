import type { NormalizedEvent } from './events';
import { type LinkOptions, type LinkedDeployment, type LinkedHistory, linkEvents } from './link';
import { median, percentile } from './percentile';
import { DAY_MS, SECOND_MS, parseTime } from './time';

/** What one team did in one period. A metric that is not defined in the period is null, never 0. */
export interface Measurements {
  /** Successful production deployments. */
  deployments: number;
  deploymentFrequencyPerDay: number;
  /** Changes first deployed to production in the period that have a known commit time. */
  changes: number;
  leadTimeMedianSeconds: number | null;
  leadTimeP90Seconds: number | null;
  failedDeployments: number;
  changeFailureRate: number | null;
  /** Failed deployments of the period still not recovered at evaluation time. */
  openFailures: number;
  recoveryTimeMedianSeconds: number | null;
  unplannedDeployments: number;
  reworkRate: number | null;
  /** Events of any type in the period; 0 means the team sent nothing at all. */
  events: number;
}

export interface TeamHistory {
  linked: LinkedHistory;
  /** Times of every event of the team, ascending. */
  eventTimes: number[];
}

export function buildHistory(events: readonly NormalizedEvent[], options: LinkOptions): TeamHistory {
  return {
    linked: linkEvents(events, options),
    eventTimes: events.map((e) => parseTime(e.time)).sort((a, b) => a - b),
  };
}

export interface Period {
  start: number;
  end: number;
  /** Days the deployment frequency is divided by. */
  days: number;
}

/** First index in an ascending list whose value is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function deploymentsIn(history: TeamHistory, period: Period): LinkedDeployment[] {
  return history.linked.deployments.filter((d) => d.time >= period.start && d.time < period.end);
}

/** Recovery time of a failed deployment; an unrecovered one counts as recovering until `asOf`. */
export function recoverySeconds(d: LinkedDeployment, asOf: number): number | undefined {
  if (d.failureStartedAt === undefined) return undefined;
  const end = d.restoredAt ?? Math.max(asOf, d.failureStartedAt);
  return (end - d.failureStartedAt) / SECOND_MS;
}

/**
 * What a period's events establish, independent of when it is evaluated: the exporter caches these per sprint and
 * derives measurements at any later time without linking again.
 */
export interface PeriodFacts {
  deployments: number;
  unplannedDeployments: number;
  /** Lead times of the changes first deployed in the period, in seconds. */
  leadTimes: number[];
  failedDeployments: number;
  /** Recovery times of failed deployments already restored, in seconds. */
  recoveries: number[];
  /** Failure start times (epoch ms) of failed deployments not yet restored. */
  openFailureStarts: number[];
  events: number;
}

export function periodFacts(history: TeamHistory, period: { start: number; end: number }): PeriodFacts {
  const deployments = deploymentsIn(history, period as Period);
  const failed = deployments.filter((d) => d.failureReasons.length > 0);
  return {
    deployments: deployments.length,
    unplannedDeployments: deployments.filter((d) => d.unplanned).length,
    leadTimes: deployments.flatMap((d) => d.changes.map((c) => c.leadTimeSeconds)),
    failedDeployments: failed.length,
    recoveries: failed.filter((d) => d.restoredAt !== undefined).map((d) => recoverySeconds(d, 0) as number),
    openFailureStarts: failed.filter((d) => d.restoredAt === undefined).map((d) => d.failureStartedAt as number),
    events: lowerBound(history.eventTimes, period.end) - lowerBound(history.eventTimes, period.start),
  };
}

/** Measurements from facts; open failures count as recovering until `asOf`. */
export function measurementsFrom(facts: PeriodFacts, days: number, asOf: number): Measurements {
  const count = facts.deployments;
  const recoveries = [
    ...facts.recoveries,
    ...facts.openFailureStarts.map((start) => Math.max(0, asOf - start) / SECOND_MS),
  ];
  return {
    deployments: count,
    deploymentFrequencyPerDay: count / days,
    changes: facts.leadTimes.length,
    leadTimeMedianSeconds: median(facts.leadTimes) ?? null,
    leadTimeP90Seconds: percentile(facts.leadTimes, 0.9) ?? null,
    failedDeployments: facts.failedDeployments,
    changeFailureRate: count ? facts.failedDeployments / count : null,
    openFailures: facts.openFailureStarts.length,
    recoveryTimeMedianSeconds: median(recoveries) ?? null,
    unplannedDeployments: facts.unplannedDeployments,
    reworkRate: count ? facts.unplannedDeployments / count : null,
    events: facts.events,
  };
}

export function measure(history: TeamHistory, period: Period, asOf: number): Measurements {
  return measurementsFrom(periodFacts(history, period), period.days, asOf);
}

/**
 * The period a sprint is measured over. An ended sprint divides by its calendar length; one in progress by
 * the days elapsed so far (at least one), so a provisional score is not dragged down by days still to come.
 */
export function sprintPeriod(sprint: { start: number; end: number; lengthDays: number }, asOf: number): Period {
  if (asOf >= sprint.end) return { start: sprint.start, end: sprint.end, days: sprint.lengthDays };
  const elapsed = Math.max(1, (asOf - sprint.start) / DAY_MS);
  return { start: sprint.start, end: sprint.end, days: Math.min(sprint.lengthDays, elapsed) };
}
