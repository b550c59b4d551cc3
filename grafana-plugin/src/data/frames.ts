import { type DataFrame, type Field, FieldType, type Labels } from '@grafana/data';

/** The labels of the sample being visited; valid only during the visit. */
export interface SampleLabels {
  get(name: string): string | undefined;
  /** Every label but `__name__`, as a new object. */
  all(): Labels;
}

export type SampleVisitor = (metric: string, labels: SampleLabels, value: number, time: number | null) => void;

const METRIC_NAME = /^dora_[a-z0-9_]+$/;

/** The metric of a field whose rows carry no `__name__`: a query with a `{{__name__}}` legend names the field. */
function metricName(field: Field, frame: DataFrame): string | undefined {
  const candidates = [field.name, field.config?.displayNameFromDS, frame.name];
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
  // Sorted, so that `all()` lists a series' labels in the same order whatever shape its frame has.
  const names = [...new Set([...Object.keys(fieldLabels), ...columns.keys()])].filter((n) => n !== '__name__').sort();
  return names.map((name) => ({ name, column: columns.get(name), fixed: fieldLabels[name] }));
}

/**
 * Visits every value of every `dora_*` series in Prometheus frames of either shape:
 * - range / time series: one frame per series, its labels on the number field, one row per step;
 * - instant / table: one frame whose string fields are label columns (including `__name__`) and whose number
 *   fields (`Value`, `Value #A`, …) hold the values, one row per series (or per step for a range table).
 * Fields are recognised by type, never by position or display name, because transformations rename and reorder them.
 * Null and NaN values are skipped; keeping the latest value of a series is the caller's business. Labels are read on
 * demand rather than copied into an object per row: a large panel has tens of thousands of rows.
 */
export function visitSamples(frames: readonly DataFrame[], visit: SampleVisitor): void {
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const labelColumns = frame.fields.filter((f) => f.type === FieldType.string);
    const nameColumn = labelColumns.find((c) => c.name === '__name__');
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) continue;
      const sources = labelSources(field, labelColumns);
      const byName = new Map(sources.map((source) => [source.name, source]));
      let row = 0;
      const read = (source: LabelSource | undefined) => {
        const cell = source?.column?.[row];
        return typeof cell === 'string' && cell !== '' ? cell : source?.fixed;
      };
      const labels: SampleLabels = {
        get: (name) => read(byName.get(name)),
        all: () => {
          const out: Labels = {};
          for (const source of sources) {
            const v = read(source);
            if (v !== undefined) out[source.name] = v;
          }
          return out;
        },
      };
      const fieldName = field.labels?.__name__;
      const fallbackName = metricName(field, frame);
      const valid = new Map<string, boolean>();
      for (row = 0; row < field.values.length; row++) {
        const value = toNumber(field.values[row]);
        if (value === null) continue;
        const named = nameColumn?.values[row] || fieldName;
        let metric = fallbackName;
        if (typeof named === 'string') {
          let ok = valid.get(named);
          if (ok === undefined) valid.set(named, (ok = METRIC_NAME.test(named)));
          if (ok) metric = named;
        }
        if (!metric) continue;
        visit(metric, labels, value, time ? toNumber(time.values[row]) : null);
      }
    }
  }
}

/** Whether the frames hold any value at all, dora or not: tells "no data" from "wrong query". */
export function hasAnyValue(frames: readonly DataFrame[]): boolean {
  return frames.some((frame) =>
    frame.fields.some((f) => f.type === FieldType.number && f.values.some((v) => toNumber(v) !== null)),
  );
}
