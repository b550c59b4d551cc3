import type { NormalizedEvent } from '@dora-guarantee/scoring';
import type { Attributes } from '@opentelemetry/api';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry tracing of the ingestion path, configured only by the standard `OTEL_*` environment variables
 * (endpoint, protocol, headers, service name, resource attributes, sampler). Off — the SDK not even loaded —
 * unless an OTLP endpoint or a traces exporter is named, so an unconfigured exporter pays nothing per request.
 * Metrics stay with prom-client on /metrics: OTel metrics and logs are exported only when their own
 * `OTEL_METRICS_EXPORTER` / `OTEL_LOGS_EXPORTER` ask for it.
 */
export interface Telemetry {
  shutdown(): Promise<void>;
}

const truthy = (value: string | undefined) => ['true', '1', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (truthy(env.OTEL_SDK_DISABLED)) return false;
  const exporters = list(env.OTEL_TRACES_EXPORTER);
  if (exporters.length) return !(exporters.length === 1 && exporters[0] === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the SDK when the environment asks for tracing. Call it before express and http are loaded, so that
 * their instrumentations can patch them. `overrides` are for tests (an in-memory span processor).
 */
export async function startTelemetry(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<NodeSDKConfiguration> = {},
): Promise<Telemetry | undefined> {
  if (!tracingConfigured(env)) return undefined;
  // require, not import(): the CLI runs under tsx's CommonJS loader and the esbuild bundle is CommonJS, and the
  // SDK must share module instances with everything else.
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const named = env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    ...(!named && { serviceName: 'dora-guarantee-exporter' }),
    instrumentations: [
      // Probes and scrapes would drown the deliveries.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(metrics|healthz|readyz)(\?|$)/.test(req.url ?? ''),
      }),
      new ExpressInstrumentation(),
    ],
    ...(env.OTEL_METRICS_EXPORTER === undefined && { metricReaders: [] }),
    ...(env.OTEL_LOGS_EXPORTER === undefined && { logRecordProcessors: [] }),
    ...overrides,
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

type Placed = NormalizedEvent & { team?: string };

/** The one value all events give, or undefined when they disagree or none gives one. */
function single(values: readonly (string | undefined)[]): string | undefined {
  const distinct = new Set(values.filter((v): v is string => v !== undefined));
  return distinct.size === 1 ? (distinct.values().next().value as string) : undefined;
}

/**
 * OTel CI/CD, VCS and deployment semantic-convention attributes for a delivery's span, from its normalized events.
 * An attribute is set only when every event that carries it agrees (a batch of many deployments gets no
 * `deployment.id`). Span attributes may be as specific as an id: spans are sampled records, not label sets.
 */
export function deliveryAttributes(events: readonly Placed[]): Attributes {
  const of = <T extends Placed['type']>(type: T) =>
    events.filter((e): e is Extract<Placed, { type: T }> => e.type === type);
  const pipelines = of('pipeline.finished');
  const deployments = of('deployment');
  const pushes = of('commits.pushed');
  const merges = of('change.merged');
  const incidents = [...of('incident.opened'), ...of('incident.resolved')];
  const repositories = [...pipelines, ...pushes, ...merges].map((e) => e.repository);

  const candidates: Record<string, string | undefined> = {
    'dora.team': single(events.map((e) => e.team)),
    'dora.service': single(events.map((e) => ('service' in e ? e.service : undefined))),
    'cicd.pipeline.name': single(pipelines.map((e) => e.pipeline)),
    'cicd.pipeline.result': single(pipelines.map((e) => e.status)),
    'deployment.id': single(deployments.map((e) => e.id)),
    'deployment.environment.name': single(deployments.map((e) => e.environment)),
    'deployment.status': single(deployments.map((e) => (e.status === 'success' ? 'succeeded' : 'failed'))),
    'vcs.ref.head.revision': single([
      ...deployments.map((e) => e.sha),
      ...pushes.map((e) => e.head ?? e.commits.at(-1)?.sha),
      ...merges.map((e) => e.sha),
    ]),
    'vcs.change.id': single(merges.map((e) => e.change)),
    'dora.incident.id': single(incidents.map((e) => e.incident)),
  };
  const repository = single(repositories);
  if (repository !== undefined) {
    if (/^https?:\/\//i.test(repository)) candidates['vcs.repository.url.full'] = repository;
    else {
      // "owner/name" (GitHub) or "group/subgroup/name" (GitLab): the conventions keep the name without its owner.
      const slash = repository.lastIndexOf('/');
      candidates['vcs.repository.name'] = repository.slice(slash + 1);
      if (slash > 0) candidates['vcs.owner.name'] = repository.slice(0, slash);
    }
  }

  const attributes: Attributes = {
    'dora.delivery.event_types': [...new Set(events.map((e) => e.type))],
  };
  for (const [key, value] of Object.entries(candidates)) if (value !== undefined) attributes[key] = value;
  return attributes;
}
