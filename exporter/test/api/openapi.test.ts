import { KNOWN_CONFIG, KNOWN_EVENTS, NOW } from '../metrics/known-events';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';
import { answerValidator, problems, schemaValidator } from './openapi';

/** Real answers of a running exporter, success and error, validated against docs/openapi.yaml. */
describe('report API answers match docs/openapi.yaml', () => {
  let exporter: TestExporter;
  const check = (path: string, method: string, status: number, body: unknown) =>
    expect(problems(answerValidator(path, method, status), body)).toEqual([]);

  beforeAll(async () => {
    exporter = await startTestExporter(KNOWN_CONFIG, { now: () => NOW });
    expect((await exporter.post('/api/v1/events', KNOWN_EVENTS)).status).toBe(202);
  });
  afterAll(() => exporter.close());

  it('lists the teams', async () => {
    const { status, json } = await exporter.get('/api/v1/teams');
    expect(status).toBe(200);
    check('/api/v1/teams', 'get', 200, json);
    expect(json.teams.map((t: { team: string }) => t.team)).toEqual(['squad', 'ops']);
  });

  it('answers the sprint table of a team with data and of one without', async () => {
    for (const team of ['squad', 'ops']) {
      const { status, json } = await exporter.get(`/api/v1/teams/${team}/sprints`);
      expect(status).toBe(200);
      check('/api/v1/teams/{team}/sprints', 'get', 200, json);
    }
    const { json } = await exporter.get('/api/v1/teams/squad/sprints');
    // The document is strict enough to notice a wrong type or an undocumented field.
    const validate = answerValidator('/api/v1/teams/{team}/sprints', 'get', 200);
    expect(problems(validate, { ...json, sprints: [{ ...json.sprints[0], score: '58' }] })).not.toEqual([]);
    expect(problems(validate, { ...json, sprints: [{ ...json.sprints[0], colour: 'red' }] })).not.toEqual([]);
    expect(json.sprints[0]).toMatchObject({ sprint: '2026-06-01', status: 'ok', credited: false });
    expect(json.sprints[0].measurements.leadTimeMedianSeconds).toBe(18000);
    expect(json.sprints[1]).toMatchObject({ sprint: '2026-06-15', status: 'in-progress' });
    expect(json.sprints[1].measurements.changeFailureRate).toBeNull();
  });

  it('answers the evidence of a sprint, unlinked incidents included', async () => {
    const { status, json } = await exporter.get('/api/v1/teams/squad/sprints/2026-06-01/evidence');
    expect(status).toBe(200);
    check('/api/v1/teams/{team}/sprints/{sprint}/evidence', 'get', 200, json);
    expect(json.deployments.map((d: { id: string }) => d.id)).toEqual(['d1', 'd2', 'd6', 'd7', 'e1', 'u1']);
    const byId = Object.fromEntries(json.incidents.map((i: { id: string }) => [i.id, i]));
    expect(byId['INC-1']).toMatchObject({ deploymentId: 'd2', linkedBy: 'window' });
    expect(byId['INC-2']).toMatchObject({ deploymentId: null, unlinkedReason: 'no-candidate', resolvedAt: null });
    expect(byId['INC-3']).toMatchObject({ deploymentId: 'e1', linkedBy: 'explicit' });

    const current = await exporter.get('/api/v1/teams/squad/sprints/2026-06-15/evidence');
    expect(current.status).toBe(200);
    check('/api/v1/teams/{team}/sprints/{sprint}/evidence', 'get', 200, current.json);
  });

  it('answers 404 with a message for an unknown team or sprint', async () => {
    const unknownTeam = await exporter.get('/api/v1/teams/nobody/sprints');
    expect(unknownTeam.status).toBe(404);
    check('/api/v1/teams/{team}/sprints', 'get', 404, unknownTeam.json);
    expect(unknownTeam.json.error).toContain('"nobody"');

    const evidencePath = '/api/v1/teams/{team}/sprints/{sprint}/evidence';
    const noTeam = await exporter.get('/api/v1/teams/nobody/sprints/2026-06-01/evidence');
    expect(noTeam.status).toBe(404);
    check(evidencePath, 'get', 404, noTeam.json);
    // Not a date, not a sprint start, before the contract, and a sprint that has not begun.
    for (const sprint of ['banana', '2026-06-02', '2026-05-18', '2027-01-04']) {
      const res = await exporter.get(`/api/v1/teams/squad/sprints/${sprint}/evidence`);
      expect({ sprint, status: res.status }).toEqual({ sprint, status: 404 });
      check(evidencePath, 'get', 404, res.json);
      expect(res.json.error).toContain(`"${sprint}"`);
    }
  });

  it('documents health answers', async () => {
    const health = await exporter.get('/healthz');
    check('/healthz', 'get', 200, health.json);
    const ready = await exporter.get('/readyz');
    expect(ready.status).toBe(200);
    check('/readyz', 'get', 200, ready.json);
  });
});

describe('ingestion answers match docs/openapi.yaml', () => {
  let exporter: TestExporter;
  const path = '/api/v1/events';
  const check = (status: number, body: unknown) =>
    expect(problems(answerValidator(path, 'post', status), body)).toEqual([]);

  beforeAll(async () => {
    exporter = await startTestExporter(baseConfig({ server: { maxBodyBytes: 4096 } }));
  });
  afterAll(() => exporter.close());

  it('describes the events the tests send as valid request bodies', () => {
    const event = schemaValidator('Event');
    for (const e of KNOWN_EVENTS)
      expect({ id: e.id, problems: problems(event, e) }).toEqual({ id: e.id, problems: [] });
    expect(problems(event, { ...KNOWN_EVENTS[1], environmnet: 'typo' })).not.toEqual([]);
  });

  it('answers accepted, duplicate and every error as documented', async () => {
    const body = [KNOWN_EVENTS[1], KNOWN_EVENTS[3]];
    const accepted = await exporter.post(path, body);
    expect(accepted.status).toBe(202);
    check(202, accepted.json);
    const duplicate = await exporter.post(path, body);
    expect(duplicate.status).toBe(200);
    check(200, duplicate.json);
    expect(duplicate.json).toEqual({ status: 'duplicate', newEvents: 0, duplicateEvents: 2 });

    const invalid = await exporter.post(path, [{ id: 'x', type: 'deployment', time: 'yesterday' }]);
    expect(invalid.status).toBe(400);
    check(400, invalid.json);
    const notJson = await exporter.post(path, '{"id":');
    expect(notJson.status).toBe(400);
    check(400, notJson.json);

    const unauthenticated = await exporter.post(path, body, { authorization: 'Bearer wrong' });
    expect(unauthenticated.status).toBe(401);
    check(401, unauthenticated.json);
    const media = await exporter.post(path, 'id=1', { 'content-type': 'text/plain' });
    expect(media.status).toBe(415);
    check(415, media.json);
    const large = await exporter.post(
      path,
      JSON.stringify([{ ...KNOWN_EVENTS[1], url: `https://x/${'a'.repeat(5000)}` }]),
    );
    expect(large.status).toBe(413);
    check(413, large.json);

    const disabled = await exporter.post('/webhooks/github', {});
    expect(disabled.status).toBe(404);
    expect(problems(answerValidator('/webhooks/{provider}', 'post', 404), disabled.json)).toEqual([]);
  });

  it('answers 503 when the store cannot write', async () => {
    const broken = await startTestExporter(baseConfig());
    try {
      broken.exporter.store.close();
      const res = await broken.post(path, [KNOWN_EVENTS[1]]);
      expect(res.status).toBe(503);
      check(503, res.json);
      const ready = await broken.get('/readyz');
      expect(ready.status).toBe(503);
      expect(problems(answerValidator('/readyz', 'get', 503), ready.json)).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
