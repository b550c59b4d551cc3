import pino from 'pino';
import type { DerivedFamily } from '../../src/metrics/family';
import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, startTestExporter } from '../support/exporter';
import { KNOWN_CONFIG, KNOWN_EVENTS, NOW } from './known-events';

/** One failing collector is served empty and counted; the scrape and every other family go on. */
describe('a failing collector', () => {
  let exporter: TestExporter;
  let logs: Record<string, unknown>[];
  beforeEach(async () => {
    logs = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
    exporter = await startTestExporter(KNOWN_CONFIG, { now: () => NOW, logger });
    expect((await exporter.post('/api/v1/events', KNOWN_EVENTS)).status).toBe(202);
  });
  afterEach(() => exporter.close());

  const errors = (text: string, collector: string) =>
    valueOf(parseExposition(text), 'dora_exporter_collector_errors_total', { collector }) ?? 0;

  it('serves the rest of the scrape when one family throws', async () => {
    const family = exporter.exporter.registry.getSingleMetric('dora_sprint_score') as unknown as DerivedFamily;
    (family as unknown as { samples: () => never }).samples = () => {
      throw new Error('injected failure');
    };
    const first = await exporter.scrape();
    const samples = parseExposition(first);
    expect(samples.filter((s) => s.name === 'dora_sprint_score')).toEqual([]);
    expect(first).toContain('# HELP dora_sprint_score');
    // Its siblings of the same collector and every other collector are intact.
    expect(valueOf(samples, 'dora_sprint_deployments', { team: 'squad', sprint: '2026-06-01' })).toBe(6);
    expect(
      valueOf(samples, 'dora_deployments_total', { team: 'squad', service: 'payments', environment: 'production' }),
    ).toBe(1);
    expect(valueOf(samples, 'dora_guarantee_credits', { team: 'squad' })).toBe(0);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);

    // The counter is read before the failing family runs within one scrape; the next scrape shows it.
    const second = await exporter.scrape();
    expect(errors(second, 'sprint')).toBeGreaterThanOrEqual(1);
    expect(errors(await exporter.scrape(), 'sprint')).toBeGreaterThan(errors(second, 'sprint'));
    expect(errors(second, 'dora')).toBe(0);

    // The operator learns which family failed and why, once per minute rather than once per scrape.
    const failures = logs.filter((l) => l.family !== undefined);
    expect(failures).toEqual([
      expect.objectContaining({
        level: 50,
        collector: 'sprint',
        family: 'dora_sprint_score',
        reason: 'injected failure',
      }),
    ]);
  });

  it('still answers 200 when the evaluator itself fails', async () => {
    exporter.exporter.evaluator.views = () => {
      throw new Error('store unreadable');
    };
    await exporter.scrape();
    const text = await exporter.scrape();
    const samples = parseExposition(text);
    expect(samples.filter((s) => s.name.startsWith('dora_') && !s.name.startsWith('dora_exporter_'))).toEqual([]);
    for (const collector of ['dora', 'windows', 'sprint', 'capabilities']) {
      expect(errors(text, collector)).toBeGreaterThanOrEqual(1);
    }
    expect(valueOf(samples, 'dora_exporter_build_info', {})).toBe(1);
  });
});
