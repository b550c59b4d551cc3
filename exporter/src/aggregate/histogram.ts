/** Bucket counts kept per sprint and summed at scrape time into a Prometheus histogram. */
export interface BucketCounts {
  /** Non-cumulative count per upper bound, plus one final slot for +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

/** Duration buckets on the DORA tier bounds (1 h, 1 d, 1 w, 30 d, 180 d), finer below an hour. */
export const DURATION_BUCKETS = [60, 300, 900, 1800, 3600, 14400, 86400, 604800, 2592000, 15552000];
/** CI pipeline durations are minutes, not days. */
export const PIPELINE_BUCKETS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
/** Lines changed per merged change. */
export const SIZE_BUCKETS = [10, 50, 100, 250, 500, 1000, 2500, 5000];

export function emptyBuckets(bounds: readonly number[]): BucketCounts {
  return { counts: new Array(bounds.length + 1).fill(0), sum: 0, count: 0 };
}

export function observe(target: BucketCounts, bounds: readonly number[], value: number): void {
  let i = bounds.findIndex((b) => value <= b);
  if (i < 0) i = bounds.length;
  target.counts[i] = (target.counts[i] ?? 0) + 1;
  target.sum += value;
  target.count += 1;
}

export function addBuckets(target: BucketCounts, other: BucketCounts): void {
  other.counts.forEach((c, i) => (target.counts[i] = (target.counts[i] ?? 0) + c));
  target.sum += other.sum;
  target.count += other.count;
}
