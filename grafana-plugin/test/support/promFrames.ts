/**
 * The two shapes in which Grafana's Prometheus data source hands series to a panel:
 * - instant query, format "table": one frame per query, a Time column, one string column per label (empty where a
 *   series lacks it) and a `Value #<refId>` number column;
 * - range query, format "time series": one frame per series, Time + a number field carrying the labels.
 */
import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';
import type { PromSeries } from './exposition';

export function tableFrame(series: readonly PromSeries[], at: number, refId = 'A'): DataFrame {
  const labelNames = [...new Set(series.flatMap((s) => ['__name__', ...Object.keys(s.labels)]))].sort();
  const labelOf = (s: PromSeries, name: string) => (name === '__name__' ? s.metric : (s.labels[name] ?? ''));
  return toDataFrame({
    refId,
    meta: { typeVersion: [0, 0], preferredVisualisationType: 'table' },
    fields: [
      { name: 'Time', type: FieldType.time, values: series.map(() => at) },
      ...labelNames.map((name) => ({ name, type: FieldType.string, values: series.map((s) => labelOf(s, name)) })),
      { name: `Value #${refId}`, type: FieldType.number, values: series.map((s) => s.value) },
    ],
  });
}

export interface RangeOptions {
  /** Step timestamps (ms), oldest first; the series' value is published at every step. */
  times: number[];
  /** Values at earlier steps, to check that the latest one wins; defaults to the value itself. */
  earlier?: (s: PromSeries, step: number) => number | null;
  /** Put the metric name in the field name (a `{{__name__}}` legend) instead of the `__name__` label. */
  nameInFieldName?: boolean;
  refId?: string;
}

export function rangeFrames(series: readonly PromSeries[], opts: RangeOptions): DataFrame[] {
  const last = opts.times.length - 1;
  return series.map((s) =>
    toDataFrame({
      refId: opts.refId ?? 'A',
      meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      fields: [
        { name: 'Time', type: FieldType.time, values: opts.times },
        {
          name: opts.nameInFieldName ? s.metric : 'Value',
          type: FieldType.number,
          labels: opts.nameInFieldName ? s.labels : { __name__: s.metric, ...s.labels },
          values: opts.times.map((_, i) => (i === last ? s.value : opts.earlier ? opts.earlier(s, i) : s.value)),
        },
      ],
    }),
  );
}
