import fs from 'node:fs';
import path from 'node:path';
import type { DashboardQuery } from '../src/dashboards/queries';
import { freePort, startPrometheus, stopAll, type Started } from './support/processes';
import { describeWithTools } from './support/tools';

/**
 * promtool 2.42 has no parse-only command, so every dashboard expression (variables substituted) goes to a real
 * Prometheus with an empty TSDB: a syntax error is a 400 `bad_data`, a valid expression a 200 with no data. The
 * same list (stack/generated/dashboard-queries.json) is what the end-to-end test asserts returns data.
 */
const queries: DashboardQuery[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'generated', 'dashboard-queries.json'), 'utf8'),
);

describeWithTools(['prometheus'], 'every dashboard query parses in Prometheus', ({ prometheus }) => {
  let prom: Started;

  beforeAll(async () => {
    // Targets on a closed port: the repository's config and rules load, nothing is scraped.
    const nowhere = `127.0.0.1:${await freePort()}`;
    prom = await startPrometheus(prometheus!, {
      jobs: { 'dora-guarantee': nowhere, alertmanager: nowhere },
      alertmanager: nowhere,
    });
  });
  afterAll(() => stopAll());

  async function query(expr: string): Promise<{ status: number; body: { status: string; error?: string } }> {
    const res = await fetch(`${prom.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expr }),
    });
    return { status: res.status, body: (await res.json()) as { status: string; error?: string } };
  }

  test('a syntax error is told apart from a valid query (the check can fail)', async () => {
    const bad = await query('sum by (team (dora_guarantee_credits)');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/parse error/);
  });

  test('the list holds every dashboard', () => {
    expect(new Set(queries.map((q) => q.dashboard))).toEqual(
      new Set(['dora-overview', 'sprint-guarantee', 'tech-capabilities', 'developer-research', 'exporter-health']),
    );
  });

  test.each(queries.map((q) => [`${q.dashboard} / ${q.panel} / ${q.refId}`, q.query] as const))('%s', async (_n, q) => {
    expect(q).not.toMatch(/\$/);
    const r = await query(q);
    expect({ status: r.status, error: r.body.error }).toEqual({ status: 200, error: undefined });
  });

  test('the rules the repository config names are loaded', async () => {
    const res = await fetch(`${prom.url}/api/v1/rules`);
    const body = (await res.json()) as { data: { groups: { name: string }[] } };
    expect(body.data.groups.map((g) => g.name).sort()).toEqual([
      'dora-guarantee.capabilities.rules',
      'dora-guarantee.delivery.alerts',
      'dora-guarantee.exporter.alerts',
      'dora-guarantee.exporter.rules',
      'dora-guarantee.guarantee.alerts',
      'dora-guarantee.sprint.rules',
    ]);
  });
});
