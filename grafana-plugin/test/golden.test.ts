import { differences, goldenVectors } from '@dora-guarantee/scoring/test/golden';
import type { DataFrame } from '@grafana/data';
import { DEFAULT_OPTIONS } from '../src/defaults';
import { computePanelModel } from '../src/data/model';
import { type PromSeries, seriesForVector } from './support/exposition';
import { rangeFrames, tableFrame } from './support/promFrames';

const HOUR = 3_600_000;

/** Every shape a dashboard query can take; each must give the contract model's answer. */
const SHAPES: [string, (series: PromSeries[], asOf: number) => DataFrame[]][] = [
  ['instant table, one query', (series, asOf) => [tableFrame(series, asOf)]],
  [
    'instant table, sprint and guarantee families in two queries',
    (series, asOf) => [
      tableFrame(
        series.filter((s) => s.metric.startsWith('dora_sprint_')),
        asOf,
        'A',
      ),
      tableFrame(
        series.filter((s) => s.metric.startsWith('dora_guarantee_')),
        asOf,
        'B',
      ),
    ],
  ],
  [
    'range, stale and null values before the latest step',
    (series, asOf) =>
      rangeFrames(series, {
        times: [asOf - 2 * HOUR, asOf - HOUR, asOf],
        earlier: (s, step) => (step === 0 ? null : s.value + 7),
      }),
  ],
  [
    'range, metric name in the field name',
    (series, asOf) => rangeFrames(series, { times: [asOf], nameInFieldName: true }),
  ],
];

describe.each(goldenVectors.map((v) => [v.name, v] as const))('golden vector %s through the panel', (_name, vector) => {
  const asOf = Date.parse(vector.asOf);
  const series = seriesForVector(vector, 'squad', { withResults: true });

  it.each(SHAPES)('%s', (_shape, frames) => {
    const model = computePanelModel(frames(series, asOf), DEFAULT_OPTIONS, asOf);
    if (model.kind !== 'teams') throw new Error(`expected teams, got ${JSON.stringify(model)}`);
    expect(model.teams).toHaveLength(1);
    const team = model.teams[0]!;
    const actual = {
      credits: team.credits,
      lowStreak: team.lowStreak,
      atRisk: team.atRisk,
      creditsIfNextLow: team.creditsIfNextLow,
      sprints: team.sprints.map((s) => ({
        name: s.name,
        index: s.index,
        status: s.status,
        score: s.score,
        credited: s.credited,
        atRisk: s.atRisk,
        tiers: s.tiers,
      })),
    };
    const expected = {
      credits: vector.expected.credits,
      lowStreak: vector.expected.lowStreak,
      atRisk: vector.expected.atRisk,
      creditsIfNextLow: vector.expected.creditsIfNextLow,
      sprints: vector.expected.sprints.map((s) => ({
        name: s.name,
        index: s.index,
        status: s.status,
        score: s.score,
        credited: s.credited,
        atRisk: s.atRisk,
        tiers: s.tiers,
      })),
    };
    expect(differences(actual, expected)).toEqual([]);
    expect(team.contract).toEqual(vector.contract);
    expect(team.whatIf).toEqual([]);
    expect(team.notes).toEqual([]);
  });
});
