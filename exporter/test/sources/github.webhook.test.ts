import { createHmac, randomUUID } from 'node:crypto';
import { parseTime } from '@dora-guarantee/scoring';
import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';
import { githubFixture, githubVariant } from './github.fixtures';

const SECRET = 'gh-webhook-secret-for-tests';
const PATH = '/webhooks/github';
const SPRINT = '2019-05-13';

const sign = (body: Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface Delivery {
  event: string;
  payload: unknown;
  delivery?: string;
  /** A signature to send instead of the valid one; null sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
}

describe('GitHub webhooks through a running exporter', () => {
  let exporter: TestExporter;

  const deliver = (d: Delivery) => {
    const body = Buffer.isBuffer(d.payload)
      ? d.payload
      : Buffer.from(typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload));
    const signature = d.signature === undefined ? sign(body) : d.signature;
    return exporter.post(PATH, body, {
      authorization: '',
      'x-github-event': d.event,
      'x-github-delivery': d.delivery ?? randomUUID(),
      'user-agent': 'GitHub-Hookshot/test',
      ...(signature !== null && { 'x-hub-signature-256': signature }),
      ...d.headers,
    });
  };
  const samples = async () => parseExposition(await exporter.scrape());
  const deliveries = async (outcome: string) =>
    valueOf(await samples(), 'dora_exporter_deliveries_total', { source: 'github', outcome }) ?? 0;
  const stored = () => ({
    events: exporter.exporter.store.eventCount(),
    deliveries: [...exporter.exporter.store.deliveries('github')].length,
  });

  beforeAll(async () => {
    exporter = await startTestExporter(
      baseConfig({
        calendar: { firstSprintStart: SPRINT, sprintLengthDays: 14 },
        teams: [{ name: 'squad', services: ['hello'], repositories: { 'Codertocat/Hello-World': 'hello' } }],
        sources: { github: { secret: { env: 'TEST_GITHUB_SECRET' } } },
        server: { maxBodyBytes: 256 * 1024 },
      }),
      { env: { TEST_GITHUB_SECRET: SECRET }, now: () => parseTime('2019-05-20T12:00:00Z') },
    );
  });
  afterAll(() => exporter.close());

  it('accepts signed push, deployment, merge and workflow deliveries and measures the deployment', async () => {
    const push = githubFixture('push.default-branch');
    // The documented deployment deploys what the documented push pushed.
    const deployment = githubVariant('deployment_status.success', (p) => (p.deployment.sha = push.after));
    const merged = githubVariant('pull_request.closed', (p) => {
      p.pull_request.merged = true;
      p.pull_request.merged_at = '2019-05-15T15:21:18Z';
    });
    const run = githubVariant('workflow_run.completed', (p) => (p.repository.full_name = 'Codertocat/Hello-World'));

    for (const [event, payload] of [
      ['push', push],
      ['deployment_status', deployment],
      ['pull_request', merged],
      ['workflow_run', run],
    ] as const) {
      const res = await deliver({ event, payload });
      expect([event, res.status, res.json]).toEqual([
        event,
        202,
        { status: 'accepted', newEvents: 1, duplicateEvents: 0 },
      ]);
    }

    const ids = exporter.exporter.store
      .teamEvents('squad')
      .map((e) => [e.id, e.type, 'service' in e ? e.service : undefined])
      .sort();
    expect(ids).toEqual([
      ['github:deployment:145988746', 'deployment', 'hello'],
      ['github:pull_request:279147437', 'change.merged', 'hello'],
      ['github:push:codertocat/hello-world:6113728f27ae82c7b1a177c8d03f9e96e0adf246', 'commits.pushed', 'hello'],
      ['github:workflow_run:289782451:1', 'pipeline.finished', 'hello'],
    ]);

    const sprints = await exporter.get('/api/v1/teams/squad/sprints');
    const sprint = sprints.json.sprints.find((s: { sprint: string }) => s.sprint === SPRINT);
    expect(sprint.measurements).toMatchObject({ deployments: 1, changes: 1 });

    const evidence = await exporter.get(`/api/v1/teams/squad/sprints/${SPRINT}/evidence`);
    expect(evidence.json.deployments).toEqual([
      expect.objectContaining({
        id: 'github:deployment:145988746',
        service: 'hello',
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        automated: false,
        // committed 15:19:25, deployed 15:20:55
        changes: [
          {
            sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
            committedAt: '2019-05-15T15:19:25.000Z',
            leadTimeSeconds: 90,
          },
        ],
      }),
    ]);
  });

  it('answers ping, unfinished states and unused events with 200 ignored', async () => {
    const before = await deliveries('ignored');
    for (const [event, payload] of [
      ['ping', githubFixture('ping')],
      ['deployment_status', githubFixture('deployment_status.in_progress')],
      ['pull_request', githubFixture('pull_request.closed')],
      ['push', githubFixture('push.tag')],
      ['issues', { action: 'opened', repository: { full_name: 'Codertocat/Hello-World' } }],
    ] as const) {
      const res = await deliver({ event, payload });
      expect([event, res.status, res.json.status]).toEqual([event, 200, 'ignored']);
    }
    expect((await deliveries('ignored')) - before).toBe(5);
  });

  it('counts a redelivery (same X-GitHub-Delivery) once', async () => {
    const delivery = randomUUID();
    const payload = githubVariant('deployment_status.success', (p) => {
      p.deployment.id = 9001;
      p.deployment_status.id = 9002;
    });
    const dupBefore = await deliveries('duplicate');
    const first = await deliver({ event: 'deployment_status', payload, delivery });
    expect(first.status).toBe(202);
    const before = stored();
    const second = await deliver({ event: 'deployment_status', payload, delivery });
    expect([second.status, second.json.status]).toEqual([200, 'duplicate']);
    expect(stored()).toEqual(before);
    expect((await deliveries('duplicate')) - dupBefore).toBe(1);
  });

  it('refuses forged and missing signatures with 401 and stores nothing', async () => {
    const before = stored();
    const failuresBefore = (reason: string, s: Awaited<ReturnType<typeof samples>>) =>
      valueOf(s, 'dora_exporter_signature_failures_total', { source: 'github', reason }) ?? 0;
    const s0 = await samples();
    const payload = githubVariant('deployment_status.success', (p) => (p.deployment.id = 777));
    const body = Buffer.from(JSON.stringify(payload));

    const forged = await deliver({
      event: 'deployment_status',
      payload: body,
      signature: sign(body, 'not-the-secret'),
    });
    expect(forged.status).toBe(401);
    expect(forged.json.error).toMatch(/X-Hub-Signature-256/);
    expect(JSON.stringify(forged.json)).not.toContain(SECRET);

    // A valid signature of another body: the payload was altered in transit.
    const altered = await deliver({
      event: 'deployment_status',
      payload: body,
      signature: sign(Buffer.from(JSON.stringify({ ...payload, action: 'edited' }))),
    });
    expect(altered.status).toBe(401);

    const missing = await deliver({ event: 'deployment_status', payload: body, signature: null });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatch(/missing X-Hub-Signature-256/);

    // Unsigned garbage is refused before anything looks at the body.
    const unsignedGarbage = await deliver({ event: 'push', payload: 'not json', signature: null });
    expect(unsignedGarbage.status).toBe(401);

    expect(stored()).toEqual(before);
    const s1 = await samples();
    expect(failuresBefore('invalid', s1) - failuresBefore('invalid', s0)).toBe(2);
    expect(failuresBefore('missing', s1) - failuresBefore('missing', s0)).toBe(2);
  });

  it('rejects malformed JSON and wrong shapes with 400 naming the field', async () => {
    const before = stored();
    const bad = await deliver({ event: 'push', payload: '{"ref": "refs/heads/master",' });
    expect(bad.status).toBe(400);
    expect(bad.json.problems).toEqual([{ field: '(body)', message: expect.stringMatching(/^not valid JSON/) }]);

    const noSha = githubVariant('deployment_status.success', (p) => delete p.deployment.sha);
    const shape = await deliver({ event: 'deployment_status', payload: noSha });
    expect(shape.status).toBe(400);
    expect(shape.json.problems).toEqual([expect.objectContaining({ field: 'deployment.sha' })]);

    const noEvent = await deliver({ event: '', payload: githubFixture('ping') });
    expect(noEvent.status).toBe(400);
    expect(noEvent.json.problems).toEqual([expect.objectContaining({ field: 'X-GitHub-Event' })]);
    expect(stored()).toEqual(before);
  });

  it('refuses bodies over the limit with 413 and form-encoded deliveries with 415', async () => {
    const before = stored();
    const huge = githubVariant('push.default-branch', (p) => (p.padding = 'x'.repeat(300 * 1024)));
    const res = await deliver({ event: 'push', payload: huge });
    expect(res.status).toBe(413);

    const form = Buffer.from(`payload=${encodeURIComponent(JSON.stringify(githubFixture('ping')))}`);
    const formRes = await deliver({
      event: 'ping',
      payload: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formRes.status).toBe(415);
    expect(stored()).toEqual(before);
  });

  it('stores deliveries from unmapped repositories under team "unassigned"', async () => {
    const s0 = await samples();
    const payload = githubVariant('push.default-branch', (p) => (p.repository.full_name = 'someone/else'));
    const res = await deliver({ event: 'push', payload });
    expect(res.status).toBe(202);
    expect(exporter.exporter.store.teamEvents('unassigned').map((e) => e.id)).toContain(
      'github:push:someone/else:6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    );
    const unassigned = (s: typeof s0) => valueOf(s, 'dora_exporter_unassigned_events_total', { source: 'github' }) ?? 0;
    expect(unassigned(await samples()) - unassigned(s0)).toBe(1);
  });

  it('finds every acknowledged event after a restart on the same data directory', async () => {
    const before = exporter.exporter.store
      .teamEvents('squad')
      .map((e) => e.id)
      .sort();
    expect(before.length).toBeGreaterThanOrEqual(5);
    await exporter.restart();
    expect(
      exporter.exporter.store
        .teamEvents('squad')
        .map((e) => e.id)
        .sort(),
    ).toEqual(before);
    const evidence = await exporter.get(`/api/v1/teams/squad/sprints/${SPRINT}/evidence`);
    expect(evidence.json.deployments.map((d: { id: string }) => d.id)).toContain('github:deployment:145988746');
  });
});
