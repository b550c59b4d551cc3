import { goldenVectors } from '@dora-guarantee/scoring/test/golden';
import { DEFAULT_OPTIONS } from '../defaults';
import { SCENARIO_AS_OF, SCENARIO_TEAMS, scenarioSeries, vectorNamed } from '../../test/support/scenario';
import { tableFrame } from '../../test/support/promFrames';
import { type PromSeries, seriesForVector } from '../../test/support/exposition';
import { describeSprint } from './describe';
import { type PanelModel, computePanelModel } from './model';

function teamsOf(model: PanelModel) {
  if (model.kind !== 'teams') throw new Error(`expected teams, got ${model.kind}`);
  return model.teams;
}

const compute = (series: PromSeries[], options = DEFAULT_OPTIONS) =>
  computePanelModel([tableFrame(series, SCENARIO_AS_OF)], options, SCENARIO_AS_OF);

describe('computePanelModel over several teams', () => {
  const series = scenarioSeries();

  it('gives every team the credits and statuses of its golden vector', () => {
    const teams = teamsOf(compute(series));
    for (const [team, vectorName] of Object.entries(SCENARIO_TEAMS)) {
      const vector = vectorNamed(vectorName);
      const view = teams.find((t) => t.team === team)!;
      expect([view.credits, view.atRisk]).toEqual([vector.expected.credits, vector.expected.atRisk]);
      expect(view.sprints.map((s) => s.status)).toEqual(vector.expected.sprints.map((s) => s.status));
    }
  });

  it('sorts by credits (then at risk), by lowest latest score, or by name', () => {
    const order = (sortBy: 'credits' | 'score' | 'name') =>
      teamsOf(compute(series, { ...DEFAULT_OPTIONS, sortBy })).map((t) => t.team);
    const byCredits = order('credits');
    const credits = byCredits.map((t) => vectorNamed(SCENARIO_TEAMS[t]!).expected.credits);
    expect(credits).toEqual([...credits].sort((a, b) => b - a));
    expect(order('name')).toEqual(Object.keys(SCENARIO_TEAMS).sort());
    const latest = (team: string) => {
      const ended = vectorNamed(SCENARIO_TEAMS[team]!).expected.sprints.filter(
        (s) => s.status !== 'in-progress' && s.score !== null,
      );
      return ended[ended.length - 1]!.score!;
    };
    const scores = order('score').map(latest);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('links each sprint to its evidence', () => {
    const teams = teamsOf(compute(series, { ...DEFAULT_OPTIONS, evidenceBaseUrl: 'https://ex.example/' }));
    const sprint = teams.find((t) => t.team === 'checkout')!.sprints[0]!;
    expect(sprint.evidenceUrl).toBe(`https://ex.example/api/v1/teams/checkout/sprints/${sprint.name}/evidence`);
  });
});

describe('what-if overrides', () => {
  const vector = vectorNamed('run-of-three-low');
  const series = scenarioSeries({ checkout: 'run-of-three-low' });

  it('re-judges the sprints and says what departs from the contract', () => {
    // One more ramp-up sprint removes the first low of the credited run of three: a run of two still credits 2.
    const team = teamsOf(compute(series, { ...DEFAULT_OPTIONS, rampUpSprints: 3 }))[0]!;
    expect(vector.expected.credits).toBe(3);
    expect(team.credits).toBe(2);
    expect(team.whatIf).toEqual(['ramp-up sprints 3 (contract: 2)']);
  });

  it('falls back to the contract when the overrides make no valid contract', () => {
    const weights = { ...DEFAULT_OPTIONS.weights, deploymentFrequency: 0 };
    const team = teamsOf(compute(series, { ...DEFAULT_OPTIONS, overrideWeights: true, weights }))[0]!;
    expect(team.credits).toBe(vector.expected.credits);
    expect(team.whatIf).toEqual([]);
    expect(team.notes.join()).toMatch(/What-if ignored.*deploymentFrequency/);
  });
});

describe('incomplete data', () => {
  const series = scenarioSeries({ checkout: 'run-of-three-low' });
  const nameOfIndex = (index: number) =>
    series.find((s) => s.metric === 'dora_sprint_index' && s.value === index)!.labels.sprint!;

  it('reports no data when no frame holds a value', () => {
    expect(computePanelModel([], DEFAULT_OPTIONS, SCENARIO_AS_OF)).toEqual({ kind: 'no-data' });
  });

  it('names the required families a query left out', () => {
    const model = compute(series.filter((s) => s.metric !== 'dora_sprint_events'));
    expect(model).toMatchObject({ kind: 'missing-series', missing: ['dora_sprint_events'] });
  });

  it('leaves out a sprint whose index is missing, which then breaks a run', () => {
    const third = nameOfIndex(3);
    const model = compute(series.filter((s) => !(s.metric === 'dora_sprint_index' && s.labels.sprint === third)));
    const team = teamsOf(model)[0]!;
    expect(team.sprints.map((s) => s.name)).not.toContain(third);
    expect(team.notes.join()).toContain(`Left out for missing series: ${third}`);
    // The credited run 2-3-4 is cut into 2 and 4: single lows grant nothing.
    expect(team.credits).toBe(0);
  });

  it('explains credits the exporter counted in sprints no longer published', () => {
    // Without sprints 0-2 the credited run 2-3-4 shows as 3-4: 2 credits here, 1 earned before the data starts.
    const first = [0, 1, 2].map(nameOfIndex);
    const team = teamsOf(compute(series.filter((s) => !first.includes(s.labels.sprint ?? ''))))[0]!;
    expect(team.publishedCredits).toBe(3);
    expect(team.credits).toBe(2);
    expect(team.notes.join()).toMatch(/exporter counts 3 credits over the whole contract, 1 from sprints not in/);
  });

  it('judges a team without dora_guarantee_info by the default contract and says so', () => {
    const team = teamsOf(compute(series.filter((s) => s.metric !== 'dora_guarantee_info')))[0]!;
    expect(team.contractFromData).toBe(false);
    expect(team.notes.join()).toMatch(/No usable dora_guarantee_info/);
  });
});

describe('tooltip details', () => {
  it('names each tier with the bound it was judged against', () => {
    const vector = goldenVectors.find((v) => v.name === 'worked-example')!;
    const asOf = Date.parse(vector.asOf);
    const series = seriesForVector(vector, 'squad');
    const team = teamsOf(computePanelModel([tableFrame(series, asOf)], DEFAULT_OPTIONS, asOf))[0]!;
    const details = Object.fromEntries(describeSprint(team.sprints[0]!, team.effective).map((d) => [d.metric, d]));
    // docs/scoring.md §8: 3 deployments in 14 days is High, median lead time 3.5 h Elite, 1/3 failed is Low.
    expect(details.deploymentFrequency).toMatchObject({ tier: 'high', boundary: '≥ 1 per 7 days' });
    expect(details.leadTime).toMatchObject({ tier: 'elite', text: '3.5 h', boundary: '< 1 d' });
    expect(details.changeFailureRate).toMatchObject({ tier: 'low', boundary: 'misses Medium ≤ 15 %' });
    expect(details.reworkRate).toMatchObject({ weight: 0 });
  });
});
