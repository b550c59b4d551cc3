import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCdEvents } from '../../src/sources/cdevents/parse';
import { commitOfPurl } from '../../src/sources/cdevents/purl';
import { PayloadError, type SourceRequest } from '../../src/sources/types';

type CdEvent = { context: { id: string; source: string; type: string; timestamp: string }; subject: { id: string } };
const load = (name: string): CdEvent =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/cdevents', name), 'utf8')) as CdEvent;

/** Binary mode: the CDEvent is the body, its context repeated in ce-* headers (CDEvents CloudEvents binding). */
function binary(event: CdEvent, headers: Record<string, string> = {}): SourceRequest {
  return {
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.context.id,
      'ce-source': event.context.source,
      'ce-type': event.context.type,
      'ce-time': event.context.timestamp,
      'ce-subject': event.subject.id,
      ...headers,
    },
    body: Buffer.from(JSON.stringify(event)),
    contentType: 'application/json',
  };
}

/** Structured mode: a CloudEvents JSON envelope whose data is the CDEvent. */
function structured(event: CdEvent, envelope: Record<string, unknown> = {}): SourceRequest {
  const body = {
    specversion: '1.0',
    id: event.context.id,
    source: event.context.source,
    type: event.context.type,
    subject: event.subject.id,
    time: event.context.timestamp,
    datacontenttype: 'application/json',
    data: event,
    ...envelope,
  };
  return {
    headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(body)),
    contentType: 'application/cloudevents+json',
  };
}

const options = { productionEnvironments: ['production', 'prod'], knownService: (s: string) => s === 'checkout' };
const parse = (request: SourceRequest, opts = options) => parseCdEvents(request, opts);

function problems(request: SourceRequest) {
  try {
    parse(request);
  } catch (e) {
    if (e instanceof PayloadError) return e.problems;
    throw e;
  }
  throw new Error('expected a PayloadError');
}

describe('parseCdEvents on the spec conformance examples', () => {
  const deployed = load('conformance/service_deployed.v0.4.1.json');
  const expected = {
    deliveryId: '/event/source/123 271069a8-fc18-44f1-b38f-9d70a1695819',
    events: [
      {
        id: 'cdevents:/event/source/123 271069a8-fc18-44f1-b38f-9d70a1695819',
        type: 'deployment',
        time: '2023-03-20T14:27:05.315Z',
        service: 'mySubject123',
        environment: 'test123',
        status: 'success',
      },
    ],
  };

  test('service.deployed 0.2.0 in binary mode is a deployment (an image digest is not a commit)', () => {
    expect(parse(binary(deployed))).toEqual(expected);
  });

  test('the same event in structured mode gives the same result', () => {
    expect(parse(structured(deployed))).toEqual(expected);
  });

  test('change.merged without customData.dora is ignored, saying what to add', () => {
    const outcome = parse(binary(load('conformance/change_merged.v0.5.json')));
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toMatch(/customData\.dora\.openedAt/);
  });

  test('incidents count only in a production environment', () => {
    const detected = load('conformance/incident_detected.v0.5.json');
    expect(parse(binary(detected)).ignored).toMatch(/environment "prod1"/);
    const prod1 = { ...options, productionEnvironments: ['prod1'] };
    expect(parse(binary(detected), prod1).events).toEqual([
      {
        id: 'cdevents:/monitoring/prod1 F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708',
        type: 'incident.opened',
        time: '2022-11-11T13:52:20.079Z',
        incident: 'cdevents:/monitoring/prod1 incident-123',
        service: 'myApp',
      },
    ]);
    expect(parse(binary(load('conformance/incident_reported.v0.5.json')), prod1).events[0]).toMatchObject({
      incident: 'cdevents:/monitoring/prod1 incident-123',
      url: 'https://my-issues.example/incidents/ticket-345',
    });
    // No subject.source: the incident is identified within the context's source, so it meets its detection.
    expect(parse(binary(load('conformance/incident_resolved.v0.4.1.json')), prod1).events).toEqual([
      {
        id: 'cdevents:/monitoring/prod1 5f6a3c1e-2b4d-4e8f-9a7b-1c2d3e4f5a6b',
        type: 'incident.resolved',
        time: '2023-03-20T14:57:05.315Z',
        incident: 'cdevents:/monitoring/prod1 incident-123',
      },
    ]);
  });

  test('pipelinerun.finished without a duration is ignored, saying what to add', () => {
    const outcome = parse(binary(load('conformance/pipelinerun_finished.v0.4.1.json')));
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toMatch(/customData\.dora\.durationSeconds/);
  });

  test('testsuiterun.finished without counts is one failed suite result', () => {
    expect(parse(binary(load('conformance/testsuiterun_finished.v0.4.1.json'))).events).toEqual([
      {
        id: 'cdevents:/event/source/123 271069a8-fc18-44f1-b38f-9d70a1695819',
        type: 'tests.finished',
        time: '2023-03-20T14:27:05.315Z',
        passed: 0,
        failed: 1,
        skipped: 0,
      },
    ]);
  });
});

describe('parseCdEvents on a delivery story (v0.4 and v0.5 types)', () => {
  test('service.deployed 0.3.0: `service/checkout` is the configured checkout, the commit comes from the purl', () => {
    expect(parse(binary(load('checkout/service_deployed.v0.5.json'))).events).toEqual([
      {
        id: 'cdevents:/argocd/prod-cluster 0d7f0f0e-59f2-4b67-9c5e-3c1a2f6b8e01',
        type: 'deployment',
        time: '2020-04-09T12:00:00.000Z',
        service: 'checkout',
        environment: 'production',
        status: 'success',
        sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      },
    ]);
  });

  test('service.rolledback is a rollback deployment', () => {
    expect(parse(binary(load('checkout/service_rolledback.v0.4.json'))).events[0]).toMatchObject({
      type: 'deployment',
      kind: 'rollback',
      service: 'checkout',
      sha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
    });
  });

  test('change.merged with customData.dora is a merged change', () => {
    expect(parse(binary(load('checkout/change_merged.v0.5.json'))).events).toEqual([
      {
        id: 'cdevents:/github/acme/checkout 8b1c6f0a-9d2e-4f3a-b5c6-d7e8f9a0b1c2',
        type: 'change.merged',
        time: '2020-04-09T10:30:00.000Z',
        change: 'cdevents:/github/acme/checkout pull/412',
        repository: 'acme/checkout',
        openedAt: '2020-04-08T16:05:00.000Z',
        mergedAt: '2020-04-09T10:30:00.000Z',
        firstCommitAt: '2020-04-08T14:40:00.000Z',
        sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
        additions: 120,
        deletions: 35,
      },
    ]);
  });

  test('pipelinerun.finished takes its duration from customData.dora.startedAt and its service from the name', () => {
    expect(parse(binary(load('checkout/pipelinerun_finished.v0.5.json'))).events[0]).toMatchObject({
      type: 'pipeline.finished',
      pipeline: 'checkout',
      status: 'success',
      durationSeconds: 500,
      service: 'checkout',
    });
  });

  test('testsuiterun.finished takes counts from customData.dora', () => {
    expect(parse(binary(load('checkout/testsuiterun_finished.v0.5.json'))).events[0]).toMatchObject({
      type: 'tests.finished',
      passed: 41,
      failed: 0,
      skipped: 2,
      durationSeconds: 95.5,
      service: 'checkout',
    });
  });

  test('customData.dora.service names the service of an incident whose subject does not', () => {
    const event = structuredClone(load('checkout/incident_detected.v0.4.json')) as CdEvent & {
      subject: { content: { service?: unknown } };
      customData?: unknown;
    };
    delete event.subject.content.service;
    expect(parse(binary(event)).events[0]).not.toHaveProperty('service');
    event.customData = { dora: { service: 'checkout' } };
    expect(parse(binary(event)).events[0]).toMatchObject({ type: 'incident.opened', service: 'checkout' });
  });

  test('percent-encoded binary attributes are decoded before they are compared and used', () => {
    const event = load('checkout/incident_detected.v0.4.json');
    const outcome = parse(binary(event, { 'ce-source': '%2Fmonitoring%2Fprod-eu-1' }));
    expect(outcome.deliveryId).toBe('/monitoring/prod-eu-1 7c9e6679-7425-40de-944b-e07fc1f90ae7');
  });
});

describe('parseCdEvents refusals and non-events', () => {
  const deployed = load('checkout/service_deployed.v0.5.json');

  test('a CloudEvent of another vocabulary, or a CDEvent not used here, is ignored', () => {
    const tekton = {
      ...deployed,
      context: { ...deployed.context, type: 'dev.tekton.event.pipelinerun.successful.v1' },
    };
    expect(parse(binary(tekton)).ignored).toMatch(/dev\.tekton\.event\.pipelinerun\.successful\.v1/);
    const removed = { ...deployed, context: { ...deployed.context, type: 'dev.cdevents.service.removed.0.3.0' } };
    expect(parse(binary(removed))).toMatchObject({ events: [], ignored: expect.stringContaining('service.removed') });
  });

  test('a used type in an unsupported version is 400 naming the versions accepted', () => {
    const old = { ...deployed, context: { ...deployed.context, type: 'dev.cdevents.service.deployed.0.1.0' } };
    expect(problems(binary(old))).toEqual([{ field: 'ce-type', message: expect.stringContaining('0.3.0') }]);
    expect(problems(structured(old))).toEqual([{ field: 'type', message: expect.stringContaining('0.2.0') }]);
  });

  test('not a CloudEvent, a missing attribute, or attributes that contradict the CDEvent are 400', () => {
    const plain: SourceRequest = { ...binary(deployed), headers: { 'content-type': 'application/json' } };
    expect(problems(plain)[0]).toMatchObject({ field: 'ce-id', message: expect.stringMatching(/not a CloudEvent/) });
    const { 'ce-source': _dropped, ...noSource } = binary(deployed).headers;
    expect(problems({ ...binary(deployed), headers: noSource })).toEqual([
      { field: 'ce-source', message: expect.stringContaining('source') },
    ]);
    expect(problems(structured(deployed, { source: undefined }))[0]?.field).toBe('source');
    expect(problems(binary(deployed, { 'ce-id': 'another-id' }))).toEqual([
      { field: 'ce-id', message: "must equal the CDEvent's context.id" },
    ]);
    expect(problems(structured(deployed, { specversion: '0.3' }))[0]?.field).toBe('specversion');
  });

  test('malformed JSON and wrong CDEvent shapes name the field', () => {
    expect(problems({ ...binary(deployed), body: Buffer.from('{"context":') })[0]).toMatchObject({
      field: '(body)',
      message: expect.stringMatching(/JSON/),
    });
    const noEnvironment = structuredClone(deployed) as CdEvent & { subject: { content: Record<string, unknown> } };
    delete noEnvironment.subject.content.environment;
    expect(problems(binary(noEnvironment))).toEqual([
      { field: 'subject.content.environment', message: expect.any(String) },
    ]);
    expect(problems(structured(noEnvironment))[0]?.field).toBe('data.subject.content.environment');
    const typo = {
      ...load('checkout/change_merged.v0.5.json'),
      customData: { dora: { openedat: '2020-04-08T16:05:00Z' } },
    };
    expect(problems(binary(typo))[0]).toMatchObject({
      field: 'customData.dora',
      message: expect.stringContaining('openedat'),
    });
    const pipeline = structuredClone(load('checkout/pipelinerun_finished.v0.5.json')) as CdEvent & {
      subject: { content: { outcome: string } };
    };
    pipeline.subject.content.outcome = 'green';
    expect(problems(binary(pipeline))).toEqual([
      { field: 'subject.content.outcome', message: 'must be success, failure, cancel or error' },
    ]);
  });
});

describe('commitOfPurl', () => {
  test.each([
    ['pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427', undefined],
    ['pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c', '234fd47e07d1004f0aed9c'],
    ['pkg:npm/%40acme/web@1.4.2?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fweb%40AB12CD34EF', 'ab12cd34ef'],
    ['pkg:maven/org.acme/app@1234567', undefined],
    ['pkg:generic/app@v1.2.3', undefined],
    ['six-1.14.0-py2.py3-none-any.whl', undefined],
  ])('%s → %s', (purl, sha) => {
    expect(commitOfPurl(purl)).toBe(sha);
  });
});
