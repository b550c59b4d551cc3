import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/*
 * The label values the ingestion path uses (sources/route.ts, app.ts, VerifyResult in sources/types.ts). They are
 * created at 0 up front because a counter series born at 1 hides its first increment from rate()/increase(), and
 * a dashboard or alert cannot tell "never happened" from "not exported" (Prometheus practice: initialise known
 * label values).
 */
const DELIVERY_OUTCOMES = ['accepted', 'duplicate', 'ignored', 'rejected'] as const;
const REJECTION_REASONS = ['signature', 'schema', 'json', 'size', 'unsupported_media_type', 'store'] as const;
const SIGNATURE_FAILURE_REASONS = ['missing', 'invalid', 'stale'] as const;
const EVENT_OUTCOMES = ['new', 'duplicate'] as const;
const STORE_OPERATIONS = ['append'] as const;

/** The exporter's own health: what arrived, what was refused and why, how the store and collectors behave. */
export function createSelfMetrics(registry: Registry) {
  const registers = [registry];
  const metrics = {
    deliveries: new Counter({
      name: 'dora_exporter_deliveries_total',
      help: 'Requests received on an ingestion endpoint, by source and outcome (accepted, duplicate, ignored, rejected).',
      labelNames: ['source', 'outcome'] as const,
      registers,
    }),
    rejections: new Counter({
      name: 'dora_exporter_rejections_total',
      help: 'Requests refused, by source and reason (signature, schema, json, size, unsupported_media_type, store).',
      labelNames: ['source', 'reason'] as const,
      registers,
    }),
    signatureFailures: new Counter({
      name: 'dora_exporter_signature_failures_total',
      help: 'Requests whose signature or token was missing, invalid or stale.',
      labelNames: ['source', 'reason'] as const,
      registers,
    }),
    events: new Counter({
      name: 'dora_exporter_events_total',
      help: 'Normalized events derived from accepted requests, new or already stored.',
      labelNames: ['source', 'outcome'] as const,
      registers,
    }),
    unassigned: new Counter({
      name: 'dora_exporter_unassigned_events_total',
      help: 'Events whose team, service or repository the configuration does not map; they are stored under team "unassigned".',
      labelNames: ['source'] as const,
      registers,
    }),
    lastEvent: new Gauge({
      name: 'dora_exporter_last_event_timestamp_seconds',
      help: 'When a request from the source was last accepted and stored (Unix time; after a restart, from the store).',
      labelNames: ['source'] as const,
      registers,
    }),
    storeWrite: new Histogram({
      name: 'dora_exporter_store_write_duration_seconds',
      help: 'Duration of durable write transactions of the event store (one transaction may carry several requests).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    storeErrors: new Counter({
      name: 'dora_exporter_store_errors_total',
      help: 'Failed store operations by operation.',
      labelNames: ['operation'] as const,
      registers,
    }),
    collectorErrors: new Counter({
      name: 'dora_exporter_collector_errors_total',
      help: 'Metric collectors that failed during a scrape; the rest of the scrape is still served.',
      labelNames: ['collector'] as const,
      registers,
      // Collectors are named where they are registered (metrics/collectors.ts), not here: every collector that has
      // run (it has a duration) gets its error series at 0, from the scrape after its first run.
      async collect() {
        for (const { labels } of (await metrics.collectorDuration.get()).values) this.inc(labels, 0);
      },
    }),
    collectorDuration: new Gauge({
      name: 'dora_exporter_collector_duration_seconds',
      help: 'How long each collector took during the last scrape.',
      labelNames: ['collector'] as const,
      registers,
    }),
  };
  for (const operation of STORE_OPERATIONS) metrics.storeErrors.inc({ operation }, 0);
  return metrics;
}

export type SelfMetrics = ReturnType<typeof createSelfMetrics>;

/**
 * Creates the per-source counters of an enabled source at 0. The last-event gauge is left out on purpose: it is a
 * time, and 0 would read as "silent since 1970" to the no-events alert and the time-since panel; a source that
 * has not delivered since the process started has no value, which both treat as "unknown".
 */
export function initialiseSourceSeries(self: SelfMetrics, source: string): void {
  for (const outcome of DELIVERY_OUTCOMES) self.deliveries.inc({ source, outcome }, 0);
  for (const reason of REJECTION_REASONS) self.rejections.inc({ source, reason }, 0);
  for (const reason of SIGNATURE_FAILURE_REASONS) self.signatureFailures.inc({ source, reason }, 0);
  for (const outcome of EVENT_OUTCOMES) self.events.inc({ source, outcome }, 0);
  self.unassigned.inc({ source }, 0);
}
