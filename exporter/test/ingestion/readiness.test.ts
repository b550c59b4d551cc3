import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * chmod does not revoke an open descriptor) and root ignores permissions anyway. So the store is made unwritable
 * for real in two ways: another connection holding SQLite's write lock (always), and a full disk on a tiny tmpfs
 * (when the tests run as root and may mount).
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

/** Mounts a 2 MiB tmpfs when the tests may (root with CAP_SYS_ADMIN); undefined otherwise. */
function tinyDisk(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dora-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const disk = tinyDisk();
(disk ? describe : describe.skip)('a full disk (a 2 MiB tmpfs: runs only as root where mount is allowed)', () => {
  const mount = disk as string;
  let ex: TestExporter;
  beforeAll(async () => {
    mkdirSync(join(mount, 'data'));
    ex = await startTestExporter(baseConfig(), { dataDir: join(mount, 'data') });
  });
  afterAll(async () => {
    await ex.close();
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('answers 503 with SQLITE_FULL, stores nothing of the refused batch, and recovers when space is freed', async () => {
    expect((await ex.post('/api/v1/events', deployments('before', 1))).status).toBe(202);
    const fillers: string[] = [];
    try {
      for (;;) {
        const file = join(mount, `filler-${fillers.length}`);
        writeFileSync(file, Buffer.alloc(64 * 1024));
        fillers.push(file);
      }
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }

    const batch = deployments('full', 200);
    const refused = await ex.post('/api/v1/events', batch);
    expect(refused.status).toBe(503);
    expect(refused.json.error).toMatch(/SQLITE_FULL/);
    const ready = await ex.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.reason).toMatch(/SQLITE_FULL/);
    expect((await ex.get('/healthz')).status).toBe(200);

    for (const file of fillers) rmSync(file);
    expect((await ex.get('/readyz')).status).toBe(200);
    const accepted = await ex.post('/api/v1/events', batch);
    expect(accepted).toEqual({ status: 202, json: { status: 'accepted', newEvents: 200, duplicateEvents: 0 } });
    expect(ex.exporter.store.eventCount()).toBe(201);
  });
});
