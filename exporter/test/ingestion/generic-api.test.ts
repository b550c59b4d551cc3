import { parseExposition, valueOf } from '../support/exposition';
import { API_TOKEN, type TestExporter, baseConfig, startTestExporter } from '../support/exporter';
import { everyType, ndjson } from './support/events';

/**
 * The generic event API's front door (docs/event-api.md): what it accepts, what it refuses, and that a refusal
 * stores nothing.
 */
const MAX_BODY = 64 * 1024;

function deployment(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    type: 'deployment',
    time: '2026-06-03T10:00:00Z',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    ...extra,
  };
}

describe('generic event API', () => {
  let ex: TestExporter;
  const count = () => ex.exporter.store.eventCount();
  const stored = (id: string, team = 'squad') => ex.exporter.store.eventById(team, id)?.event;
  const unassignedCount = async () =>
    valueOf(parseExposition(await ex.scrape()), 'dora_exporter_unassigned_events_total', { source: 'generic' });
  const samples = async () => parseExposition(await ex.scrape());

  beforeEach(async () => {
    ex = await startTestExporter(baseConfig({ server: { maxBodyBytes: MAX_BODY } }), {
      now: () => Date.parse('2026-06-20T00:00:00Z'),
    });
  });
  afterEach(() => ex.close());

  describe('accepts', () => {
    it('one JSON object', async () => {
      const res = await ex.post('/api/v1/events', deployment('one'));
      expect(res).toEqual({ status: 202, json: { status: 'accepted', newEvents: 1, duplicateEvents: 0 } });
      expect(stored('one')).toMatchObject({ id: 'one', type: 'deployment', team: 'squad', service: 'checkout' });
    });

    it('a JSON array with one event of every type', async () => {
      const events = everyType();
      const res = await ex.post('/api/v1/events', events);
      expect(res).toEqual({ status: 202, json: { status: 'accepted', newEvents: 10, duplicateEvents: 0 } });
      expect(count()).toBe(10);
      for (const e of events) expect(stored(e.id as string)).toMatchObject({ ...e, team: 'squad' });
    });

    it.each(['application/x-ndjson', 'application/ndjson', 'application/jsonl'])('NDJSON as %s', async (type) => {
      const res = await ex.post('/api/v1/events', ndjson(everyType('nd')), {
        'content-type': `${type}; charset=utf-8`,
      });
      expect(res).toEqual({ status: 202, json: { status: 'accepted', newEvents: 10, duplicateEvents: 0 } });
      expect(count()).toBe(10);
    });
  });

  describe('rejects a whole batch with 400 when one event is invalid, storing nothing', () => {
    it('names the index, field and reason of every problem', async () => {
      const res = await ex.post('/api/v1/events', [
        deployment('ok-1'),
        deployment('bad-time', { time: '2026-06-03 10:00' }),
        deployment('ok-2'),
        {
          id: 'no-service',
          type: 'deployment',
          time: '2026-06-03T10:00:00Z',
          environment: 'production',
          status: 'success',
        },
        deployment('bad-status', { status: 'done' }),
      ]);
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid generic payload');
      expect(res.json.problems).toEqual([
        { index: 1, field: 'time', message: expect.stringMatching(/RFC 3339/) },
        { index: 3, field: 'service', message: expect.any(String) },
        { index: 4, field: 'status', message: expect.stringMatching(/success.*failure/) },
      ]);
      expect(count()).toBe(0);
      expect(stored('ok-1')).toBeUndefined();
    });

    it('an NDJSON line that is not JSON', async () => {
      const body = `${JSON.stringify(deployment('nd-ok'))}\n{"id": "broken",\n`;
      const res = await ex.post('/api/v1/events', body, { 'content-type': 'application/x-ndjson' });
      expect(res.status).toBe(400);
      expect(res.json.problems).toEqual([
        { index: 1, field: '(body)', message: expect.stringMatching(/^line 2 is not valid JSON/) },
      ]);
      expect(count()).toBe(0);
    });

    it('malformed JSON', async () => {
      const res = await ex.post('/api/v1/events', '{"id": "x", "type": ');
      expect(res.status).toBe(400);
      expect(res.json.problems).toEqual([{ field: '(body)', message: expect.stringMatching(/^not valid JSON/) }]);
      expect(count()).toBe(0);
    });

    it('wrong shapes: an unknown type, an unknown field, a repeated id', async () => {
      const unknownType = await ex.post('/api/v1/events', [{ id: 't', type: 'deploy', time: '2026-06-03T10:00:00Z' }]);
      expect(unknownType.status).toBe(400);
      expect(unknownType.json.problems).toEqual([{ index: 0, field: 'type', message: expect.any(String) }]);

      const misspelt = await ex.post('/api/v1/events', [deployment('m', { enviroment: 'prod' })]);
      expect(misspelt.status).toBe(400);
      expect(misspelt.json.problems).toEqual([
        { index: 0, field: '(event)', message: expect.stringMatching(/enviroment/) },
      ]);

      const repeated = await ex.post('/api/v1/events', [deployment('same'), deployment('same')]);
      expect(repeated.status).toBe(400);
      expect(repeated.json.problems).toEqual([
        { index: 1, field: 'id', message: 'duplicate id "same" within the request' },
      ]);
      expect(count()).toBe(0);
    });

    it('an empty batch', async () => {
      const res = await ex.post('/api/v1/events', []);
      expect(res.status).toBe(400);
      expect(res.json.problems).toEqual([{ field: '(body)', message: 'no events in the request' }]);
    });
  });

  it('counts duplicates: events seen before are not stored twice, a repeated request is a duplicate', async () => {
    const first = await ex.post('/api/v1/events', [deployment('d1'), deployment('d2')]);
    expect(first.json).toEqual({ status: 'accepted', newEvents: 2, duplicateEvents: 0 });

    // A different request overlapping the first: only the new event is stored.
    const overlap = await ex.post('/api/v1/events', [deployment('d2'), deployment('d3'), deployment('d1')]);
    expect(overlap).toEqual({ status: 202, json: { status: 'accepted', newEvents: 1, duplicateEvents: 2 } });

    // The same bytes again (a client retry): recognised as a whole and answered 200.
    const retry = await ex.post('/api/v1/events', [deployment('d2'), deployment('d3'), deployment('d1')]);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ status: 'duplicate', newEvents: 0, duplicateEvents: 3 });
    expect(count()).toBe(3);

    const s = await samples();
    expect(valueOf(s, 'dora_exporter_events_total', { source: 'generic', outcome: 'new' })).toBe(3);
    expect(valueOf(s, 'dora_exporter_events_total', { source: 'generic', outcome: 'duplicate' })).toBe(2);
    expect(valueOf(s, 'dora_exporter_deliveries_total', { source: 'generic', outcome: 'accepted' })).toBe(2);
    expect(valueOf(s, 'dora_exporter_deliveries_total', { source: 'generic', outcome: 'duplicate' })).toBe(1);
  });

  describe('refuses unauthenticated requests with 401 and stores nothing', () => {
    it.each([
      ['a missing token', {}],
      ['a forged token', { authorization: 'Bearer forged-token-0123456789' }],
      ['the token with one character changed', { authorization: `Bearer ${API_TOKEN.slice(0, -1)}X` }],
      ['another scheme', { authorization: `Basic ${Buffer.from(`user:${API_TOKEN}`).toString('base64')}` }],
      ['an empty bearer', { authorization: 'Bearer ' }],
    ])('%s', async (_name, headers: Record<string, string>) => {
      const res = await fetch(`${ex.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify([deployment('sneaky')]),
      });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).not.toContain(API_TOKEN);
      expect(count()).toBe(0);
      const s = await samples();
      expect(valueOf(s, 'dora_exporter_rejections_total', { source: 'generic', reason: 'signature' })).toBe(1);
    });
  });

  it('refuses a body over the configured limit with 413 and stores nothing', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => deployment(`big-${i}`));
    const body = JSON.stringify(events);
    expect(body.length).toBeGreaterThan(MAX_BODY);
    const res = await ex.post('/api/v1/events', body);
    expect(res.status).toBe(413);
    expect(res.json.error).toBe(`request body larger than ${MAX_BODY} bytes`);
    expect(count()).toBe(0);
    expect(valueOf(await samples(), 'dora_exporter_rejections_total', { source: 'generic', reason: 'size' })).toBe(1);
  });

  it('refuses other media types with 415', async () => {
    const res = await ex.post('/api/v1/events', JSON.stringify(deployment('x')), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.json.error).toMatch(/text\/plain.*application\/json/);
    expect(count()).toBe(0);
  });

  it('files unknown services, repositories and teams under "unassigned", counted, with no new label values', async () => {
    const res = await ex.post('/api/v1/events', [
      deployment('u1', { service: 'ghost-service' }),
      deployment('u2', { team: 'ghost-team' }),
      {
        id: 'u3',
        type: 'change.merged',
        time: '2026-06-03T09:00:00Z',
        repository: 'ghost-org/ghost-repo',
        change: 'ghost-org/ghost-repo#1',
        openedAt: '2026-06-02T09:00:00Z',
        mergedAt: '2026-06-03T09:00:00Z',
      },
      deployment('known'),
    ]);
    expect(res).toEqual({ status: 202, json: { status: 'accepted', newEvents: 4, duplicateEvents: 0 } });
    for (const id of ['u1', 'u2', 'u3']) expect(stored(id, 'unassigned')).toMatchObject({ team: 'unassigned' });
    expect(stored('known')).toMatchObject({ team: 'squad' });

    const text = await ex.scrape();
    const s = parseExposition(text);
    expect(valueOf(s, 'dora_exporter_unassigned_events_total', { source: 'generic' })).toBe(3);
    expect(text).not.toMatch(/ghost/);
    const teams = new Set(s.flatMap((x) => (x.labels.team === undefined ? [] : [x.labels.team])));
    expect([...teams].filter((t) => t !== 'squad' && t !== 'unassigned')).toEqual([]);
    const services = new Set(s.flatMap((x) => (x.labels.service === undefined ? [] : [x.labels.service])));
    expect([...services].filter((v) => !['checkout', 'payments', 'search', 'unassigned'].includes(v))).toEqual([]);
  });

  it('counts an unassigned event once when a later batch repeats it', async () => {
    const before = await unassignedCount();
    expect(before).toBeDefined();
    await ex.post('/api/v1/events', [deployment('again-1', { service: 'ghost-service' })]);
    const res = await ex.post('/api/v1/events', [
      deployment('again-1', { service: 'ghost-service' }),
      deployment('again-2', { service: 'ghost-service' }),
    ]);
    expect(res).toEqual({ status: 202, json: { status: 'accepted', newEvents: 1, duplicateEvents: 1 } });
    expect(await unassignedCount()).toBe((before as number) + 2);
  });

  it('does not count a resolution of an incident it does not know yet as unassigned', async () => {
    const before = await unassignedCount();
    const res = await ex.post('/api/v1/events', {
      id: 'early-resolution',
      type: 'incident.resolved',
      time: '2026-06-03T10:00:00Z',
      incident: 'not-opened-yet',
    });
    expect(res).toEqual({ status: 202, json: { status: 'accepted', newEvents: 1, duplicateEvents: 0 } });
    expect(stored('early-resolution', 'unassigned')).toMatchObject({ team: 'unassigned' });
    expect(await unassignedCount()).toBe(before);
  });
});
