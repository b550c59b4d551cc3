import { parseExposition } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

/**
 * The exporter's own counters exist at 0 before anything happened, for every enabled source and collector, so that
 * a dashboard shows 0 instead of "no data" and rate() sees the first increment (a series born at 1 hides it).
 */
describe('self-metric series initialised at 0', () => {
  let exporter: TestExporter;
  beforeAll(async () => {
    exporter = await startTestExporter(baseConfig());
  });
  afterAll(() => exporter.close());

  const series = async (name: string): Promise<Record<string, string | number>[]> =>
    parseExposition(await exporter.scrape())
      .filter((s) => s.name === name)
      .map((s) => ({ ...s.labels, value: s.value }));

  it('per enabled source: deliveries, rejections, signature failures, events, unassigned events', async () => {
    // The base config enables the generic API only; a source that is not enabled gets no series.
    expect(await series('dora_exporter_deliveries_total')).toEqual(
      ['accepted', 'duplicate', 'ignored', 'rejected'].map((outcome) => ({ source: 'generic', outcome, value: 0 })),
    );
    expect(await series('dora_exporter_rejections_total')).toEqual(
      ['signature', 'schema', 'json', 'size', 'unsupported_media_type', 'store'].map((reason) => ({
        source: 'generic',
        reason,
        value: 0,
      })),
    );
    expect(await series('dora_exporter_signature_failures_total')).toEqual(
      ['missing', 'invalid', 'stale'].map((reason) => ({ source: 'generic', reason, value: 0 })),
    );
    expect(await series('dora_exporter_events_total')).toEqual([
      { source: 'generic', outcome: 'new', value: 0 },
      { source: 'generic', outcome: 'duplicate', value: 0 },
    ]);
    expect(await series('dora_exporter_unassigned_events_total')).toEqual([{ source: 'generic', value: 0 }]);
    expect(await series('dora_exporter_store_errors_total')).toEqual([{ operation: 'append', value: 0 }]);
  });

  it('no last-event time before a delivery: 0 would read as "silent since 1970"', async () => {
    expect(await series('dora_exporter_last_event_timestamp_seconds')).toEqual([]);
  });

  it('the last-event time survives a restart: the silence alert must still fire for a source that stays silent', async () => {
    const before = Date.now() / 1000;
    const event = { id: 'd1', type: 'deployment', team: 'atlas', service: 'api', environment: 'production' };
    const r = await exporter.post('/api/v1/events', { ...event, status: 'success', time: '2026-01-01T00:00:00Z' });
    expect(r.status).toBe(202);
    const [accepted] = await series('dora_exporter_last_event_timestamp_seconds');
    expect(accepted?.source).toBe('generic');
    expect(Number(accepted?.value)).toBeGreaterThanOrEqual(Math.floor(before));

    await exporter.restart();
    expect(await series('dora_exporter_last_event_timestamp_seconds')).toEqual([accepted]);
  });

  it('collector errors for every collector that has run, and the first real error counts from 0', async () => {
    await exporter.scrape();
    const durations = (await series('dora_exporter_collector_duration_seconds')).map((s) => String(s.collector)).sort();
    expect(durations).toEqual(['capabilities', 'dora', 'sprint', 'surveys', 'windows']);
    const errors = await series('dora_exporter_collector_errors_total');
    expect(errors.map((s) => String(s.collector)).sort()).toEqual(durations);
    expect(errors.every((s) => s.value === 0)).toBe(true);
  });

  it('a rejection increments the pre-created series', async () => {
    const r = await exporter.post('/api/v1/events', { id: 'x' }, { authorization: 'Bearer wrong' });
    expect(r.status).toBe(401);
    const rejected = (await series('dora_exporter_rejections_total')).find((s) => s.reason === 'signature');
    expect(rejected?.value).toBe(1);
  });
});
