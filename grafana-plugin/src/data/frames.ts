import { type DataFrame, type Field, FieldType, type Labels } from '@grafana/data';

/** One Prometheus series reduced to its latest value. */
export interface Sample {
  metric: string;
  /** The series' labels without `__name__`. */
  labels: Labels;
  value: number;
  /** Epoch ms of the value, null when the frame has no time field. */
  time: number | null;
}

const METRIC_NAME = /^dora_[a-z0-9_]+$/;

function metricName(labels: Labels, field: Field, frame: DataFrame): string | undefined {
  // `__name__` is what Prometheus itself returns; the names are fallbacks for queries with a `{{__name__}}` legend.
  const candidates = [labels.__name__, field.name, field.config?.displayNameFromDS, frame.name];
  return candidates.find((c): c is string => typeof c === 'string' && METRIC_NAME.test(c));
}

function seriesKey(metric: string, labels: Labels): string {
  return (
    metric +
    '{' +
    Object.keys(labels)
      .sort()
      .map((k) => `${k}=${JSON.stringify(labels[k])}`)
      .join(',') +
    '}'
  );
}

function toNumber(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * Reads every `dora_*` series out of Prometheus frames of either shape, keeping each series' latest non-null value:
 * - range / time series: one frame per series, its labels on the number field, one row per step;
 * - instant / table: one frame whose string fields are label columns (including `__name__`) and whose number
 *   fields (`Value`, `Value #A`, …) hold the values, one row per series (or per step for a range table).
 * Fields are recognised by type, never by position or display name, because transformations rename and reorder them.
 */
export function readSamples(frames: readonly DataFrame[]): Sample[] {
  const latest = new Map<string, Sample>();
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const labelColumns = frame.fields.filter((f) => f.type === FieldType.string);
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) continue;
      for (let row = 0; row < field.values.length; row++) {
        const value = toNumber(field.values[row]);
        if (value === null) continue;
        const labels: Labels = { ...field.labels };
        for (const column of labelColumns) {
          const labelValue = column.values[row];
          if (typeof labelValue === 'string' && labelValue !== '') labels[column.name] = labelValue;
        }
        const metric = metricName(labels, field, frame);
        if (!metric) continue;
        delete labels.__name__;
        const at = time ? toNumber(time.values[row]) : null;
        const key = seriesKey(metric, labels);
        const previous = latest.get(key);
        if (!previous || (at ?? -Infinity) >= (previous.time ?? -Infinity)) {
          latest.set(key, { metric, labels, value, time: at });
        }
      }
    }
  }
  return [...latest.values()];
}

/** Whether the frames hold any value at all, dora or not: tells "no data" from "wrong query". */
export function hasAnyValue(frames: readonly DataFrame[]): boolean {
  return frames.some((frame) =>
    frame.fields.some((f) => f.type === FieldType.number && f.values.some((v) => toNumber(v) !== null)),
  );
}
