import { trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { type Telemetry, deliveryAttributes, startTelemetry, tracingConfigured } from '../src/telemetry';
import { type TestExporter, baseConfig, startTestExporter } from './support/exporter';

describe('when tracing is configured', () => {
  it('needs an OTLP endpoint or a traces exporter, and honours OTEL_SDK_DISABLED', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(
      false,
    );
    expect(tracingConfigured({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(false);
  });

  it('does not start anything without that configuration', async () => {
    expect(await startTelemetry({})).toBeUndefined();
    const span = trace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});

describe('a delivery span', () => {
  const memory = new tracing.InMemorySpanExporter();
  let telemetry: Telemetry;
  let exporter: TestExporter;
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const PARENT_ID = '00f067aa0ba902b7';

  beforeAll(async () => {
    telemetry = (await startTelemetry(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'dora-test' },
      { spanProcessors: [new tracing.SimpleSpanProcessor(memory)] },
    )) as Telemetry;
    expect(telemetry).toBeDefined();
    exporter = await startTestExporter(
      baseConfig({ teams: [{ name: 'squad', services: ['checkout'], repositories: { 'acme/checkout': 'checkout' } }] }),
    );
  });
  afterAll(async () => {
    await exporter.close();
    await telemetry.shutdown();
  });
  beforeEach(() => memory.reset());

  const ingestSpans = (): tracing.ReadableSpan[] =>
    memory.getFinishedSpans().filter((s) => s.name === 'ingest generic');

  it('continues traceparent and carries the CI/CD and VCS attributes of a pipeline run', async () => {
    const res = await exporter.post(
      '/api/v1/events',
      {
        id: 'run-1',
        type: 'pipeline.finished',
        pipeline: 'build-and-test',
        repository: 'acme/checkout',
        status: 'failure',
        durationSeconds: 312,
        time: '2026-06-02T09:00:00Z',
      },
      { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` },
    );
    expect(res.status).toBe(202);
    const spans = ingestSpans();
    expect(spans).toHaveLength(1);
    const span = spans[0]!;
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(span.attributes).toMatchObject({
      'dora.source': 'generic',
      'dora.delivery.events': 1,
      'dora.delivery.event_types': ['pipeline.finished'],
      'dora.team': 'squad',
      'dora.service': 'checkout',
      'cicd.pipeline.name': 'build-and-test',
      'cicd.pipeline.result': 'failure',
      'vcs.repository.name': 'checkout',
      'vcs.owner.name': 'acme',
      'http.response.status_code': 202,
    });
  });

  it('continues ce-traceparent and carries the deployment attributes', async () => {
    const res = await exporter.post(
      '/api/v1/events',
      {
        id: 'dep-7',
        type: 'deployment',
        service: 'checkout',
        environment: 'production',
        status: 'success',
        sha: '9f2b833506aa6973a92fde9733e6271f00000000',
        time: '2026-06-02T10:00:00Z',
      },
      { 'ce-traceparent': `00-${TRACE_ID}-${PARENT_ID}-01` },
    );
    expect(res.status).toBe(202);
    const [span] = ingestSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.attributes).toMatchObject({
      'deployment.id': 'dep-7',
      'deployment.environment.name': 'production',
      'deployment.status': 'succeeded',
      'vcs.ref.head.revision': '9f2b833506aa6973a92fde9733e6271f00000000',
      'dora.team': 'squad',
    });
  });

  it('starts a new trace without a traceparent, and leaves out values a batch does not agree on', async () => {
    const deployment = (id: string, environment: string) => ({
      id,
      type: 'deployment',
      service: 'checkout',
      environment,
      status: 'success',
      time: '2026-06-03T10:00:00Z',
    });
    expect(
      (await exporter.post('/api/v1/events', [deployment('a', 'staging'), deployment('b', 'production')])).status,
    ).toBe(202);
    const [span] = ingestSpans();
    expect(span?.spanContext().traceId).not.toBe(TRACE_ID);
    expect(span?.attributes['deployment.id']).toBeUndefined();
    expect(span?.attributes['deployment.environment.name']).toBeUndefined();
    expect(span?.attributes['deployment.status']).toBe('succeeded');
    expect(span?.attributes['dora.delivery.events']).toBe(2);
  });

  it('records a rejected delivery too, without parsing attributes', async () => {
    const res = await exporter.post('/api/v1/events', { id: 'x' }, { authorization: 'Bearer wrong' });
    expect(res.status).toBe(401);
    const [span] = ingestSpans();
    expect(span?.attributes['http.response.status_code']).toBe(401);
    expect(span?.attributes['dora.team']).toBeUndefined();
  });
});

describe('delivery attributes', () => {
  it('uses a repository URL as vcs.repository.url.full', () => {
    expect(
      deliveryAttributes([
        {
          id: 'p',
          type: 'commits.pushed',
          repository: 'https://gitlab.example/group/sub/app',
          commits: [{ sha: 'abc', time: '2026-06-01T00:00:00Z' }],
          time: '2026-06-01T00:00:00Z',
        },
      ]),
    ).toEqual({
      'dora.delivery.event_types': ['commits.pushed'],
      'vcs.repository.url.full': 'https://gitlab.example/group/sub/app',
      'vcs.ref.head.revision': 'abc',
    });
  });
});
