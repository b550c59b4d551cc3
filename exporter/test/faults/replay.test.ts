import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type ChildExporter, childEnv, runCli, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { corpus } from '../../bench/support/corpus';
import { newSecrets, secretEnv } from '../../bench/support/secrets';
import { PATHS, send, signedHeaders } from '../../bench/support/sign';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { storeFamilies } from '../support/exposition';
import { recomputedMetrics } from './support/recompute';

/**
 * The raw payloads are the record: every source's recorded deliveries go through a real `serve`; then the derived
 * events are deleted outright and `dora-guarantee replay` re-parses the stored bodies. The same normalized events
 * (ids, teams, times, every field) must come back, and a restarted exporter must serve the same /metrics.
 */
describe('restart and replay', () => {
  const secrets = newSecrets();
  const env = childEnv(secretEnv(secrets));
  const document = allSourcesDocument();
  let dir: string;
  let child: ChildExporter | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-replay-'));
  });
  afterAll(async () => {
    await child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  function storedEvents(data: string) {
    const store = new SqliteEventStore(data);
    try {
      return store
        .eventsAfter(0, 1_000_000)
        .map((r) => JSON.stringify({ team: r.team, time: r.time, event: r.event }))
        .sort();
    } finally {
      store.close();
    }
  }

  it('re-derives the same normalized events from the stored payloads of every source', async () => {
    const config = writeConfig(dir, document);
    const data = join(dir, 'data');
    child = await startChild({ config, data, env });
    const accepted = new Set<string>();
    for (const item of corpus()) {
      const answer = await send(child.url, {
        method: 'POST',
        path: PATHS[item.source],
        headers: signedHeaders(item.source, item.body, secrets, item.headers),
        body: item.body,
      });
      expect([item.name, answer.status < 300]).toEqual([item.name, true]);
      if (answer.status === 202) accepted.add(item.source);
    }
    // Events from every source, or the test proves less than it says.
    expect([...accepted].sort()).toEqual(['alertmanager', 'cdevents', 'generic', 'github', 'gitlab', 'pagerduty']);
    await child.stop();

    const before = storedEvents(data);
    expect(before.length).toBeGreaterThan(20);
    const snapshot = join(dir, 'before-replay');
    cpSync(data, snapshot, { recursive: true });

    // Lose every derived event: only the raw deliveries remain.
    const db = new Database(join(data, 'dora-guarantee.db'));
    db.prepare('DELETE FROM events').run();
    db.close();
    expect(storedEvents(data)).toEqual([]);

    const replay = await runCli(['replay', '--config', config, '--data', data], env);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(
      /^replayed \d+ deliveries into \d+ events; 0 from sources not configured, 0 that no longer parse/,
    );
    expect(storedEvents(data)).toEqual(before);

    child = await startChild({ config, data, env });
    const scrapedAt = Date.now();
    const served = storeFamilies(await (await fetch(`${child.url}/metrics`)).text());
    await child.stop();
    expect(served).toMatch(/dora_incidents_total\{team="squad"/);
    expect(served).toBe(await recomputedMetrics(document, secretEnv(secrets), snapshot, scrapedAt));
  }, 120_000);
});
