import type { Registry } from 'prom-client';
import type { BucketCounts } from '../aggregate/histogram';
import type { SelfMetrics } from './self';

export type Labels = Record<string, string>;
export interface Sample {
  labels: Labels;
  value: number;
  /** For histogram and summary series: `_bucket`, `_sum` or `_count`. */
  suffix?: string;
}

export type FamilyType = 'gauge' | 'counter' | 'histogram' | 'summary';

/**
 * A metric family whose samples are derived on every scrape from precomputed state. Unlike prom-client's own
 * metric classes it keeps no state between scrapes, so what it shows is always what the store says.
 */
export class DerivedFamily {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: FamilyType,
    private readonly collector: string,
    private readonly samples: () => Sample[],
    private readonly self: SelfMetrics,
    private readonly onError?: (family: string, error: unknown) => void,
  ) {}

  get() {
    let values: { labels: Labels; value: number; metricName?: string }[] = [];
    const started = process.hrtime.bigint();
    try {
      values = this.samples().map((s) => ({
        labels: s.labels,
        value: s.value,
        ...(s.suffix !== undefined && { metricName: `${this.name}${s.suffix}` }),
      }));
    } catch (e) {
      // One failing family must not fail the scrape: it is served empty and counted.
      this.self.collectorErrors.inc({ collector: this.collector });
      this.onError?.(this.name, e);
      values = [];
    }
    this.self.collectorDuration.set({ collector: this.collector }, Number(process.hrtime.bigint() - started) / 1e9);
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }
}

/** Registers families of one collector (e.g. "sprint") on the registry. */
export function familyRegistrar(
  registry: Registry,
  self: SelfMetrics,
  collector: string,
  onError?: (family: string, error: unknown) => void,
) {
  return (name: string, type: FamilyType, help: string, samples: () => Sample[]) => {
    registry.registerMetric(
      new DerivedFamily(name, help, type, collector, samples, self, onError) as unknown as Parameters<
        Registry['registerMetric']
      >[0],
    );
  };
}

/** Expands per-sprint bucket counts into cumulative `_bucket`, `_sum` and `_count` samples. */
export function histogramSamples(labels: Labels, bounds: readonly number[], b: BucketCounts): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  bounds.forEach((bound, i) => {
    cumulative += b.counts[i] ?? 0;
    out.push({ labels: { ...labels, le: String(bound) }, value: cumulative, suffix: '_bucket' });
  });
  out.push({ labels: { ...labels, le: '+Inf' }, value: b.count, suffix: '_bucket' });
  out.push({ labels, value: b.sum, suffix: '_sum' });
  out.push({ labels, value: b.count, suffix: '_count' });
  return out;
}
