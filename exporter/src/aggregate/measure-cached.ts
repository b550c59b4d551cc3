import { type Measurements, type PeriodFacts, SECOND_MS, median } from '@dora-guarantee/scoring';

/** The recovery times a median is taken over: restored ones, and open ones measured until `asOf`. */
export function recoveryValues(facts: PeriodFacts, asOf: number): number[] {
  return [...facts.recoveries, ...facts.openFailureStarts.map((start) => Math.max(0, asOf - start) / SECOND_MS)];
}

interface Quantiles {
  leadMedian: number | null;
  leadP90: number | null;
  /** Median of the restored recoveries; only valid for facts without open failures. */
  recoveryMedian: number | null;
}

const quantilesOf = new WeakMap<PeriodFacts, Quantiles>();

/**
 * `measurementsFrom` of the contract model, with the quantiles of one facts object computed once: facts of a
 * sprint or a window are kept between scrapes until a write changes them, and sorting their lead times on every
 * scrape would make a scrape's cost grow with the number of changes. What depends on the evaluation time (days
 * elapsed, open failures measured until now) is computed on every call. The incremental property test checks the
 * result against the model.
 */
export function measurementsCached(facts: PeriodFacts, days: number, asOf: number): Measurements {
  let q = quantilesOf.get(facts);
  if (!q) {
    const lead = Float64Array.from(facts.leadTimes).sort();
    q = {
      leadMedian: sortedPercentile(lead, 0.5),
      leadP90: sortedPercentile(lead, 0.9),
      recoveryMedian: sortedPercentile(Float64Array.from(facts.recoveries).sort(), 0.5),
    };
    quantilesOf.set(facts, q);
  }
  const count = facts.deployments;
  return {
    deployments: count,
    deploymentFrequencyPerDay: count / days,
    changes: facts.leadTimes.length,
    leadTimeMedianSeconds: q.leadMedian,
    leadTimeP90Seconds: q.leadP90,
    failedDeployments: facts.failedDeployments,
    changeFailureRate: count ? facts.failedDeployments / count : null,
    openFailures: facts.openFailureStarts.length,
    recoveryTimeMedianSeconds: facts.openFailureStarts.length
      ? (median(recoveryValues(facts, asOf)) ?? null)
      : q.recoveryMedian,
    unplannedDeployments: facts.unplannedDeployments,
    reworkRate: count ? facts.unplannedDeployments / count : null,
    events: facts.events,
  };
}

/**
 * `percentile` of the contract model (linear interpolation at (n − 1) × q) over values already sorted: a window
 * holds tens of thousands of lead times, sorted once as numbers for both quantiles.
 */
function sortedPercentile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const low = sorted[lower] as number;
  const high = sorted[Math.ceil(position)] as number;
  return low + (high - low) * (position - lower);
}
