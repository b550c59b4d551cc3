import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupDeliveryId, parseAlertmanager } from '../../src/sources/alertmanager/parse';
import { PayloadError, type SourceRequest } from '../../src/sources/types';

// Recorded from Alertmanager 0.25.0 (see ../fixtures/alertmanager/README.md).
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/alertmanager', name));
const request = (body: Buffer | string): SourceRequest => ({
  headers: { 'content-type': 'application/json' },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  contentType: 'application/json',
});
const options = { incidentLabel: { name: 'dora_incident', value: 'true' }, serviceLabel: 'service' };
const INCIDENT = 'alertmanager:ae61e8a970e1cd66@2020-04-09T15:10:03.418Z';
const opened = {
  id: `${INCIDENT}:opened`,
  type: 'incident.opened',
  time: '2020-04-09T15:10:03.418Z',
  incident: INCIDENT,
  startedAt: '2020-04-09T15:10:03.418Z',
  detectedBy: 'alert',
  service: 'checkout',
  url: 'http://prometheus:9090/graph?g0.expr=job%3Acheckout_errors%3Aratio5m+%3E+0.05&g0.tab=1',
};

function problems(body: string) {
  try {
    parseAlertmanager(request(body), options);
  } catch (e) {
    if (e instanceof PayloadError) return e.problems;
    throw e;
  }
  throw new Error('expected a PayloadError');
}

describe('parseAlertmanager on recorded notifications', () => {
  test('a firing group opens an incident for the labelled alert only', () => {
    expect(parseAlertmanager(request(fixture('firing.json')), options).events).toEqual([opened]);
  });

  test('the resolved notification re-states the opening and resolves at endsAt', () => {
    expect(parseAlertmanager(request(fixture('resolved.json')), options).events).toEqual([
      opened,
      { id: `${INCIDENT}:resolved`, type: 'incident.resolved', time: '2020-04-09T15:52:03.418Z', incident: INCIDENT },
    ]);
  });

  test('a group without the label is ignored, naming the label', () => {
    const outcome = parseAlertmanager(request(fixture('unlabelled.json')), options);
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toBe('no alert carries the label dora_incident="true"');
  });

  test('the label and the service label are configurable', () => {
    const events = parseAlertmanager(request(fixture('firing.json')), {
      incidentLabel: { name: 'severity', value: 'warning' },
      serviceLabel: 'alertname',
    }).events;
    expect(events).toEqual([
      expect.objectContaining({
        incident: 'alertmanager:7bf5558701946234@2020-04-09T15:08:33.418Z',
        service: 'CheckoutErrorRate',
      }),
    ]);
  });

  test('a resend of the same group has the same delivery id; a status change or a new alert does not', () => {
    const firing = parseAlertmanager(request(fixture('firing.json')), options).deliveryId;
    const resolved = parseAlertmanager(request(fixture('resolved.json')), options).deliveryId;
    expect(resolved).not.toBe(firing);
    const doc = JSON.parse(fixture('firing.json').toString());
    // A repeat notification: same alerts, other order, other group-level fields.
    const resent = { ...doc, alerts: [...doc.alerts].reverse(), receiver: 'dora-repeat' };
    expect(parseAlertmanager(request(JSON.stringify(resent)), options).deliveryId).toBe(firing);
    // The same instant in another rendering is the same alert start.
    const zoned = structuredClone(doc);
    zoned.alerts[1].startsAt = '2020-04-09T17:10:03.418000000+02:00';
    expect(groupDeliveryId(zoned.alerts)).toBe(firing);
    const grown = { ...doc, alerts: [...doc.alerts, { ...doc.alerts[0], fingerprint: '0123456789abcdef' }] };
    expect(parseAlertmanager(request(JSON.stringify(grown)), options).deliveryId).not.toBe(firing);
  });

  test('malformed JSON and wrong shapes name the field', () => {
    expect(problems('{"version":"4",')[0]).toMatchObject({ field: '(body)', message: expect.stringMatching(/JSON/) });
    const doc = JSON.parse(fixture('resolved.json').toString());
    expect(problems(JSON.stringify({ ...doc, version: '3' }))).toEqual([
      { field: 'version', message: 'must be "4" (the Alertmanager webhook payload version)' },
    ]);
    const bad = structuredClone(doc);
    bad.alerts[0].startsAt = 'now';
    delete bad.alerts[0].fingerprint;
    // A resolved alert with Go's zero time (what a firing one carries) has no end.
    bad.alerts[1].endsAt = '0001-01-01T00:00:00Z';
    expect(problems(JSON.stringify(bad)).map((p) => p.field)).toEqual([
      'alerts.0.startsAt',
      'alerts.0.fingerprint',
      'alerts.1.endsAt',
    ]);
    expect(problems(JSON.stringify({ version: '4' }))).toEqual([{ field: 'alerts', message: expect.any(String) }]);
  });
});
