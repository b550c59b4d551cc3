import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExposition, valueOf } from '../support/exposition';
import { type ServeProcess, cleanEnv, runCli, startServe } from './support/cli';
import { SqliteEventStore } from '../../src/store/sqlite/store';

/**
 * `serve` without --config: what `npm start` on a fresh clone shows. The demo is written on the first start only,
 * the API token comes from DORA_API_TOKEN or a 0600 file whose path (never its content) is logged.
 */
describe('serve without --config (demo mode)', () => {
  let dir: string;
  let serve: ServeProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-serve-demo-'));
  });
  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sentAt = new Date().toISOString();
  const post = (url: string, token: string) =>
    fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'after-demo-1',
        type: 'pipeline.finished',
        time: sentAt,
        pipeline: 'ci',
        status: 'success',
        durationSeconds: 300,
        service: 'search-api',
      }),
    });

  it('shows a populated exporter with a token in a 0600 file, and keeps both across restarts', async () => {
    const data = join(dir, 'fresh');
    serve = await startServe(['--data', data]);
    const tokenFile = join(data, 'api-token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(serve.output()).toContain(tokenFile);
    expect(serve.output()).not.toContain(token);
    expect(serve.output()).toContain('demo history written');

    const samples = parseExposition(await (await fetch(`${serve.url}/metrics`)).text());
    const team = (name: string, metric: string) => valueOf(samples, metric, { team: name });
    expect(new Set(samples.filter((s) => s.name === 'dora_sprint_score').map((s) => s.labels.team))).toEqual(
      new Set(['atlas', 'borealis', 'cosmos']),
    );
    expect(team('atlas', 'dora_guarantee_credits')).toBe(3);
    expect(team('borealis', 'dora_guarantee_credits')).toBe(0);
    expect(team('borealis', 'dora_guarantee_low_streak')).toBe(1);
    expect(team('borealis', 'dora_guarantee_at_risk')).toBe(1);
    expect(team('borealis', 'dora_guarantee_credits_if_next_low')).toBe(2);
    expect(team('cosmos', 'dora_guarantee_credits')).toBe(0);
    expect(team('cosmos', 'dora_guarantee_low_streak')).toBe(0);

    expect((await post(serve.url, 'forged-token-000000000000000000')).status).toBe(401);
    expect((await post(serve.url, token)).status).toBe(202);
    const anchor = readFileSync(join(data, 'demo.json'), 'utf8');
    await serve.stop();

    serve = await startServe(['--data', data]);
    expect(serve.output()).not.toContain('demo history written');
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(token);
    expect(readFileSync(join(data, 'demo.json'), 'utf8')).toBe(anchor);
    const res = await post(serve.url, token);
    expect(res.status).toBe(200); // the same request again: a duplicate, kept across the restart
    await serve.stop();
    serve = undefined;

    const store = new SqliteEventStore(data);
    try {
      expect(store.eventById('cosmos', 'after-demo-1')).toBeDefined();
    } finally {
      store.close();
    }
  }, 180_000);

  it('takes the token from DORA_API_TOKEN when it is set, and writes no token file', async () => {
    const data = join(dir, 'env-token');
    const token = 'env-token-for-the-demo-0123456789';
    serve = await startServe(['--data', data], { env: cleanEnv({ DORA_API_TOKEN: token }) });
    expect(existsSync(join(data, 'api-token'))).toBe(false);
    expect(serve.output()).not.toContain(token);
    expect((await post(serve.url, token)).status).toBe(202);
  }, 120_000);

  it('refuses a data directory that holds other data', async () => {
    const data = join(dir, 'not-a-demo');
    const store = new SqliteEventStore(data);
    await store.append(
      {
        source: 'generic',
        deliveryId: 'x',
        receivedAt: 0,
        contentType: 'application/json',
        headers: {},
        body: Buffer.from('x'),
      },
      [
        {
          event: {
            id: 'mine',
            type: 'migration.finished',
            time: '2026-06-02T10:00:00Z',
            service: 's',
            status: 'success',
            team: 't',
          },
          time: Date.parse('2026-06-02T10:00:00Z'),
        },
      ],
    );
    store.close();
    const result = await runCli(['serve', '--data', data, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${data} holds events the demo did not write`);
  }, 60_000);
});
