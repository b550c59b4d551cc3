import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { type ServeProcess, cleanEnv, startServe } from '../cli/support/cli';

/**
 * The durability promise end to end: a real `serve` process is killed with SIGKILL (no shutdown code runs) while
 * requests are in flight, right after some were answered 2xx. Every answered event must be there after a restart.
 */
const TOKEN = 'kill-test-token-0123456789abcdef';

describe('kill -9 right after 2xx answers', () => {
  let dir: string;
  let serve: ServeProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-kill9-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      [
        'calendar:',
        '  firstSprintStart: "2026-06-01"',
        'teams:',
        '  - name: squad',
        '    services: [checkout]',
        'api:',
        '  tokens:',
        '    - env: KILL_TEST_TOKEN',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const args = () => ['--config', join(dir, 'config.yaml'), '--data', join(dir, 'data')];
  const env = () => cleanEnv({ KILL_TEST_TOKEN: TOKEN });

  function batch(worker: number, n: number) {
    return Array.from({ length: 25 }, (_, i) => ({
      id: `w${worker}-b${n}-e${i}`,
      type: 'deployment',
      time: `2026-06-0${2 + (i % 5)}T10:${String(i).padStart(2, '0')}:00Z`,
      service: 'checkout',
      environment: 'production',
      status: 'success',
    }));
  }

  it('finds every acknowledged event after a restart', async () => {
    serve = await startServe(args(), { env: env() });
    const first = serve;
    const acknowledged = new Set<string>();
    const sent = new Set<string>();
    let answered = 0;
    let killed = false;

    const worker = async (w: number) => {
      for (let n = 0; !killed; n++) {
        const events = batch(w, n);
        for (const e of events) sent.add(e.id);
        let res: Response;
        try {
          res = await fetch(`${first.url}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(events),
          });
          await res.text();
        } catch {
          return; // the process is gone; this request was never acknowledged
        }
        if (res.status !== 202) throw new Error(`unexpected ${res.status}`);
        for (const e of events) acknowledged.add(e.id);
        if (++answered === 40 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.size).toBeGreaterThanOrEqual(40 * 25);
    // Requests were still in flight when the process died: the kill hit live traffic, not an idle server.
    expect(sent.size).toBeGreaterThan(acknowledged.size);

    serve = await startServe(args(), { env: env() });
    expect((await fetch(`${serve.url}/readyz`)).status).toBe(200);
    const report = (await (await fetch(`${serve.url}/api/v1/teams/squad/sprints`)).json()) as {
      sprints: { measurements: { deployments: number } }[];
    };
    expect(report.sprints[0]!.measurements.deployments).toBeGreaterThanOrEqual(acknowledged.size);
    await serve.stop();
    serve = undefined;

    const store = new SqliteEventStore(join(dir, 'data'));
    try {
      const ids = new Set(store.eventsAfter(0, 1_000_000).map((r) => r.event.id));
      const lost = [...acknowledged].filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      expect([...ids].filter((id) => !sent.has(id))).toEqual([]);
      expect(report.sprints[0]!.measurements.deployments).toBe(ids.size);
    } finally {
      store.close();
    }
  }, 180_000);
});
