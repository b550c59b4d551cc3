import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { parseTime } from '@dora-guarantee/scoring';
import { buildConfig, ConfigError } from '../../src/config/load';
import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';
import { gitlabFixture, gitlabVariant, mergedRequest } from './gitlab.fixtures';

const TOKEN = 'gl-secret-token-for-tests';
const SIGNING_KEY = randomBytes(32);
const SIGNING_TOKEN = `whsec_${SIGNING_KEY.toString('base64')}`;
const PATH = '/webhooks/gitlab';
const SPRINT = '2012-01-02';

const EVENT_HEADER: Record<string, string> = {
  deployment: 'Deployment Hook',
  merge_request: 'Merge Request Hook',
  pipeline: 'Pipeline Hook',
  push: 'Push Hook',
};

interface Delivery {
  payload: unknown;
  /** Idempotency-Key, also sent as webhook-id as GitLab does. */
  key?: string;
  token?: string | null;
  /** Unix seconds for webhook-timestamp; null sends no Standard Webhooks headers at all. */
  timestamp?: number | null;
  signature?: string;
  headers?: Record<string, string>;
}

const teams = [
  {
    name: 'squad',
    services: ['web'],
    repositories: {
      'mike/diaspora': 'web',
      'root/test-deployment-webhooks': 'web',
      'gitlabhq/gitlab-test': 'web',
      'gitlab-org/gitlab-test': 'web',
    },
  },
];

/** The documented deployment, to production, of the documented push's head commit, on the day after the push. */
const productionDeployment = () =>
  gitlabVariant('deployment', (p) => {
    p.environment = 'production';
    p.environment_tier = 'production';
    p.environment_slug = 'production';
    p.status_changed_at = '2012-01-04 10:00:00 +0200';
    p.short_sha = 'da156088';
    p.commit_url =
      'http://10.126.0.2:3000/root/test-deployment-webhooks/-/commit/da1560886d4f094c3e6c9ef40349f7d38b5d27d7';
  });

function starter(signing: boolean) {
  return startTestExporter(
    baseConfig({
      calendar: { firstSprintStart: SPRINT, sprintLengthDays: 14 },
      teams,
      sources: {
        gitlab: {
          token: { env: 'TEST_GITLAB_TOKEN' },
          ...(signing && { signingSecret: { env: 'TEST_GITLAB_SIGNING' } }),
        },
      },
      server: { maxBodyBytes: 128 * 1024 },
    }),
    {
      env: { TEST_GITLAB_TOKEN: TOKEN, TEST_GITLAB_SIGNING: SIGNING_TOKEN },
      now: () => parseTime('2012-01-10T00:00:00Z'),
    },
  );
}

function sender(exporter: () => TestExporter) {
  return (d: Delivery) => {
    const body = Buffer.isBuffer(d.payload)
      ? d.payload
      : Buffer.from(typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload));
    const key = d.key ?? randomUUID();
    const kind = (d.payload as { object_kind?: string })?.object_kind ?? '';
    const timestamp = d.timestamp === undefined ? Math.floor(Date.now() / 1000) : d.timestamp;
    const signature =
      d.signature ??
      `v1,${createHmac('sha256', SIGNING_KEY).update(`${key}.${timestamp}.`).update(body).digest('base64')}`;
    return exporter().post(PATH, body, {
      authorization: '',
      'user-agent': 'GitLab/19.0.0',
      'x-gitlab-event': EVENT_HEADER[kind] ?? 'System Hook',
      'x-gitlab-event-uuid': randomUUID(),
      'x-gitlab-webhook-uuid': 'a4bd1bb5-0f4f-4ac5-b1f5-5f1e1e4a1b1c',
      'x-gitlab-instance': 'https://gitlab.example.com',
      'idempotency-key': key,
      ...(d.token !== null && { 'x-gitlab-token': d.token ?? TOKEN }),
      ...(timestamp !== null && {
        'webhook-id': key,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      }),
      ...d.headers,
    });
  };
}

describe('GitLab webhooks (secret token and signing token) through a running exporter', () => {
  let exporter: TestExporter;
  const deliver = sender(() => exporter);
  const samples = async () => parseExposition(await exporter.scrape());
  const metric = (s: Awaited<ReturnType<typeof samples>>, name: string, labels: Record<string, string>) =>
    valueOf(s, name, { source: 'gitlab', ...labels }) ?? 0;
  const stored = () => ({
    events: exporter.exporter.store.eventCount(),
    deliveries: [...exporter.exporter.store.deliveries('gitlab')].length,
  });

  beforeAll(async () => {
    exporter = await starter(true);
  });
  afterAll(() => exporter.close());

  it('accepts signed push, deployment, merge and pipeline hooks and measures lead time from the pushed commits', async () => {
    for (const payload of [gitlabFixture('push'), productionDeployment(), mergedRequest(), gitlabFixture('pipeline')]) {
      const res = await deliver({ payload });
      expect([payload.object_kind, res.status, res.json]).toEqual([
        payload.object_kind,
        202,
        { status: 'accepted', newEvents: 1, duplicateEvents: 0 },
      ]);
    }
    expect(
      exporter.exporter.store
        .teamEvents('squad')
        .map((e) => e.id)
        .sort(),
    ).toEqual([
      'gitlab:deployment:15',
      'gitlab:merge_request:99',
      'gitlab:pipeline:31:2016-08-12T15:26:29.000Z',
      'gitlab:push:mike/diaspora:da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
    ]);

    const sprints = await exporter.get('/api/v1/teams/squad/sprints');
    const sprint = sprints.json.sprints.find((s: { sprint: string }) => s.sprint === SPRINT);
    expect(sprint.measurements).toMatchObject({ deployments: 1, changes: 2 });

    const evidence = await exporter.get(`/api/v1/teams/squad/sprints/${SPRINT}/evidence`);
    expect(evidence.json.deployments).toEqual([
      expect.objectContaining({
        id: 'gitlab:deployment:15',
        service: 'web',
        time: '2012-01-04T08:00:00.000Z',
        automated: true,
        changes: [
          // 2011-12-12T12:27:31Z → 2012-01-04T08:00:00Z = 22 d 19:32:29
          {
            sha: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327',
            committedAt: '2011-12-12T12:27:31.000Z',
            leadTimeSeconds: 1_971_149,
          },
          // 2012-01-03T21:36:29Z → 2012-01-04T08:00:00Z = 10:23:31
          {
            sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
            committedAt: '2012-01-03T21:36:29.000Z',
            leadTimeSeconds: 37_411,
          },
        ],
      }),
    ]);
  });

  it('answers duplicates (same Idempotency-Key) and ignored events with 200, never 4xx', async () => {
    const s0 = await samples();
    const key = randomUUID();
    const payload = gitlabVariant('pipeline', (p) => (p.object_attributes.id = 4242));
    expect((await deliver({ payload, key })).status).toBe(202);
    const before = stored();
    // "Resend request" repeats the data and the Idempotency-Key, with a new timestamp and signature.
    const again = await deliver({ payload, key, timestamp: Math.floor(Date.now() / 1000) + 1 });
    expect([again.status, again.json.status]).toEqual([200, 'duplicate']);
    expect(stored()).toEqual(before);

    for (const ignored of [
      gitlabVariant('deployment', (p) => (p.status = 'running')),
      gitlabFixture('merge_request.open'),
      gitlabVariant('pipeline', (p) => (p.object_attributes.status = 'running')),
      gitlabVariant('push', (p) => (p.ref = 'refs/heads/feature')),
      { object_kind: 'issue', event_type: 'issue', object_attributes: { id: 1 } },
    ]) {
      const res = await deliver({ payload: ignored });
      expect([ignored.object_kind, res.status, res.json.status]).toEqual([ignored.object_kind, 200, 'ignored']);
    }
    const s1 = await samples();
    expect(
      metric(s1, 'dora_exporter_deliveries_total', { outcome: 'duplicate' }) -
        metric(s0, 'dora_exporter_deliveries_total', { outcome: 'duplicate' }),
    ).toBe(1);
    expect(
      metric(s1, 'dora_exporter_deliveries_total', { outcome: 'ignored' }) -
        metric(s0, 'dora_exporter_deliveries_total', { outcome: 'ignored' }),
    ).toBe(5);
  });

  it('refuses wrong or missing tokens, forged, missing and stale signatures with 401, storing nothing', async () => {
    const s0 = await samples();
    const before = stored();
    const payload = gitlabVariant('deployment', (p) => (p.deployment_id = 31337));
    const cases: [string, Delivery, string][] = [
      ['wrong token', { payload, token: 'guess' }, 'invalid'],
      ['no token', { payload, token: null }, 'missing'],
      ['forged signature', { payload, signature: `v1,${randomBytes(32).toString('base64')}` }, 'invalid'],
      ['no signature headers', { payload, timestamp: null }, 'missing'],
      ['stale timestamp', { payload, timestamp: Math.floor(Date.now() / 1000) - 600 }, 'stale'],
    ];
    for (const [what, delivery] of cases) {
      const res = await deliver(delivery);
      expect([what, res.status]).toEqual([what, 401]);
      expect(JSON.stringify(res.json)).not.toContain(TOKEN);
    }
    expect(stored()).toEqual(before);
    const s1 = await samples();
    for (const reason of ['invalid', 'missing', 'stale']) {
      const expected = cases.filter((c) => c[2] === reason).length;
      const got =
        metric(s1, 'dora_exporter_signature_failures_total', { reason }) -
        metric(s0, 'dora_exporter_signature_failures_total', { reason });
      expect([reason, got]).toEqual([reason, expected]);
    }
  });

  it('rejects malformed JSON and wrong shapes with 400 naming the field, and oversize bodies with 413', async () => {
    const before = stored();
    const bad = await deliver({ payload: '{"object_kind": "deployment"' });
    expect(bad.status).toBe(400);
    expect(bad.json.problems).toEqual([{ field: '(body)', message: expect.stringMatching(/^not valid JSON/) }]);

    const shape = await deliver({ payload: gitlabVariant('deployment', (p) => delete p.project) });
    expect(shape.status).toBe(400);
    expect(shape.json.problems).toEqual([expect.objectContaining({ field: 'project' })]);

    const huge = await deliver({ payload: gitlabVariant('push', (p) => (p.padding = 'x'.repeat(200 * 1024))) });
    expect(huge.status).toBe(413);
    expect(stored()).toEqual(before);
  });

  it('finds every acknowledged event after a restart on the same data directory', async () => {
    const before = exporter.exporter.store
      .teamEvents('squad')
      .map((e) => e.id)
      .sort();
    expect(before).toContain('gitlab:pipeline:4242:2016-08-12T15:26:29.000Z');
    await exporter.restart();
    expect(
      exporter.exporter.store
        .teamEvents('squad')
        .map((e) => e.id)
        .sort(),
    ).toEqual(before);
  });
});

describe('GitLab webhooks with only a secret token', () => {
  let exporter: TestExporter;
  const deliver = sender(() => exporter);
  beforeAll(async () => {
    exporter = await starter(false);
  });
  afterAll(() => exporter.close());

  it('needs no signature, dedupes on the event UUID and body before GitLab 17.4, and checks the token', async () => {
    const headers = { 'x-gitlab-event-uuid': randomUUID(), 'idempotency-key': '' };
    const first = await deliver({ payload: gitlabFixture('push'), timestamp: null, headers });
    expect(first.status).toBe(202);
    const again = await deliver({ payload: gitlabFixture('push'), timestamp: null, headers });
    expect([again.status, again.json.status]).toEqual([200, 'duplicate']);
    // The same event UUID on another hook of the same action is another delivery.
    const sibling = await deliver({ payload: gitlabFixture('pipeline'), timestamp: null, headers });
    expect(sibling.status).toBe(202);
    expect((await deliver({ payload: gitlabFixture('push'), timestamp: null, token: 'nope' })).status).toBe(401);
  });
});

describe('GitLab source configuration', () => {
  const document = (gitlab: unknown) => baseConfig({ sources: { gitlab } });
  const env = { TEST_API_TOKEN: 'x', TOKEN: 't', SIGNING: SIGNING_TOKEN, PASTED: 'a-secret-token' };

  it('refuses a signing secret that is not a whsec_ signing token, without echoing it', () => {
    const attempt = () => buildConfig(document({ signingSecret: { env: 'PASTED' } }), env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/sources\.gitlab\.signingSecret: must be a signing token/);
    expect(attempt).not.toThrow(/a-secret-token/);
  });

  it('needs a token or a signing secret', () => {
    expect(() => buildConfig(document({}), env)).toThrow(/sources\.gitlab/);
    expect(buildConfig(document({ signingSecret: { env: 'SIGNING' } }), env).sources.gitlab).toEqual({
      signingKey: SIGNING_KEY,
    });
    expect(buildConfig(document({ token: { env: 'TOKEN' } }), env).sources.gitlab).toEqual({ token: 't' });
  });
});
