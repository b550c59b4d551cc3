import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { Layout, newDashboard, stat_, table_, thresholds, timeseries_ } from './lib';

const J = 'job="dora-guarantee"';

/** The exporter as a service: is it scraped, what arrives, what is rejected, how fast it writes and collects. */
export function exporterHealth(): dashboard.Dashboard {
  const d = newDashboard(
    'exporter-health',
    'Exporter health',
    'Webhook deliveries and events by source and result, signature failures, store latency, scrapes and collectors.',
    ['exporter'],
  ).time({ from: 'now-24h', to: 'now' });
  const l = new Layout(d);

  l.add(
    stat_(
      'Target up',
      'Prometheus can scrape the exporter (DoraGuaranteeExporterDown fires after 5 minutes down).',
      [{ expr: `up{${J}}`, legend: '{{instance}}' }],
      'none',
    ).mappings([
      {
        type: dashboard.MappingType.ValueToText,
        options: {
          '0': { text: 'DOWN', color: 'red', index: 0 },
          '1': { text: 'up', color: 'green', index: 1 },
        },
      },
    ]),
    4,
    5,
  );
  l.add(
    stat_(
      'Scrape duration',
      'How long one /metrics scrape takes (scrape_duration_seconds).',
      [{ expr: `scrape_duration_seconds{${J}}`, legend: '{{instance}}' }],
      's',
    ).thresholds(
      thresholds([
        [null, 'green'],
        [5, 'orange'],
        [15, 'red'],
      ]),
    ),
    5,
    5,
  );
  l.add(
    stat_(
      'Samples per scrape',
      'scrape_samples_scraped: grows with teams × exposed sprints.',
      [{ expr: `scrape_samples_scraped{${J}}`, legend: '{{instance}}' }],
      'short',
    ),
    5,
    5,
  );
  l.add(
    table_('Version', 'dora_exporter_build_info.', [{ expr: 'max by (version) (dora_exporter_build_info)' }]),
    10,
    5,
  );

  l.row('Webhooks');
  l.add(
    timeseries_(
      'Deliveries by source and outcome',
      'accepted, duplicate, ignored, rejected (per second).',
      [{ expr: 'source_outcome:dora_exporter_deliveries:rate5m', legend: '{{source}} {{outcome}}' }],
      'reqps',
    ),
    12,
    8,
  );
  l.add(
    timeseries_(
      'Events stored by source',
      'new vs duplicate events (per second).',
      [{ expr: 'sum by (source, outcome) (rate(dora_exporter_events_total[5m]))', legend: '{{source}} {{outcome}}' }],
      'ops',
    ),
    12,
    8,
  );
  l.add(
    timeseries_(
      'Rejections by reason',
      'signature, schema, json, size, unsupported media type (per second).',
      [{ expr: 'sum by (source, reason) (rate(dora_exporter_rejections_total[5m]))', legend: '{{source}} {{reason}}' }],
      'reqps',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Signature failures in the last hour',
      'DoraGuaranteeWebhookSignatureFailures fires at 3.',
      [{ expr: 'source_reason:dora_exporter_signature_failures:increase1h', legend: '{{source}} {{reason}}' }],
      'short',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Unassigned events',
      'Events whose service or repository the config does not map (per second).',
      [{ expr: 'sum by (source) (rate(dora_exporter_unassigned_events_total[5m]))', legend: '{{source}}' }],
      'ops',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Time since the last event',
      'DoraGuaranteeNoEventsFromSource fires after 72 h (incident sources exempt).',
      [{ expr: 'time() - max by (source) (dora_exporter_last_event_timestamp_seconds)', legend: '{{source}}' }],
      's',
    ),
    24,
    8,
  );

  l.row('Store and collectors');
  l.add(
    timeseries_(
      'Store write latency',
      'p99 and median of one durable write (dora_exporter_store_write_duration_seconds).',
      [
        { expr: ':dora_exporter_store_write_duration_seconds:p99_rate5m', legend: 'p99' },
        {
          expr: 'histogram_quantile(0.5, sum by (le) (rate(dora_exporter_store_write_duration_seconds_bucket[5m])))',
          legend: 'median',
        },
      ],
      's',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Store errors',
      'dora_exporter_store_errors_total by operation (per second).',
      [{ expr: 'sum by (operation) (rate(dora_exporter_store_errors_total[5m]))', legend: '{{operation}}' }],
      'ops',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Collector errors',
      'dora_exporter_collector_errors_total by collector (per second).',
      [{ expr: 'sum by (collector) (rate(dora_exporter_collector_errors_total[5m]))', legend: '{{collector}}' }],
      'ops',
    ),
    8,
    8,
  );
  l.add(
    timeseries_(
      'Collector duration',
      'Time each collector took in the last scrape.',
      [{ expr: 'max by (collector) (dora_exporter_collector_duration_seconds)', legend: '{{collector}}' }],
      's',
    ),
    12,
    8,
  );
  l.add(
    timeseries_(
      'Process',
      'Resident memory and event-loop lag of the Node process.',
      [{ expr: `process_resident_memory_bytes{${J}}`, legend: 'resident memory' }],
      'bytes',
    ),
    6,
    8,
  );
  l.add(
    timeseries_(
      'Event-loop lag (p99)',
      'prom-client nodejs_eventloop_lag_p99_seconds.',
      [{ expr: `nodejs_eventloop_lag_p99_seconds{${J}}`, legend: '{{instance}}' }],
      's',
    ),
    6,
    8,
  );

  return d.build();
}
