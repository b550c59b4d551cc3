import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTime } from '@dora-guarantee/scoring';
import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

const OLD_SECRET = 'pd-secret-being-rotated-out';
const NEW_SECRET = 'pd-secret-new-0123456789';
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/pagerduty', name));
const sign = (body: Buffer | string, secret: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
// The sprint of 2020-03-30 (14 days) holds the whole story; sprints are named by their start date.
const SPRINT = { team: 'squad', sprint: '2020-03-30' };

describe('PagerDuty webhooks through a running exporter', () => {
  let exporter: TestExporter;

  const deliver = (body: Buffer | string, headers: Record<string, string>) =>
    exporter.post('/webhooks/pagerduty', body, { 'content-type': 'application/json; charset=utf-8', ...headers });
  const signed = (file: string, webhookId: string, secret = NEW_SECRET) =>
    deliver(fixture(file), { 'x-pagerduty-signature': sign(fixture(file), secret), 'x-webhook-id': webhookId });
  const sprintValue = async (name: string, labels: Record<string, string> = {}) =>
    valueOf(parseExposition(await exporter.scrape()), name, { ...SPRINT, ...labels });
  const storedDeliveries = () => [...exporter.exporter.store.deliveries('pagerduty')].map((d) => d.deliveryId);

  beforeAll(async () => {
    exporter = await startTestExporter(
      baseConfig({
        calendar: { firstSprintStart: '2020-03-30', sprintLengthDays: 14 },
        server: { maxBodyBytes: 64 * 1024 },
        sources: {
          pagerduty: {
            secrets: [{ env: 'PD_OLD_SECRET' }, { env: 'PD_NEW_SECRET' }],
            serviceMap: { PF9KMXH: 'checkout' },
          },
        },
      }),
      { now: () => parseTime('2020-04-25T00:00:00Z'), env: { PD_OLD_SECRET: OLD_SECRET, PD_NEW_SECRET: NEW_SECRET } },
    );
    const deployment = await exporter.post('/api/v1/events', {
      id: 'deploy-checkout-1',
      type: 'deployment',
      time: '2020-04-09T12:00:00Z',
      service: 'checkout',
      environment: 'production',
      status: 'success',
      sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
    });
    expect(deployment.status).toBe(202);
  });
  afterAll(() => exporter.close());

  test('an unsigned, a forged and a tampered delivery are refused with 401 and nothing is stored', async () => {
    const body = fixture('incident.triggered.json');
    const missing = await deliver(body, { 'x-webhook-id': 'forged-1' });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatch(/X-PagerDuty-Signature/);
    const forged = await deliver(body, {
      'x-pagerduty-signature': sign(body, 'not-our-secret'),
      'x-webhook-id': 'f-2',
    });
    expect(forged.status).toBe(401);
    const tampered = Buffer.from(body.toString().replace('PF9KMXH', 'PF9KMXX'));
    expect((await deliver(tampered, { 'x-pagerduty-signature': sign(body, NEW_SECRET) })).status).toBe(401);
    expect((await deliver(body, { 'x-pagerduty-signature': 'v1=zz' })).status).toBe(401);
    expect(storedDeliveries()).toEqual([]);
    expect(await sprintValue('dora_sprint_failed_deployments')).toBe(0);
    const samples = parseExposition(await exporter.scrape());
    expect(valueOf(samples, 'dora_exporter_signature_failures_total', { source: 'pagerduty', reason: 'missing' })).toBe(
      1,
    );
    expect(valueOf(samples, 'dora_exporter_signature_failures_total', { source: 'pagerduty', reason: 'invalid' })).toBe(
      3,
    );
  });

  test('a triggered incident signed with the old secret during rotation fails the deployment it followed', async () => {
    const body = fixture('incident.triggered.json');
    // During a rotation PagerDuty sends one signature per secret; ours is the second.
    const header = `${sign(body, 'a-secret-we-no-longer-know')},${sign(body, OLD_SECRET)}`;
    const res = await deliver(body, { 'x-pagerduty-signature': header, 'x-webhook-id': 'whk-triggered' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ status: 'accepted', newEvents: 1, duplicateEvents: 0 });

    expect(await sprintValue('dora_sprint_failed_deployments')).toBe(1);
    const evidence = await exporter.get('/api/v1/teams/squad/sprints/2020-03-30/evidence');
    expect(evidence.json.incidents).toEqual([
      {
        id: 'pagerduty:PGR0VU2',
        service: 'checkout',
        openedAt: '2020-04-09T15:16:29.503Z',
        startedAt: '2020-04-09T15:16:27.000Z',
        resolvedAt: null,
        detectedBy: 'person',
        url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        deploymentId: 'deploy-checkout-1',
        linkedBy: 'window',
        unlinkedReason: null,
      },
    ]);
  });

  test('a redelivery (same X-Webhook-Id) is a duplicate; the same event from a second subscription adds nothing', async () => {
    const again = await signed('incident.triggered.json', 'whk-triggered');
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('duplicate');
    const otherSubscription = await signed('incident.triggered.json', 'whk-other-subscription');
    expect(otherSubscription.status).toBe(202);
    expect(otherSubscription.json).toMatchObject({ newEvents: 0, duplicateEvents: 1 });
    expect(await sprintValue('dora_sprint_failed_deployments')).toBe(1);
  });

  test('acknowledged and non-incident events are answered 200 and change nothing', async () => {
    const before = exporter.exporter.store.eventCount();
    for (const [file, id] of [
      ['incident.acknowledged.json', 'whk-ack'],
      ['service.updated.json', 'whk-service'],
    ] as const) {
      const res = await signed(file, id);
      expect(res.status).toBe(200);
      expect(res.json.status).toBe('ignored');
    }
    expect(exporter.exporter.store.eventCount()).toBe(before);
  });

  test('the resolution restores the deployment: recovery from incident start to resolution', async () => {
    expect((await signed('incident.resolved.json', 'whk-resolved')).status).toBe(202);
    // 15:16:27.000 (created_at) → 15:58:27.934 (resolved occurred_at)
    expect(await sprintValue('dora_sprint_failed_deployment_recovery_time_seconds', { quantile: '0.5' })).toBeCloseTo(
      2520.934,
      3,
    );
  });

  test('a "root cause: <sha>" line links the incident to the deployment of that commit', async () => {
    expect((await signed('incident.triggered-root-cause.json', 'whk-root-cause')).status).toBe(202);
    const evidence = await exporter.get('/api/v1/teams/squad/sprints/2020-03-30/evidence');
    expect(evidence.json.incidents.find((i: { id: string }) => i.id === 'pagerduty:Q0RIJJZL24RC6W')).toMatchObject({
      detectedBy: 'alert',
      deploymentId: 'deploy-checkout-1',
      linkedBy: 'root-cause-commit',
    });
  });

  test('malformed JSON and wrong shapes get 400 naming the field, signed or not nothing reaches the store', async () => {
    const before = storedDeliveries().length;
    const broken = '{"event": {"id": "x"';
    const json = await deliver(broken, { 'x-pagerduty-signature': sign(broken, NEW_SECRET) });
    expect(json.status).toBe(400);
    expect(json.json.problems[0]).toMatchObject({ field: '(body)', message: expect.stringMatching(/JSON/) });

    const doc = JSON.parse(fixture('incident.triggered.json').toString());
    doc.event.occurred_at = 'yesterday';
    delete doc.event.data.id;
    const text = JSON.stringify(doc);
    const shape = await deliver(text, { 'x-pagerduty-signature': sign(text, NEW_SECRET) });
    expect(shape.status).toBe(400);
    expect(shape.json.problems.map((p: { field: string }) => p.field)).toEqual(['event.occurred_at']);
    doc.event.occurred_at = '2020-04-09T15:16:29Z';
    const noIdText = JSON.stringify(doc);
    const noId = await deliver(noIdText, { 'x-pagerduty-signature': sign(noIdText, NEW_SECRET) });
    expect(noId.json.problems).toEqual([{ field: 'event.data.id', message: expect.any(String) }]);
    expect(storedDeliveries().length).toBe(before);
  });

  test('a body over the limit is 413', async () => {
    const big = JSON.stringify({ event: { id: 'big', padding: 'x'.repeat(70 * 1024) } });
    const res = await deliver(big, { 'x-pagerduty-signature': sign(big, NEW_SECRET) });
    expect(res.status).toBe(413);
  });

  test('after a restart on the same data every acknowledged delivery and its effect are still there', async () => {
    const deliveries = storedDeliveries().sort();
    expect(deliveries).toEqual([
      'whk-ack',
      'whk-other-subscription',
      'whk-resolved',
      'whk-root-cause',
      'whk-service',
      'whk-triggered',
    ]);
    await exporter.restart();
    expect(storedDeliveries().sort()).toEqual(deliveries);
    expect(await sprintValue('dora_sprint_failed_deployments')).toBe(1);
    const evidence = await exporter.get('/api/v1/teams/squad/sprints/2020-03-30/evidence');
    expect(evidence.json.incidents[0]).toMatchObject({
      id: 'pagerduty:PGR0VU2',
      resolvedAt: '2020-04-09T15:58:27.934Z',
    });
  });
});
