import { storeFamilies } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';
import { everyType } from './support/events';

/** Every acknowledged event survives a restart on the same data directory, and every view of it is unchanged. */
describe('restart on the same data directory', () => {
  let ex: TestExporter;

  beforeAll(async () => {
    ex = await startTestExporter(baseConfig(), { now: () => Date.parse('2026-06-20T00:00:00Z') });
  });
  afterAll(() => ex.close());

  async function views() {
    const rows = ex.exporter.store.eventsAfter(0, 100_000).map((r) => ({ team: r.team, time: r.time, event: r.event }));
    return {
      rows,
      teams: (await ex.get('/api/v1/teams')).json,
      sprints: (await ex.get('/api/v1/teams/squad/sprints')).json,
      evidence: (await ex.get('/api/v1/teams/squad/sprints/2026-06-01/evidence')).json,
      metrics: storeFamilies(await ex.scrape()),
    };
  }

  it('finds every acknowledged event and reports the same numbers', async () => {
    const acknowledged: string[] = [];
    const batches = [
      everyType('a'),
      everyType('b').map((e): Record<string, unknown> => ({ ...e, service: e.service && 'payments' })),
    ];
    for (const batch of batches) {
      const res = await ex.post('/api/v1/events', batch);
      expect(res.status).toBe(202);
      acknowledged.push(...batch.map((e) => e.id as string));
    }
    const single = await ex.post('/api/v1/events', {
      id: 'late-deploy',
      type: 'deployment',
      time: '2026-06-05T10:00:00Z',
      service: 'search',
      environment: 'production',
      status: 'success',
      commits: [{ sha: 'c1', time: '2026-06-04T10:00:00Z' }],
    });
    expect(single.status).toBe(202);
    acknowledged.push('late-deploy');

    const before = await views();
    expect(before.sprints.sprints[0].measurements.deployments).toBe(5);
    expect(before.rows.map((r) => r.event.id).sort()).toEqual([...acknowledged].sort());

    await ex.restart();
    const after = await views();
    expect(after).toEqual(before);

    // The idempotency keys survived too: sending everything again stores nothing new.
    const again = await ex.post('/api/v1/events', batches.flat());
    expect(again.json).toEqual({ status: 'accepted', newEvents: 0, duplicateEvents: 20 });
    expect(ex.exporter.store.eventCount()).toBe(acknowledged.length);
  });
});
