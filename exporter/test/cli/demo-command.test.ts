import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { runCli } from './support/cli';

/** `dora-guarantee demo` as a user runs it: into a store (idempotent) or to an NDJSON file `import` takes. */
const NOW = '2026-11-28T10:00:00Z';

describe('dora-guarantee demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-demo-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function storedEvents(dataDir: string) {
    const store = new SqliteEventStore(dataDir);
    try {
      return store
        .eventsAfter(0, 1_000_000)
        .map((r) => `${r.team} ${r.event.id}`)
        .sort();
    } finally {
      store.close();
    }
  }

  it('writes the history into a store once; running it again adds nothing; another seed is refused', async () => {
    const data = join(dir, 'store');
    const first = await runCli(['demo', '--data', data, '--seed', '3', '--now', NOW]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const total = Number(/: (\d+) new events, 0 already stored/.exec(first.stdout)?.[1]);
    expect(total).toBeGreaterThan(3000);
    expect(first.stdout).toMatch(/first sprint 2026-06-01/);
    expect(first.stdout).toMatch(/atlas earns 3 credits/);

    const again = await runCli(['demo', '--data', data]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 new events, ${total} already stored`);
    const events = storedEvents(data);
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.split(' ')[0]))).toEqual(new Set(['atlas', 'borealis', 'cosmos']));

    const other = await runCli(['demo', '--data', data, '--seed', '4']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`already holds the demo for seed 3 anchored at ${NOW}`);
    expect(storedEvents(data)).toHaveLength(total);
  }, 120_000);

  it('writes byte-identical NDJSON for the same seed and anchor, which `import` loads into the same events', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const config = join(dir, 'demo.yaml');
    const out = await runCli(['demo', '--out', a, '--config-out', config, '--seed', '3', '--now', NOW]);
    expect(out.code).toBe(0);
    expect((await runCli(['demo', '--out', b, '--seed', '3', '--now', NOW])).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const lines = readFileSync(a, 'utf8').trimEnd().split('\n');
    expect(out.stdout).toContain(`${a}: ${lines.length} events (seed 3, anchored at ${NOW}`);

    const imported = join(dir, 'imported');
    const result = await runCli(['import', a, '--config', config, '--data', imported], {
      env: { ...process.env, DORA_API_TOKEN: 'unused-here' },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`${lines.length} new, 0 already stored, 0 unassigned`);
    // Every line stored once, under the squad its id names (demo-<squad>-…), assigned by the config's map.
    const expected = lines
      .map((l) => (JSON.parse(l) as { id: string }).id)
      .map((id) => `${id.split('-')[1]} ${id}`)
      .sort();
    expect(storedEvents(imported)).toEqual(expected);
  }, 120_000);

  it('says what is wrong with its flags', async () => {
    const now = await runCli(['demo', '--out', join(dir, 'x.ndjson'), '--now', 'yesterday']);
    expect(now.code).toBe(2);
    expect(now.stderr).toContain('--now must be an RFC 3339 timestamp');
    const seed = await runCli(['demo', '--out', join(dir, 'x.ndjson'), '--seed', '1.5']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed must be a whole number');
  }, 60_000);
});
