import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildExporter, childEnv, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { newSecrets, secretEnv } from '../../bench/support/secrets';
import { send } from '../../bench/support/sign';
import { genericBatches, githubDeployments } from '../../bench/support/streams';
import { SqliteEventStore } from '../../src/store/sqlite/store';
import { parseExposition, valueOf } from '../support/exposition';

/**
 * A full disk, for real: the data directory is a 4 MiB tmpfs mounted for the test and filled with a file. chmod
 * cannot make the store unwritable here (the tests run as root, which ignores file modes) and a read-only remount
 * is refused while SQLite holds the file open for writing, so a full file system is the unwritable store we can
 * produce. Mounting needs root: under CI=true a failure to mount fails the test, elsewhere it is skipped loudly.
 */
function tryMount(dir: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e).trim();
  }
}

/** Writes until the file system refuses (ENOSPC), down to single blocks so that no free block is left. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [64 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('the store on a full disk', () => {
  const secrets = newSecrets();
  let dir: string;
  let mount: string;
  let mountError: string | undefined;
  let child: ChildExporter | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-full-'));
    mount = join(dir, 'mnt');
    mkdirSync(mount);
    mountError = tryMount(mount);
  });
  afterAll(async () => {
    await child?.kill();
    if (!mountError) execFileSync('umount', ['-l', mount]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 (never 2xx for what it did not store), says why on /readyz and recovers', async () => {
    if (mountError) {
      if (process.env.CI === 'true') throw new Error(`cannot mount a tmpfs for the disk-full test: ${mountError}`);
      console.warn(`SKIPPED the disk-full test: cannot mount a tmpfs (${mountError}); run as root`);
      return;
    }
    const config = writeConfig(dir, allSourcesDocument({ firstSprintStart: '2026-06-01' }));
    const data = join(mount, 'data');
    child = await startChild({ config, data, env: childEnv(secretEnv(secrets)) });
    const url = child.url;
    const batches = genericBatches(secrets, 40);
    const github = githubDeployments(secrets);
    const acknowledged: string[] = [];
    const refused: string[] = [];
    const post = async (n: number) => {
      const request = n % 2 === 0 ? batches() : github();
      const path = n % 2 === 0 ? '/api/v1/events' : '/webhooks/github';
      const ids =
        'eventId' in request
          ? [request.eventId as string]
          : (JSON.parse(request.body) as { id: string }[]).map((e) => e.id);
      const answer = await send(url, {
        method: 'POST',
        path,
        headers: request.headers,
        body: Buffer.from(request.body),
      });
      (answer.status === 202 ? acknowledged : refused).push(...ids);
      return answer;
    };

    for (let n = 0; n < 4; n++) expect((await post(n)).status).toBe(202);
    fill(join(mount, 'filler'));

    // The WAL may still have room for a few writes; once a write needs a new block, the answer must be 503.
    const answers = [];
    for (let n = 0; n < 60; n++) answers.push(await post(n));
    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    const failed = answers.filter((a) => a.status === 503);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.json.error).toMatch(/SQLITE_FULL/);
    const ready = await send(url, { method: 'GET', path: '/readyz', headers: {} });
    expect(ready.status).toBe(503);
    expect(ready.json.reason).toMatch(/not writable: SQLITE_FULL/);
    // Scrapes keep working, and count the refusals.
    const samples = parseExposition((await send(url, { method: 'GET', path: '/metrics', headers: {} })).text);
    expect(valueOf(samples, 'dora_exporter_rejections_total', { source: 'generic', reason: 'store' })).toBeGreaterThan(
      0,
    );
    expect(child.alive()).toBe(true);

    rmSync(join(mount, 'filler'));
    expect((await send(url, { method: 'GET', path: '/readyz', headers: {} })).status).toBe(200);
    for (let n = 0; n < 4; n++) expect((await post(n)).status).toBe(202);
    await child.stop();

    const store = new SqliteEventStore(data);
    try {
      const stored = new Set(store.eventsAfter(0, 1_000_000).map((r) => r.event.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      // A refused request left nothing behind: its transaction was rolled back whole.
      expect(refused.filter((id) => stored.has(id))).toEqual([]);
    } finally {
      store.close();
    }
  }, 60_000);
});
