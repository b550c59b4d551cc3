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

export function measure(history: TeamHistory, period: Period, asOf: number): Measurements {
  const deployments = deploymentsIn(history, period);
  const count = deployments.length;
  const leadTimes = deployments.flatMap((d) => d.changes.map((c) => c.leadTimeSeconds));
  const failed = deployments.filter((d) => d.failureReasons.length > 0);
  const recoveries = failed.map((d) => recoverySeconds(d, asOf) as number);
  const unplanned = deployments.filter((d) => d.unplanned).length;
  const events = lowerBound(history.eventTimes, period.end) - lowerBound(history.eventTimes, period.start);

  return {
    deployments: count,
    deploymentFrequencyPerDay: count / period.days,
    changes: leadTimes.length,
    leadTimeMedianSeconds: median(leadTimes) ?? null,
    leadTimeP90Seconds: percentile(leadTimes, 0.9) ?? null,
    failedDeployments: failed.length,
    changeFailureRate: count ? failed.length / count : null,
    openFailures: failed.filter((d) => d.restoredAt === undefined).length,
    recoveryTimeMedianSeconds: median(recoveries) ?? null,
    unplannedDeployments: unplanned,
    reworkRate: count ? unplanned / count : null,
    events,
  };
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
