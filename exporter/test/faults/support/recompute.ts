import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../../../src/config/load';
import { startExporter } from '../../../src/exporter';
import { createLogger } from '../../../src/logger';
import { SqliteEventStore } from '../../../src/store/sqlite/store';
import { storeFamilies } from '../../support/exposition';

/**
 * /metrics recomputed from nothing but the stored events: a fresh exporter on a copy of the data directory whose
 * derived state (evaluator caches) is dropped first, evaluated at `now`. Only the families derived from the store
 * are returned (not the process's own counters).
 */
export async function recomputedMetrics(
  document: Record<string, unknown>,
  env: Record<string, string>,
  dataDir: string,
  now: number,
): Promise<string> {
  const copy = mkdtempSync(join(tmpdir(), 'dora-recompute-'));
  try {
    cpSync(dataDir, copy, { recursive: true });
    const store = new SqliteEventStore(copy);
    store.clearCache();
    store.close();
    const exporter = await startExporter({
      config: buildConfig(document, env),
      port: 0,
      host: '127.0.0.1',
      dataDir: copy,
      logger: createLogger('silent'),
      now: () => now,
    });
    try {
      const res = await fetch(`http://127.0.0.1:${exporter.port}/metrics`);
      return storeFamilies(await res.text());
    } finally {
      await exporter.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
