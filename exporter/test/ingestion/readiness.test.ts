import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/store/sqlite/store';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

/**
 * /healthz says the process is up; /readyz says the store accepts durable writes. When the store cannot write,
 * readiness and ingestion answer 503 with the reason (clients and webhooks retry), nothing is half-stored, and
 * both recover by themselves when the cause clears.
 *
 * Making the data directory read-only does not work as a test: the exporter keeps its database file open (a
 * chmod does not revoke an open descriptor) and root ignores permissions anyway. Here another connection holds
 * SQLite's write lock; test/faults/disk-full.test.ts fills a real file system.
 */
function deployments(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    type: 'deployment',
    time: '2026-06-02T10:00:00Z',
    service: 'checkout',
    environment: 'production',
    status: 'success',
  }));
}

describe('health and readiness', () => {
  let ex: TestExporter;
  beforeEach(async () => {
    ex = await startTestExporter(baseConfig());
  });
  afterEach(() => ex.close());

  it('answers /healthz and /readyz when all is well', async () => {
    expect(await ex.get('/healthz')).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await ex.get('/readyz')).toMatchObject({ status: 200, json: { status: 'ready' } });
  });

  it('is not ready while another process holds the write lock, refuses events with 503, and recovers', async () => {
    const other = new Database(join(ex.dataDir, DATABASE_FILE));
    try {
      other.exec('BEGIN EXCLUSIVE');
      const ready = await ex.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json).toEqual({
        status: 'not ready',
        reason: expect.stringMatching(/^event store not writable: SQLITE_BUSY/),
      });
      expect((await ex.get('/healthz')).status).toBe(200);

      const refused = await ex.post('/api/v1/events', deployments('locked', 3));
      expect(refused.status).toBe(503);
      expect(refused.json.error).toMatch(/cannot accept writes right now \(SQLITE_BUSY.*retry later/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(ex.exporter.store.eventCount()).toBe(0);
    expect((await ex.get('/readyz')).status).toBe(200);
    const accepted = await ex.post('/api/v1/events', deployments('locked', 3));
    expect(accepted).toEqual({ status: 202, json: { status: 'accepted', newEvents: 3, duplicateEvents: 0 } });
  }, 60_000);
});
