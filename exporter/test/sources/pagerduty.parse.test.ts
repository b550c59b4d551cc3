import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePagerDuty } from '../../src/sources/pagerduty/parse';
import { verifyPagerDuty } from '../../src/sources/pagerduty/verify';
import { PayloadError, type SourceRequest } from '../../src/sources/types';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/pagerduty', name));
const request = (body: Buffer | string, headers: Record<string, string> = {}): SourceRequest => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  contentType: 'application/json',
});
const options = { serviceMap: { PF9KMXH: 'checkout' } };

function problems(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof PayloadError) return e.problems;
    throw e;
  }
  throw new Error('expected a PayloadError');
}

describe('parsePagerDuty on the documented payloads', () => {
  test('incident.triggered by a person becomes incident.opened with its service, start and link', () => {
    const outcome = parsePagerDuty(request(fixture('incident.triggered.json'), { 'x-webhook-id': 'wh-1' }), options);
    expect(outcome).toEqual({
      deliveryId: 'wh-1',
      events: [
        {
          id: 'pagerduty:01BRB6ZP4M6T8ZG4X6BP63ZC7T',
          type: 'incident.opened',
          time: '2020-04-09T15:16:29.503Z',
          incident: 'pagerduty:PGR0VU2',
          service: 'checkout',
          startedAt: '2020-04-09T15:16:27.000Z',
          detectedBy: 'person',
          url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        },
      ],
    });
  });

  test('a service agent means the monitoring paged; a root cause line in the title names the commit', () => {
    const [event] = parsePagerDuty(request(fixture('incident.triggered-root-cause.json')), options).events;
    expect(event).toMatchObject({
      type: 'incident.opened',
      incident: 'pagerduty:Q0RIJJZL24RC6W',
      detectedBy: 'alert',
      rootCauseSha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      startedAt: '2020-04-10T08:02:09.000Z',
    });
  });

  test('incident.resolved resolves the same incident at occurred_at', () => {
    const outcome = parsePagerDuty(request(fixture('incident.resolved.json'), { 'x-webhook-id': 'wh-9' }), options);
    expect(outcome.events).toEqual([
      {
        id: 'pagerduty:01BRB7A1D0C5PXF8Q1T6M3N9K4',
        type: 'incident.resolved',
        time: '2020-04-09T15:58:27.934Z',
        incident: 'pagerduty:PGR0VU2',
      },
    ]);
  });

  test.each([
    ['incident.acknowledged.json', 'incident.acknowledged'],
    ['service.updated.json', 'service.updated'],
  ])('%s is ignored, naming its type', (file, type) => {
    const outcome = parsePagerDuty(request(fixture(file)), options);
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toContain(type);
  });

  test('the event id is the delivery id when X-Webhook-Id is absent', () => {
    expect(parsePagerDuty(request(fixture('incident.resolved.json')), options).deliveryId).toBe(
      '01BRB7A1D0C5PXF8Q1T6M3N9K4',
    );
  });

  test('a service missing from serviceMap is matched by name, else passed on for the team map to judge', () => {
    const byName = parsePagerDuty(request(fixture('incident.triggered.json')), {
      serviceMap: { 'API Service': 'search' },
    });
    expect(byName.events[0]).toMatchObject({ service: 'search' });
    const unmapped = parsePagerDuty(request(fixture('incident.triggered.json')), { serviceMap: {} });
    expect(unmapped.events[0]).toMatchObject({ service: 'API Service' });
  });

  test('malformed JSON and wrong shapes name the field', () => {
    expect(problems(() => parsePagerDuty(request('{"event":'), options))[0]).toMatchObject({ field: '(body)' });
    const doc = JSON.parse(fixture('incident.triggered.json').toString());
    delete doc.event.occurred_at;
    expect(problems(() => parsePagerDuty(request(JSON.stringify(doc)), options))).toEqual([
      { field: 'event.occurred_at', message: expect.any(String) },
    ]);
    const noId = JSON.parse(fixture('incident.triggered.json').toString());
    delete noId.event.data.id;
    expect(problems(() => parsePagerDuty(request(JSON.stringify(noId)), options))[0]?.field).toBe('event.data.id');
    expect(problems(() => parsePagerDuty(request('[]'), options))[0]).toEqual({
      field: '(body)',
      message: expect.stringContaining('expected object'),
    });
  });
});

describe('verifyPagerDuty', () => {
  const body = fixture('incident.triggered.json');
  const sign = (secret: string, bytes: Buffer = body) =>
    `v1=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
  const verify = (header: string | undefined, secrets = ['old-secret', 'new-secret']) =>
    verifyPagerDuty(request(body, header === undefined ? {} : { 'x-pagerduty-signature': header }), secrets);

  test('accepts any matching v1 signature against any configured secret', () => {
    expect(verify(sign('new-secret')).ok).toBe(true);
    expect(verify(`${sign('unknown')},${sign('old-secret')}`).ok).toBe(true);
    expect(verify(`v0=abc, ${sign('new-secret')}`).ok).toBe(true);
  });

  test('rejects a missing header, no v1 value, a wrong secret and a changed body', () => {
    expect(verify(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(verify('v2=abcdef')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verify(sign('wrong'))).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verify(sign('new-secret', Buffer.from(`${body.toString()} `)))).toMatchObject({ ok: false });
  });
});
