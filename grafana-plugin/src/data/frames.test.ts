import { FieldType, toDataFrame } from '@grafana/data';
import { hasAnyValue, readSamples } from './frames';

describe('readSamples', () => {
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
    expect(readSamples([frame])).toEqual([
      { metric: 'dora_sprint_index', labels: { sprint: '2026-01-05', team: 'a' }, value: 3, time: 1000 },
      { metric: 'dora_sprint_index', labels: { sprint: '2026-01-19', team: 'a' }, value: 4, time: 1000 },
    ]);
  });

  it('keeps the latest non-null value of a range series, whatever order the rows come in', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [3000, 1000, 2000, 4000] },
        {
          name: 'Value',
          type: FieldType.number,
          labels: { __name__: 'dora_guarantee_credits', team: 'a' },
          values: [5, 1, 2, null],
        },
      ],
    });
    expect(readSamples([frame])).toEqual([
      { metric: 'dora_guarantee_credits', labels: { team: 'a' }, value: 5, time: 3000 },
    ]);
  });

  it('treats NaN and non-numeric values as no value', () => {
    const frame = toDataFrame({
      fields: [{ name: 'Value', type: FieldType.number, labels: { __name__: 'dora_x' }, values: [NaN, 'x', null] }],
    });
    expect(readSamples([frame])).toEqual([]);
    expect(hasAnyValue([frame])).toBe(false);
  });

  it('ignores series that carry no dora metric name, and tells them apart from no data', () => {
    const frame = toDataFrame({
      fields: [{ name: 'Value', type: FieldType.number, labels: { job: 'node' }, values: [1] }],
    });
    expect(readSamples([frame])).toEqual([]);
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
    expect(readSamples([frame]).map((s) => s.labels)).toEqual([{ quantile: '0.5' }, {}]);
  });
});
