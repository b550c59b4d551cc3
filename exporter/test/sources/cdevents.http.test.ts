import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTime } from '@dora-guarantee/scoring';
import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

const TOKEN = 'cdevents-token-0123456789';
type CdEvent = { context: { id: string; source: string; type: string; timestamp: string }; subject: { id: string } };
const load = (name: string): CdEvent =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/cdevents', name), 'utf8')) as CdEvent;
const SPRINT = { team: 'squad', sprint: '2020-03-30' };

function binaryHeaders(event: CdEvent): Record<string, string> {
  return {
    'content-type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': event.context.id,
    'ce-source': event.context.source,
    'ce-type': event.context.type,
    'ce-time': event.context.timestamp,
  };
}

function structuredBody(event: CdEvent): string {
  const { id, source, type, timestamp } = event.context;
  return JSON.stringify({
    specversion: '1.0',
    id,
    source,
    type,
    time: timestamp,
    datacontenttype: 'application/json',
    data: event,
  });
}

describe('CDEvents through a running exporter', () => {
  let exporter: TestExporter;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const sendBinary = (event: CdEvent, headers: Record<string, string> = auth) =>
    exporter.post('/webhooks/cdevents', JSON.stringify(event), { ...binaryHeaders(event), ...headers });
  const sendStructured = (event: CdEvent, headers: Record<string, string> = auth) =>
    exporter.post('/webhooks/cdevents', structuredBody(event), {
      'content-type': 'application/cloudevents+json',
      ...headers,
    });
  const samples = async () => parseExposition(await exporter.scrape());
  const storedDeliveries = () => [...exporter.exporter.store.deliveries('cdevents')].map((d) => d.deliveryId);

  beforeAll(async () => {
    exporter = await startTestExporter(
      baseConfig({
        calendar: { firstSprintStart: '2020-03-30', sprintLengthDays: 14 },
        server: { maxBodyBytes: 64 * 1024 },
        teams: [{ name: 'squad', services: ['checkout', 'payments'], repositories: { 'acme/checkout': 'checkout' } }],
        sources: { cdevents: { token: { env: 'CDEVENTS_TOKEN' } } },
      }),
      { now: () => parseTime('2020-04-25T00:00:00Z'), env: { CDEVENTS_TOKEN: TOKEN } },
    );
  });
  afterAll(() => exporter.close());

  test('no token or a wrong token is 401 in both modes and nothing is stored', async () => {
    const event = load('checkout/service_deployed.v0.5.json');
    expect((await sendBinary(event, { authorization: '' })).status).toBe(401);
    expect((await sendBinary(event, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await sendStructured(event, { authorization: '' })).status).toBe(401);
    expect(storedDeliveries()).toEqual([]);
    expect(exporter.exporter.store.eventCount()).toBe(0);
  });

  test('a delivery story in both modes and both spec versions becomes lead time, a failure and its recovery', async () => {
    const story: [string, 'binary' | 'structured'][] = [
      ['checkout/change_merged.v0.5.json', 'structured'],
      ['checkout/pipelinerun_finished.v0.5.json', 'binary'],
      ['checkout/service_deployed.v0.5.json', 'binary'],
      ['checkout/testsuiterun_finished.v0.5.json', 'structured'],
    ];
    for (const [file, mode] of story) {
      const res = mode === 'binary' ? await sendBinary(load(file)) : await sendStructured(load(file));
      expect([file, res.status, res.json]).toEqual([
        file,
        202,
        { status: 'accepted', newEvents: 1, duplicateEvents: 0 },
      ]);
    }
    let s = await samples();
    expect(valueOf(s, 'dora_sprint_failed_deployments', SPRINT)).toBe(0);
    // first commit 2020-04-08T14:40 → production deployment 2020-04-09T12:00
    expect(valueOf(s, 'dora_sprint_lead_time_seconds', { ...SPRINT, quantile: '0.5' })).toBe(76_800);
    expect(valueOf(s, 'dora_ci_pipeline_runs_total', { team: 'squad', service: 'checkout', result: 'success' })).toBe(
      1,
    );
    expect(valueOf(s, 'dora_tests_total', { team: 'squad', service: 'checkout', outcome: 'passed' })).toBe(41);

    for (const file of ['checkout/incident_detected.v0.4.json', 'checkout/service_rolledback.v0.4.json']) {
      expect((await sendStructured(load(file))).status).toBe(202);
    }
    expect((await sendBinary(load('checkout/incident_resolved.v0.4.json'))).status).toBe(202);
    s = await samples();
    expect(valueOf(s, 'dora_sprint_failed_deployments', SPRINT)).toBe(1);
    // opened 13:05, rolled back 13:40 (before the resolution at 13:50)
    expect(valueOf(s, 'dora_sprint_failed_deployment_recovery_time_seconds', { ...SPRINT, quantile: '0.5' })).toBe(
      2100,
    );
    const evidence = await exporter.get('/api/v1/teams/squad/sprints/2020-03-30/evidence');
    expect(evidence.json.incidents).toEqual([
      expect.objectContaining({
        id: 'cdevents:/monitoring/prod-eu-1 checkout-latency-0409',
        deploymentId: 'cdevents:/argocd/prod-cluster 0d7f0f0e-59f2-4b67-9c5e-3c1a2f6b8e01',
        linkedBy: 'window',
        resolvedAt: '2020-04-09T13:50:00.000Z',
      }),
    ]);
  });

  test('source + id is the delivery: the same event again, in either mode, is a duplicate', async () => {
    const event = load('checkout/service_deployed.v0.5.json');
    for (const res of [await sendBinary(event), await sendStructured(event)]) {
      expect(res.status).toBe(200);
      expect(res.json.status).toBe('duplicate');
    }
  });

  test('types not used here and CDEvents lacking the facts to count are 200 ignored', async () => {
    const before = exporter.exporter.store.eventCount();
    const published = load('checkout/service_deployed.v0.5.json');
    published.context = { ...published.context, id: 'published-1', type: 'dev.cdevents.service.published.0.3.0' };
    const res = await sendBinary(published);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('ignored');
    const noDuration = await sendBinary(load('conformance/pipelinerun_finished.v0.4.1.json'));
    expect(noDuration.json).toEqual({ status: 'ignored', reason: expect.stringContaining('durationSeconds') });
    expect(exporter.exporter.store.eventCount()).toBe(before);
  });

  test('malformed JSON, a non-CloudEvent and wrong shapes are 400 naming the field; nothing is stored', async () => {
    const before = storedDeliveries().length;
    const event = load('checkout/service_deployed.v0.5.json');
    const broken = await exporter.post('/webhooks/cdevents', '{"context":', { ...binaryHeaders(event), ...auth });
    expect(broken.status).toBe(400);
    expect(broken.json.problems[0]).toMatchObject({ field: '(body)', message: expect.stringMatching(/JSON/) });
    const plain = await exporter.post('/webhooks/cdevents', JSON.stringify(event), {
      'content-type': 'application/json',
      ...auth,
    });
    expect(plain.status).toBe(400);
    expect(plain.json.problems[0].message).toMatch(/not a CloudEvent/);
    const wrong = structuredClone(event) as CdEvent & { subject: { content: { environment?: unknown } } };
    delete wrong.subject.content.environment;
    const shape = await sendStructured(wrong);
    expect(shape.status).toBe(400);
    expect(shape.json.problems).toEqual([{ field: 'data.subject.content.environment', message: expect.any(String) }]);
    const batch = await exporter.post('/webhooks/cdevents', `[${structuredBody(event)}]`, {
      'content-type': 'application/cloudevents-batch+json',
      ...auth,
    });
    expect(batch.status).toBe(415);
    expect(storedDeliveries().length).toBe(before);
  });

  test('a body over the limit is 413', async () => {
    const event = load('checkout/service_deployed.v0.5.json') as CdEvent & { customData?: unknown };
    event.customData = { padding: 'x'.repeat(70 * 1024) };
    expect((await sendBinary(event)).status).toBe(413);
  });

  test('after a restart every acknowledged CDEvent is still there', async () => {
    const before = storedDeliveries().sort();
    expect(before).toHaveLength(9);
    const events = exporter.exporter.store.eventCount();
    await exporter.restart();
    expect(storedDeliveries().sort()).toEqual(before);
    expect(exporter.exporter.store.eventCount()).toBe(events);
    expect(valueOf(await samples(), 'dora_sprint_failed_deployments', SPRINT)).toBe(1);
  });
});
