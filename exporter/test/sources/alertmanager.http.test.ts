import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTime } from '@dora-guarantee/scoring';
import { parseExposition, valueOf } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

const TOKEN = 'am-bearer-token-0123456789';
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/alertmanager', name));
const SPRINT = { team: 'squad', sprint: '2020-03-30' };

describe('Alertmanager notifications through a running exporter', () => {
  let exporter: TestExporter;

  const deliver = (body: Buffer | string, authorization?: string) =>
    exporter.post(
      '/webhooks/alertmanager',
      body,
      authorization === undefined ? { authorization: '' } : { authorization },
    );
  const withToken = (file: string) => deliver(fixture(file), `Bearer ${TOKEN}`);
  const samples = async () => parseExposition(await exporter.scrape());
  const storedDeliveries = () => [...exporter.exporter.store.deliveries('alertmanager')];

  beforeAll(async () => {
    exporter = await startTestExporter(
      baseConfig({
        calendar: { firstSprintStart: '2020-03-30', sprintLengthDays: 14 },
        server: { maxBodyBytes: 64 * 1024 },
        sources: { alertmanager: { token: { env: 'AM_TOKEN' } } },
      }),
      { now: () => parseTime('2020-04-25T00:00:00Z'), env: { AM_TOKEN: TOKEN } },
    );
    const deployment = await exporter.post('/api/v1/events', {
      id: 'deploy-checkout-1',
      type: 'deployment',
      time: '2020-04-09T12:00:00Z',
      service: 'checkout',
      environment: 'production',
      status: 'success',
    });
    expect(deployment.status).toBe(202);
  });
  afterAll(() => exporter.close());

  test('no token, a wrong token and another scheme are 401 and nothing is stored', async () => {
    const missing = await deliver(fixture('firing.json'));
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatch(/Authorization: Bearer/);
    expect((await deliver(fixture('firing.json'), 'Bearer not-the-token')).status).toBe(401);
    expect(
      (await deliver(fixture('firing.json'), `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)).status,
    ).toBe(401);
    expect(storedDeliveries()).toEqual([]);
    expect(exporter.exporter.store.eventCount()).toBe(1);
  });

  test('a firing labelled alert opens an incident that fails the deployment before it', async () => {
    const s0 = await samples();
    expect(valueOf(s0, 'dora_sprint_failed_deployments', SPRINT)).toBe(0);
    const res = await withToken('firing.json');
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ status: 'accepted', newEvents: 1, duplicateEvents: 0 });
    const s1 = await samples();
    expect(valueOf(s1, 'dora_sprint_failed_deployments', SPRINT)).toBe(1);
    expect(valueOf(s1, 'dora_incidents_open', { team: 'squad', service: 'checkout' })).toBe(1);
    const evidence = await exporter.get('/api/v1/teams/squad/sprints/2020-03-30/evidence');
    expect(evidence.json.incidents).toEqual([
      expect.objectContaining({
        id: 'alertmanager:ae61e8a970e1cd66@2020-04-09T15:10:03.418Z',
        startedAt: '2020-04-09T15:10:03.418Z',
        detectedBy: 'alert',
        deploymentId: 'deploy-checkout-1',
        linkedBy: 'window',
      }),
    ]);
  });

  test('the same group sent again (repeat_interval, a retry) is a duplicate', async () => {
    const res = await withToken('firing.json');
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('duplicate');
  });

  test('the resolved notification is a new delivery: the opening is a duplicate event, the resolution is new', async () => {
    const res = await withToken('resolved.json');
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ status: 'accepted', newEvents: 1, duplicateEvents: 1 });
    const s = await samples();
    // The gauge drops the series once nothing is open.
    expect(valueOf(s, 'dora_incidents_open', { team: 'squad', service: 'checkout' }) ?? 0).toBe(0);
    // startsAt 15:10:03.418 → endsAt 15:52:03.418
    expect(valueOf(s, 'dora_sprint_failed_deployment_recovery_time_seconds', { ...SPRINT, quantile: '0.5' })).toBe(
      2520,
    );
    expect((await withToken('resolved.json')).json.status).toBe('duplicate');
  });

  test('a group without the incident label is answered 200 and adds no event', async () => {
    const before = exporter.exporter.store.eventCount();
    const res = await withToken('unlabelled.json');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ignored', reason: 'no alert carries the label dora_incident="true"' });
    expect(exporter.exporter.store.eventCount()).toBe(before);
  });

  test('malformed JSON and wrong shapes are 400 naming the field; nothing is stored', async () => {
    const before = storedDeliveries().length;
    const json = await deliver('{"version":"4","alerts":[', `Bearer ${TOKEN}`);
    expect(json.status).toBe(400);
    expect(json.json.problems[0]).toMatchObject({ field: '(body)' });
    const doc = JSON.parse(fixture('firing.json').toString());
    doc.alerts[1].status = 'pending';
    const shape = await deliver(JSON.stringify(doc), `Bearer ${TOKEN}`);
    expect(shape.status).toBe(400);
    expect(shape.json.problems).toEqual([{ field: 'alerts.1.status', message: expect.any(String) }]);
    expect(storedDeliveries().length).toBe(before);
  });

  test('a body over the limit is 413', async () => {
    const doc = JSON.parse(fixture('firing.json').toString());
    doc.commonAnnotations = { description: 'x'.repeat(70 * 1024) };
    expect((await deliver(JSON.stringify(doc), `Bearer ${TOKEN}`)).status).toBe(413);
  });

  test('after a restart every acknowledged notification and the incident are still there', async () => {
    const before = storedDeliveries().map((d) => d.deliveryId);
    expect(before).toHaveLength(3);
    await exporter.restart();
    expect(storedDeliveries().map((d) => d.deliveryId)).toEqual(before);
    const evidence = await exporter.get('/api/v1/teams/squad/sprints/2020-03-30/evidence');
    expect(evidence.json.incidents[0]).toMatchObject({ resolvedAt: '2020-04-09T15:52:03.418Z' });
  });
});
