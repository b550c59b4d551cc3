/**
 * Percentile with linear interpolation between closest ranks (PERCENTILE_CONT, numpy's default):
 * position (n − 1) × q in the sorted values. Returns undefined for an empty list.
 */
export function percentile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 0.5);
}
