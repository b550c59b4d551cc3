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

function toNumber(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Where each label of a number field's series comes from: a label column of the frame, else the field's labels. */
interface LabelSource {
  name: string;
  column: readonly unknown[] | undefined;
  fixed: string | undefined;
}

function labelSources(field: Field, labelColumns: readonly Field[]): LabelSource[] {
  const fieldLabels: Labels = field.labels ?? {};
  const columns = new Map(labelColumns.map((c) => [c.name, c.values]));
  // Sorted, so that a series gets the same key from a table row and from a range frame.
  const names = [...new Set([...Object.keys(fieldLabels), ...columns.keys()])].filter((n) => n !== '__name__').sort();
  return names.map((name) => ({ name, column: columns.get(name), fixed: fieldLabels[name] }));
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
    const nameColumn = labelColumns.find((c) => c.name === '__name__');
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) continue;
      const sources = labelSources(field, labelColumns);
      const fieldName = field.labels?.__name__;
      const fallbackName = metricName({}, field, frame);
      for (let row = 0; row < field.values.length; row++) {
        const value = toNumber(field.values[row]);
        if (value === null) continue;
        const named = nameColumn?.values[row] || fieldName;
        const metric = typeof named === 'string' && METRIC_NAME.test(named) ? named : fallbackName;
        if (!metric) continue;
        // Plain loops and string concatenation: this runs once per series and step, tens of thousands of times.
        let key = metric;
        const labels: Labels = {};
        for (const source of sources) {
          const cell = source.column?.[row];
          const v = typeof cell === 'string' && cell !== '' ? cell : source.fixed;
          if (v === undefined) continue;
          key += `\u0000${source.name}\u0001${v}`;
          labels[source.name] = v;
        }
        const at = time ? toNumber(time.values[row]) : null;
        const previous = latest.get(key);
        if (previous && (at ?? -Infinity) < (previous.time ?? -Infinity)) continue;
        latest.set(key, { metric, labels, value, time: at });
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
