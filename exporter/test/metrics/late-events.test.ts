import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

/**
 * Sprints are cached once ended; a late or backfilled event must still correct them and the credits they grant.
 *
 * 7-day sprints from 2026-06-01, no ramp-up, evaluated on 06-24 (sprint 3 in progress). One production deployment a
 * sprint: frequency 1/7 per day is High (2). A clean sprint scores 100 × (2 + 3) / 6 = 83.3 (ok); one whose
 * deployment failed and took 2 days to recover scores 100 × (2 + 0 + 1) / 9 = 33.3 (low).
 */
const NOW = Date.parse('2026-06-24T12:00:00Z');
const deployment = (id: string, time: string) => ({
  id,
  type: 'deployment',
  service: 'checkout',
  environment: 'production',
  status: 'success',
  time,
});
const incident = (id: string, opened: string, resolved: string) => [
  { id: `${id}-open`, type: 'incident.opened', incident: id, service: 'checkout', time: opened },
  { id: `${id}-resolve`, type: 'incident.resolved', incident: id, time: resolved },
];

describe('late and backfilled events', () => {
  let exporter: TestExporter;
  beforeAll(async () => {
    exporter = await startTestExporter(
      baseConfig({ calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 7 }, contract: { rampUpSprints: 0 } }),
      { now: () => NOW },
    );
  });
  afterAll(() => exporter.close());

  const scrape = async () => {
    const samples = parseExposition(await exporter.scrape());
    const squad = { team: 'squad' };
    return {
      status: (sprint: string) =>
        samples.find((s) => s.name === 'dora_sprint_status' && s.labels.sprint === sprint)?.labels.status,
      credited: (sprint: string) => valueOf(samples, 'dora_sprint_credited', { ...squad, sprint }),
      score: (sprint: string) => valueOf(samples, 'dora_sprint_score', { ...squad, sprint }),
      credits: valueOf(samples, 'dora_guarantee_credits', squad),
      streak: valueOf(samples, 'dora_guarantee_low_streak', squad),
    };
  };

  it('re-scores an ended sprint and grants the credits a backfilled incident causes', async () => {
    await exporter.post('/api/v1/events', [
      deployment('w0', '2026-06-02T10:00:00Z'),
      ...incident('INC-A', '2026-06-02T11:00:00Z', '2026-06-04T11:00:00Z'),
      deployment('w1', '2026-06-09T10:00:00Z'),
      deployment('w2', '2026-06-16T10:00:00Z'),
      ...incident('INC-C', '2026-06-16T11:00:00Z', '2026-06-18T11:00:00Z'),
    ]);
    let m = await scrape();
    expect([m.status('2026-06-01'), m.status('2026-06-08'), m.status('2026-06-15')]).toEqual(['low', 'ok', 'low']);
    expect(m.score('2026-06-08')).toBeCloseTo(500 / 6, 10);
    expect(m.credits).toBe(0);
    expect(m.streak).toBe(1);

    // The incident of sprint 1 reaches the exporter two weeks late.
    await exporter.post('/api/v1/events', incident('INC-B', '2026-06-09T11:00:00Z', '2026-06-11T11:00:00Z'));
    m = await scrape();
    expect(m.score('2026-06-08')).toBeCloseTo(100 / 3, 10);
    expect([m.status('2026-06-01'), m.status('2026-06-08'), m.status('2026-06-15')]).toEqual(['low', 'low', 'low']);
    expect([m.credited('2026-06-01'), m.credited('2026-06-08'), m.credited('2026-06-15')]).toEqual([1, 1, 1]);
    expect(m.credits).toBe(3);
    expect(m.streak).toBe(3);

    const api = await exporter.get('/api/v1/teams/squad/sprints');
    expect(api.json.credits).toBe(3);

    // A backfilled rollback of sprint 0's deployment is itself a production deployment of sprint 0: the sprint now
    // has 2 deployments (2/7 per day, High), 1 failed (0.5, Low), recovered in 1 hour by the rollback (High):
    // 100 × (2 + 0 + 2) / 9 = 44.4, still low.
    await exporter.post('/api/v1/events', [{ ...deployment('w0-rollback', '2026-06-02T12:00:00Z'), kind: 'rollback' }]);
    m = await scrape();
    expect(m.score('2026-06-01')).toBeCloseTo(400 / 9, 10);
    expect(m.credits).toBe(3);

    // Credits are a gauge: three backfilled clean deployments in sprint 1 (one shipping a commit an hour old) make
    // it 4 deployments (High), lead time 1 h (Elite), 1 failed of 4 (Low), recovery 2 days (Medium):
    // 100 × (2 + 3 + 0 + 1) / 12 = 50, not below 50 → ok, which breaks the run.
    await exporter.post('/api/v1/events', [
      { ...deployment('x1', '2026-06-10T10:00:00Z'), commits: [{ sha: 'x1', time: '2026-06-10T09:00:00Z' }] },
      deployment('x2', '2026-06-12T10:00:00Z'),
      deployment('x3', '2026-06-13T10:00:00Z'),
    ]);
    m = await scrape();
    expect(m.score('2026-06-08')).toBe(50);
    expect([m.status('2026-06-01'), m.status('2026-06-08'), m.status('2026-06-15')]).toEqual(['low', 'ok', 'low']);
    expect([m.credited('2026-06-01'), m.credited('2026-06-08'), m.credited('2026-06-15')]).toEqual([0, 0, 0]);
    expect(m.credits).toBe(0);
    expect(m.streak).toBe(1);
  });
});
