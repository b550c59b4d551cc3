import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildExporter, childEnv, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { newSecrets, secretEnv } from '../../bench/support/secrets';
import { githubDeployments } from '../../bench/support/streams';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { storeFamilies } from '../support/exposition';
import { recomputedMetrics } from './support/recompute';

/**
 * The durability promise under SIGKILL: a real `serve` process receives signed GitHub deliveries from several
 * concurrent senders (and scrapes, which persist the evaluator's caches) and is killed with no shutdown code run.
 * Three times. Every delivery answered 2xx must then be in the store with its event, nothing unsent is there, and
 * /metrics of the restarted process equals /metrics recomputed from the stored events alone.
 */
const DAY = 86_400_000;
const WORKERS = 8;
/** Answers after which each round's kill comes: early (cold caches), later, and later still. */
const KILL_AFTER = [40, 120, 200];

describe('kill -9 under signed webhook load', () => {
  const secrets = newSecrets();
  const env = childEnv(secretEnv(secrets));
  // A contract started ten weeks ago: the deployments land in its current sprint and in every window.
  const document = allSourcesDocument({ firstSprintStart: new Date(Date.now() - 70 * DAY).toISOString().slice(0, 10) });
  let dir: string;
  let config: string;
  let child: ChildExporter | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-kill9-'));
    config = writeConfig(dir, document);
  });
  afterAll(async () => {
    await child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const data = () => join(dir, 'data');
  const start = async () => (child = await startChild({ config, data: data(), env }));

  it('loses no acknowledged delivery and recomputes to the same /metrics, three times over', async () => {
    const next = githubDeployments(secrets, {
      // Spread over the last 36 hours, never in the future.
      time: () => new Date(Date.now() - 60_000 - Math.floor(Math.random() * 36 * 3_600_000)).toISOString(),
    });
    const sent = new Set<string>();
    const acknowledged = new Map<string, string>(); // delivery id -> event id
    const statuses = new Map<number, number>();

    for (const [round, killAfter] of KILL_AFTER.entries()) {
      const target = await start();
      let answered = 0;
      let killing = false;
      const sender = async () => {
        while (!killing || target.alive()) {
          const request = next();
          sent.add(request.eventId);
          let status: number;
          try {
            const res = await fetch(`${target.url}/webhooks/github`, {
              method: 'POST',
              headers: request.headers,
              body: request.body,
            });
            await res.text();
            status = res.status;
          } catch {
            return; // the process is gone: this request was never answered
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 200 && status < 300) acknowledged.set(request.deliveryId, request.eventId);
          if (++answered === killAfter && !killing) {
            killing = true;
            target.child.kill('SIGKILL');
          }
        }
      };
      const scraper = async () => {
        while (!killing) {
          try {
            await (await fetch(`${target.url}/metrics`)).text();
          } catch {
            return;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await Promise.all([...Array.from({ length: WORKERS }, sender), scraper()]);
      expect([round, await target.exited]).toEqual([round, { code: null, signal: 'SIGKILL' }]);
    }
    // Only 202 (accepted) answers: no request was refused or failed while the process was up.
    expect([...statuses.keys()]).toEqual([202]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER.reduce((a, b) => a + b, 0));

    const final = await start();
    expect((await fetch(`${final.url}/readyz`)).status).toBe(200);
    const scrapedAt = Date.now();
    const served = storeFamilies(await (await fetch(`${final.url}/metrics`)).text());
    await final.stop();

    const store = new SqliteEventStore(data());
    try {
      const deliveries = new Set([...store.deliveries('github')].map((d) => d.deliveryId));
      const events = new Set(store.eventsAfter(0, 1_000_000).map((r) => r.event.id));
      const lostDeliveries = [...acknowledged.keys()].filter((id) => !deliveries.has(id));
      const lostEvents = [...acknowledged.values()].filter((id) => !events.has(id));
      expect({ lostDeliveries, lostEvents }).toEqual({ lostDeliveries: [], lostEvents: [] });
      expect([...events].filter((id) => !sent.has(id))).toEqual([]);
      // One event per delivery: no delivery was stored without its event (all or nothing per transaction).
      expect(events.size).toBe(deliveries.size);
    } finally {
      store.close();
    }

    expect(served).toMatch(/dora_deployments_total\{team="squad",service="checkout",environment="production"\} \d+/);
    const deployments = Number(
      /dora_deployments_total\{team="squad",service="checkout",environment="production"\} (\d+)/.exec(served)?.[1],
    );
    expect(deployments).toBeGreaterThanOrEqual(acknowledged.size);
    expect(served).toBe(await recomputedMetrics(document, secretEnv(secrets), data(), scrapedAt));
  }, 150_000);
});
