import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';
import { hasAnyValue, visitSamples } from './frames';

function collect(frames: DataFrame[]) {
  const out: { metric: string; labels: Record<string, string>; value: number; time: number | null }[] = [];
  visitSamples(frames, (metric, labels, value, time) => out.push({ metric, labels: labels.all(), value, time }));
  return out;
}

describe('visitSamples', () => {
  it('reads a table frame by field type, whatever the columns are called or ordered', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'sprint', type: FieldType.string, values: ['2026-01-05', '2026-01-19'] },
        { name: 'renamed value', type: FieldType.number, values: [3, 4] },
        { name: '__name__', type: FieldType.string, values: ['dora_sprint_index', 'dora_sprint_index'] },
        { name: 'team', type: FieldType.string, values: ['a', 'a'] },
        { name: 'When', type: FieldType.time, values: [1000, 1000] },
      ],
    });
    expect(collect([frame])).toEqual([
      { metric: 'dora_sprint_index', labels: { sprint: '2026-01-05', team: 'a' }, value: 3, time: 1000 },
      { metric: 'dora_sprint_index', labels: { sprint: '2026-01-19', team: 'a' }, value: 4, time: 1000 },
    ]);
  });

  it('reads a range frame: labels on the number field, one value per step', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [1000, 2000] },
        {
          name: 'Value',
          type: FieldType.number,
          labels: { __name__: 'dora_guarantee_credits', team: 'a' },
          values: [1, 2],
        },
      ],
    });
    expect(collect([frame]).map((s) => [s.metric, s.labels, s.value, s.time])).toEqual([
      ['dora_guarantee_credits', { team: 'a' }, 1, 1000],
      ['dora_guarantee_credits', { team: 'a' }, 2, 2000],
    ]);
  });

  it('takes the metric name from the field when the labels lack __name__', () => {
    const frame = toDataFrame({
      fields: [{ name: 'dora_sprint_events', type: FieldType.number, labels: { team: 'a' }, values: [4] }],
    });
    expect(collect([frame])).toEqual([{ metric: 'dora_sprint_events', labels: { team: 'a' }, value: 4, time: null }]);
  });

  it('skips NaN and non-numeric values', () => {
    const frame = toDataFrame({
      fields: [{ name: 'Value', type: FieldType.number, labels: { __name__: 'dora_x' }, values: [NaN, 'x', null] }],
    });
    expect(collect([frame])).toEqual([]);
    expect(hasAnyValue([frame])).toBe(false);
  });

  it('ignores series that carry no dora metric name, and tells them apart from no data', () => {
    const frame = toDataFrame({
      fields: [{ name: 'Value', type: FieldType.number, labels: { __name__: 'up', job: 'node' }, values: [1] }],
    });
    expect(collect([frame])).toEqual([]);
    expect(hasAnyValue([frame])).toBe(true);
    expect(hasAnyValue([])).toBe(false);
  });

  it('drops empty label cells, which a table uses for labels a series lacks', () => {
    const frame = toDataFrame({
      fields: [
        { name: '__name__', type: FieldType.string, values: ['dora_sprint_lead_time_seconds', 'dora_sprint_index'] },
        { name: 'quantile', type: FieldType.string, values: ['0.5', ''] },
        { name: 'Value #A', type: FieldType.number, values: [60, 2] },
      ],
    });
    expect(collect([frame]).map((s) => s.labels)).toEqual([{ quantile: '0.5' }, {}]);
  });
});
