import { setImmediate as nextTurn } from 'node:timers/promises';
import { storeFamilies } from '../support/exposition';
import { type TestExporter, startTestExporter } from '../support/exporter';
import { KNOWN_CONFIG, KNOWN_EVENTS, NOW } from './known-events';

/** The evaluator's persisted watermark: the store sequence number its cached facts include. */
const watermark = (ex: TestExporter) => ex.exporter.store.readCache('evaluator:processed-seq');

/** The history is evaluated right after start, so that the first scrape does not pay for linking it. */
describe('evaluation warm-up at start', () => {
  let ex: TestExporter;
  beforeEach(async () => {
    ex = await startTestExporter(KNOWN_CONFIG, { now: () => NOW });
  });
  afterEach(() => ex.close());

  it('brings the cached facts up to the store before any scrape, and the scrape then shows the same values', async () => {
    expect((await ex.post('/api/v1/events', KNOWN_EVENTS)).status).toBe(202);
    const latest = ex.exporter.store.maxSeq();
    // Written but not yet scraped: the watermark lags behind the store.
    expect(watermark(ex)).not.toBe(String(latest));

    await ex.restart();
    await nextTurn();
    expect(watermark(ex)).toBe(String(latest));

    // The scrape finds nothing left to compute; what it shows is what the restarted process had before.
    const warmed = storeFamilies(await ex.scrape());
    expect(watermark(ex)).toBe(String(latest));
    await ex.restart();
    expect(storeFamilies(await ex.scrape())).toEqual(warmed);
  });
});
