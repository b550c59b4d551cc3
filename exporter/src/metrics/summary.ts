export { recoveryValues } from '../aggregate/measure-cached';
import type { Labels, Sample } from './family';

/**
 * A period's quantiles as a Prometheus summary: `{quantile}` samples for the defined ones, plus `_sum` and `_count`
 * of the values they were taken over. A summary (not a gauge) because these are φ-quantiles of observations over
 * a window, and `promtool check metrics` rejects a `quantile` label on anything else.
 */
export function summarySamples(
  labels: Labels,
  quantiles: readonly (readonly [string, number | null])[],
  values: readonly number[],
): Sample[] {
  const out: Sample[] = [];
  for (const [quantile, value] of quantiles) {
    if (value !== null) out.push({ labels: { ...labels, quantile }, value });
  }
  out.push({ labels, value: values.reduce((a, b) => a + b, 0), suffix: '_sum' });
  out.push({ labels, value: values.length, suffix: '_count' });
  return out;
}
