import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type ChildExporter, childEnv, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { type CorpusItem, corpus } from '../../bench/support/corpus';
import { type Secrets, newSecrets, secretEnv } from '../../bench/support/secrets';
import { type HttpRequest, PATHS, type SourceName, send, signedHeaders } from '../../bench/support/sign';
import { parseExposition, valueOf } from '../support/exposition';

/**
 * Forged, missing, tampered, replayed and stale authentication on every source, through a real `serve`: each
 * refusal is a 401 that stores nothing and is counted by reason; a replay stores nothing new.
 */
const ACCEPTED: Record<SourceName, string> = {
  generic: 'generic/batch',
  github: 'github/deployment_status.success.json',
  gitlab: 'gitlab/push.json',
  pagerduty: 'pagerduty/incident.triggered.json',
  alertmanager: 'alertmanager/firing.json',
  cdevents: 'cdevents/checkout/service_deployed.v0.5.json',
};
const SIGNED_BODY: SourceName[] = ['github', 'gitlab', 'pagerduty'];
const AUTH_HEADERS = [
  'authorization',
  'x-hub-signature-256',
  'x-pagerduty-signature',
  'x-gitlab-token',
  'webhook-signature',
];

describe('signatures and tokens on every source', () => {
  const secrets = newSecrets();
  const other: Secrets = { ...newSecrets(), gitlabToken: secrets.gitlabToken };
  const items = new Map(corpus().map((i) => [i.name, i]));
  let dir: string;
  let child: ChildExporter;
  let db: Database.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dora-signatures-'));
    const data = join(dir, 'data');
    child = await startChild({
      config: writeConfig(dir, allSourcesDocument()),
      data,
      env: childEnv(secretEnv(secrets)),
    });
    db = new Database(join(data, 'dora-guarantee.db'), { readonly: true });
  });
  afterAll(async () => {
    db?.close();
    await child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = () => ({
    deliveries: (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n,
    events: (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
  });
  const failures = async (source: string, reason: string) =>
    valueOf(
      parseExposition((await send(child.url, { method: 'GET', path: '/metrics', headers: {} })).text),
      'dora_exporter_signature_failures_total',
      { source, reason },
    ) ?? 0;
  const request = (item: CorpusItem, headers: Record<string, string>, body = item.body): HttpRequest => ({
    method: 'POST',
    path: PATHS[item.source],
    headers,
    body,
  });

  describe.each(Object.keys(ACCEPTED) as SourceName[])('%s', (source) => {
    const item = () => items.get(ACCEPTED[source]) as CorpusItem;

    async function refused(req: HttpRequest, reason: 'missing' | 'invalid' | 'stale') {
      const before = { stored: stored(), counted: await failures(source, reason) };
      const answer = await send(child.url, req);
      expect([answer.status, typeof answer.json?.error]).toEqual([401, 'string']);
      expect(stored()).toEqual(before.stored);
      expect(await failures(source, reason)).toBe(before.counted + 1);
      return answer;
    }

    it('refuses a request without authentication', async () => {
      const headers = signedHeaders(source, item().body, secrets, item().headers);
      for (const h of AUTH_HEADERS) delete headers[h];
      await refused(request(item(), headers), 'missing');
    });

    it('refuses a request authenticated with another secret', async () => {
      await refused(request(item(), signedHeaders(source, item().body, other, item().headers)), 'invalid');
    });

    it("refuses another source's valid credentials", async () => {
      const foreign: SourceName = source === 'generic' ? 'alertmanager' : 'generic';
      const headers = signedHeaders(foreign, item().body, secrets, item().headers);
      // A bearer source sees a token it does not accept; a signing source sees no signature at all.
      await refused(request(item(), headers), SIGNED_BODY.includes(source) ? 'missing' : 'invalid');
    });

    if (SIGNED_BODY.includes(source)) {
      it('refuses a body changed after signing (one byte)', async () => {
        const headers = signedHeaders(source, item().body, secrets, item().headers);
        const tampered = Buffer.from(item().body);
        const at = tampered.indexOf('"'.charCodeAt(0), 10) + 1;
        tampered[at] = (tampered[at] as number) ^ 0x01;
        await refused(request(item(), headers, tampered), 'invalid');
      });
    }

    it('stores a valid delivery once; an exact replay is answered 200 duplicate and stores nothing', async () => {
      const req = request(item(), signedHeaders(source, item().body, secrets, item().headers));
      const first = await send(child.url, req);
      expect([first.status, first.json.status]).toEqual([202, 'accepted']);
      const after = stored();
      const replay = await send(child.url, req);
      expect([replay.status, replay.json.status]).toEqual([200, 'duplicate']);
      expect(stored()).toEqual(after);
      // Replayed signature with a new delivery id: where the id is not signed a delivery may be stored, but its
      // events are known by their own ids, so nothing new counts.
      const reusedSignature = { ...req.headers };
      for (const h of ['x-github-delivery', 'x-webhook-id', 'idempotency-key', 'webhook-id'])
        if (h in reusedSignature) reusedSignature[h] = `replayed-${h}`;
      const again = await send(child.url, { ...req, headers: reusedSignature });
      if (source === 'gitlab')
        expect(again.status).toBe(401); // webhook-id is part of what GitLab signs
      else expect([again.status < 300, again.json.newEvents ?? 0]).toEqual([true, 0]);
      expect(stored().events).toBe(after.events);
    });
  });

  it('refuses a GitLab delivery signed more than 5 minutes ago or ahead (stale), whatever else is right', async () => {
    const item = items.get(ACCEPTED.gitlab) as CorpusItem;
    for (const skew of [-600, 600]) {
      const timestamp = Math.floor(Date.now() / 1000) + skew;
      const headers = signedHeaders('gitlab', item.body, secrets, item.headers, { timestamp });
      const before = { stored: stored(), counted: await failures('gitlab', 'stale') };
      const answer = await send(child.url, request(item, headers));
      expect([answer.status, answer.json.error]).toEqual([401, expect.stringMatching(/webhook-timestamp/)]);
      expect(stored()).toEqual(before.stored);
      expect(await failures('gitlab', 'stale')).toBe(before.counted + 1);
    }
  });
});
