import { request as httpRequest } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildExporter, childEnv, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { type CorpusItem, corpus } from '../../bench/support/corpus';
import { SURVEY_PATH } from '../../bench/support/fuzz';
import { newSecrets, secretEnv } from '../../bench/support/secrets';
import { PATHS, SOURCES, type SourceName, send, signedHeaders } from '../../bench/support/sign';
import { parseExposition, valueOf } from '../support/exposition';

/** Size and shape limits on every POST endpoint, with correctly signed bodies so that each reaches its parser. */
const LIMIT = 1024 * 1024;
const VALID: Record<SourceName, string> = {
  generic: 'generic/batch',
  github: 'github/push.default-branch.json',
  gitlab: 'gitlab/push.json',
  pagerduty: 'pagerduty/incident.resolved.json',
  alertmanager: 'alertmanager/firing.json',
  cdevents: 'cdevents/checkout/pipelinerun_finished.v0.5.json',
};

describe('body size and shape limits', () => {
  const secrets = newSecrets();
  const items = new Map(corpus().map((i) => [i.name, i]));
  let dir: string;
  let child: ChildExporter;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dora-limits-'));
    const config = writeConfig(dir, allSourcesDocument({ maxBodyBytes: LIMIT }));
    child = await startChild({ config, data: join(dir, 'data'), env: childEnv(secretEnv(secrets)) });
  });
  afterAll(async () => {
    expect(child.alive()).toBe(true);
    await child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (source: SourceName, body: Buffer, item?: CorpusItem) =>
    send(child.url, {
      method: 'POST',
      path: PATHS[source],
      headers: signedHeaders(
        source,
        body,
        secrets,
        item?.headers ?? { 'x-github-event': 'push', 'x-gitlab-event': 'Push Hook' },
      ),
      body,
    });
  /** A valid payload padded with JSON whitespace to exactly `size` bytes. */
  const padded = (item: CorpusItem, size: number) =>
    Buffer.concat([item.body, Buffer.alloc(size - item.body.length, 0x20)]);
  const sizeRejections = async (source: string) =>
    valueOf(
      parseExposition((await send(child.url, { method: 'GET', path: '/metrics', headers: {} })).text),
      'dora_exporter_rejections_total',
      { source, reason: 'size' },
    ) ?? 0;

  it.each(SOURCES)(
    '%s: a valid body of exactly the limit is processed; one byte more is 413, counted',
    async (source) => {
      const item = items.get(VALID[source]) as CorpusItem;
      const at = await post(source, padded(item, LIMIT), item);
      expect([at.status < 300, at.json?.status]).toEqual([true, expect.stringMatching(/accepted|ignored|duplicate/)]);
      const before = await sizeRejections(source);
      const over = await post(source, padded(item, LIMIT + 1), item);
      expect([over.status, over.json.error]).toEqual([413, `request body larger than ${LIMIT} bytes`]);
      expect(await sizeRejections(source)).toBe(before + 1);
    },
  );

  it('413 also for survey responses, and for a chunked body with no Content-Length', async () => {
    const survey = await send(child.url, {
      method: 'POST',
      path: SURVEY_PATH,
      headers: { authorization: `Bearer ${secrets.api}`, 'content-type': 'application/json' },
      body: Buffer.alloc(LIMIT + 1, 0x20),
    });
    expect(survey.status).toBe(413);

    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${child.url}${PATHS.generic}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.api}`, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode as number);
      });
      req.on('error', reject);
      // Two chunks that only together exceed the limit; the server must stop reading, not buffer without bound.
      req.write(Buffer.alloc(LIMIT / 2, 0x20));
      req.end(Buffer.alloc(LIMIT / 2 + 1, 0x20));
    });
    expect(status).toBe(413);
  });

  it('a compressed body is measured after decompression: a 16 MiB gzip or brotli bomb is 413 and costs no memory', async () => {
    const bombs = {
      gzip: gzipSync(Buffer.alloc(16 * 2 ** 20, 0x20)),
      br: brotliCompressSync(Buffer.alloc(16 * 2 ** 20, 0x20)),
    };
    const rss = child.rss();
    for (const [encoding, body] of Object.entries(bombs)) {
      expect(body.length).toBeLessThan(LIMIT);
      const answer = await send(child.url, {
        method: 'POST',
        path: PATHS.generic,
        headers: { ...signedHeaders('generic', body, secrets), 'content-encoding': encoding },
        body,
      });
      expect([encoding, answer.status]).toEqual([encoding, 413]);
    }
    expect(child.rss() - rss).toBeLessThan(32 * 2 ** 20);
  });

  const deep = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));
  const deepObject = (depth: number) => Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

  it.each(SOURCES)(
    '%s: JSON nested 500 000 deep or 100 000 objects deep is refused or ignored, not a crash',
    async (source) => {
      for (const body of [deep(500_000), deepObject(100_000)]) {
        const answer = await post(source, body);
        // 400 names the problem; a well-formed object the source has no use for is 200 "ignored" (GitLab: no
        // object_kind). Never stored as events, never a 5xx.
        const outcome = answer.status === 400 ? 'refused' : `${answer.status} ${answer.json?.status}`;
        expect([body.length, outcome]).toEqual([body.length, expect.stringMatching(/^(refused|200 ignored)$/)]);
      }
    },
  );

  it('huge arrays: 5 001 events, 100 000 numbers, 10 001 commits, 20 000 alerts are refused with a 400 that says why', async () => {
    const events = Array.from({ length: 5001 }, (_, i) => ({
      id: `big-${i}`,
      type: 'incident.resolved',
      time: '2026-06-02T10:00:00Z',
      incident: `I-${i}`,
    }));
    const many = await post('generic', Buffer.from(JSON.stringify(events)));
    expect([many.status, many.json.problems[0].message]).toEqual([400, '5001 events in one request; at most 5000']);

    const numbers = await post('generic', Buffer.from(`[${'0,'.repeat(100_000)}0]`));
    expect(numbers.status).toBe(400);
    expect(numbers.json.problems.length).toBeLessThanOrEqual(100); // the answer stays small too

    const push = JSON.parse((items.get(VALID.github) as CorpusItem).body.toString('utf8'));
    push.commits = Array.from({ length: 10_001 }, (_, i) => ({
      id: i.toString(16).padStart(40, '0'),
      timestamp: '2019-05-15T15:20:30-05:00',
    }));
    const commits = await post('github', Buffer.from(JSON.stringify(push)), items.get(VALID.github));
    expect(commits.status).toBe(400);

    const alerts = JSON.parse((items.get(VALID.alertmanager) as CorpusItem).body.toString('utf8'));
    alerts.alerts = Array.from({ length: 20_000 }, () => alerts.alerts[1]);
    const many2 = await post('alertmanager', Buffer.from(JSON.stringify(alerts)));
    expect(many2.status).toBeLessThan(500);
    expect(Buffer.byteLength(many2.text)).toBeLessThan(64 * 1024);
  });
});
