import { type ParsedSample, parseExposition, storeFamilies, valueOf } from '../support/exposition';
import { type TestExporter, startTestExporter } from '../support/exporter';
import { KNOWN_CONFIG, KNOWN_EVENTS, NOW, SQUAD_EVENTS_IN_SPRINT_0 } from './known-events';

/** Exact values of every store-derived family after posting the hand-checked history of known-events.ts. */
describe('metric values after a known event set', () => {
  let exporter: TestExporter;
  let samples: ParsedSample[];
  const t = (iso: string) => Date.parse(iso) / 1000;
  const squad = { team: 'squad' };
  const get = (name: string, labels: Record<string, string> = {}) => valueOf(samples, name, { ...squad, ...labels });
  const series = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  /** Cumulative bucket counts by `le`, plus sum and count. */
  const histogram = (name: string, labels: Record<string, string>) => ({
    buckets: Object.fromEntries(
      series(`${name}_bucket`, { ...squad, ...labels }).map((s) => [s.labels.le as string, s.value]),
    ),
    sum: get(`${name}_sum`, labels),
    count: get(`${name}_count`, labels),
  });

  beforeAll(async () => {
    exporter = await startTestExporter(KNOWN_CONFIG, { now: () => NOW });
    // Two requests, the second one backfilling the first half: arrival order must not matter.
    const half = Math.floor(KNOWN_EVENTS.length / 2);
    expect((await exporter.post('/api/v1/events', KNOWN_EVENTS.slice(half))).status).toBe(202);
    expect((await exporter.post('/api/v1/events', KNOWN_EVENTS.slice(0, half))).status).toBe(202);
    samples = parseExposition(await exporter.scrape());
  });
  afterAll(() => exporter.close());

  it('counts deployments by service and environment, unknown ones as unassigned / other', () => {
    expect(
      series('dora_deployments_total', squad).map((s) => [s.labels.service, s.labels.environment, s.value]),
    ).toEqual(
      expect.arrayContaining([
        ['checkout', 'production', 4],
        ['checkout', 'staging', 1],
        ['checkout', 'other', 1],
        ['payments', 'production', 1],
        ['unassigned', 'production', 1],
      ]),
    );
    expect(series('dora_deployments_total')).toHaveLength(5);
    expect(get('dora_deployment_failures_total', { service: 'checkout' })).toBe(2);
    expect(get('dora_deployment_failures_total', { service: 'payments' })).toBe(1);
    // Every configured service has a series, 0 when it never failed, so ratios and rate() see the zero.
    expect(valueOf(samples, 'dora_deployment_failures_total', { team: 'ops', service: 'search' })).toBe(0);
    expect(series('dora_deployment_failures_total')).toHaveLength(3);
    expect(get('dora_rework_deployments_total', { service: 'checkout' })).toBe(1);
    expect(get('dora_rework_deployments_total', { service: 'payments' })).toBe(0);
    expect(series('dora_rework_deployments_total')).toHaveLength(3);
    expect(get('dora_last_deployment_timestamp_seconds', { service: 'checkout' })).toBe(t('2026-06-05T11:00:00Z'));
    expect(get('dora_last_deployment_timestamp_seconds', { service: 'payments' })).toBe(t('2026-06-08T10:00:00Z'));
    expect(get('dora_last_deployment_timestamp_seconds', { service: 'unassigned' })).toBe(t('2026-06-09T10:00:00Z'));
  });

  it('counts incidents by link, open ones and those an alert detected', () => {
    expect(get('dora_incidents_total', { service: 'checkout', linked: 'true' })).toBe(1);
    expect(get('dora_incidents_total', { service: 'payments', linked: 'true' })).toBe(1);
    expect(get('dora_incidents_total', { service: 'payments', linked: 'false' })).toBe(1);
    expect(series('dora_incidents_total')).toHaveLength(3);
    expect(get('dora_incidents_open', { service: 'payments' })).toBe(1);
    expect(get('dora_incidents_open', { service: 'checkout' })).toBe(0);
    expect(series('dora_incidents_open')).toHaveLength(3);
    expect(get('dora_incidents_detected_by_alert_total', { service: 'checkout' })).toBe(1);
    expect(get('dora_incidents_detected_by_alert_total', { service: 'payments' })).toBe(0);
    expect(series('dora_incidents_detected_by_alert_total')).toHaveLength(3);
  });

  it('fills the lead time and recovery histograms on the tier bounds', () => {
    // checkout: 5400, 7200 (≤ 14400), 18000, 86400 (≤ 86400, the bound is inclusive).
    expect(histogram('dora_lead_time_seconds', { service: 'checkout' })).toEqual({
      buckets: {
        '60': 0,
        '300': 0,
        '900': 0,
        '1800': 0,
        '3600': 0,
        '14400': 2,
        '86400': 4,
        '604800': 4,
        '2592000': 4,
        '15552000': 4,
        '+Inf': 4,
      },
      sum: 5400 + 7200 + 18000 + 86400,
      count: 4,
    });
    // payments: exactly one week lands in le="604800".
    const payments = histogram('dora_lead_time_seconds', { service: 'payments' });
    expect(payments.buckets['86400']).toBe(0);
    expect(payments.buckets['604800']).toBe(1);
    expect([payments.sum, payments.count]).toEqual([604800, 1]);

    expect(histogram('dora_failed_deployment_recovery_time_seconds', { service: 'checkout' })).toEqual({
      buckets: {
        '60': 0,
        '300': 0,
        '900': 0,
        '1800': 0,
        '3600': 2,
        '14400': 2,
        '86400': 2,
        '604800': 2,
        '2592000': 2,
        '15552000': 2,
        '+Inf': 2,
      },
      sum: 2700 + 3600,
      count: 2,
    });
    const recovery = histogram('dora_failed_deployment_recovery_time_seconds', { service: 'payments' });
    expect([recovery.buckets['1800'], recovery.buckets['3600'], recovery.sum, recovery.count]).toEqual([0, 1, 3600, 1]);

    // Time to detect: INC-1 started 30 min before it was opened; the others carry no earlier start.
    const detect = histogram('dora_incident_time_to_detect_seconds', { service: 'checkout' });
    expect([detect.buckets['900'], detect.buckets['1800'], detect.sum, detect.count]).toEqual([0, 1, 1800, 1]);
    const detectPayments = histogram('dora_incident_time_to_detect_seconds', { service: 'payments' });
    expect([detectPayments.buckets['60'], detectPayments.sum, detectPayments.count]).toEqual([2, 0, 2]);
  });

  it('publishes the windowed metrics and their tiers', () => {
    const w = (name: string, window: string, extra: Record<string, string> = {}) => get(name, { window, ...extra });
    // 7 days back from 06-20 12:00 holds no deployment: frequency 0 (Low), nothing else defined.
    expect(w('dora_window_deployments', '7d')).toBe(0);
    expect(w('dora_window_deployment_frequency_per_day', '7d')).toBe(0);
    expect(w('dora_window_change_failure_ratio', '7d')).toBeUndefined();
    expect(w('dora_window_lead_time_seconds', '7d', { quantile: '0.5' })).toBeUndefined();
    expect(w('dora_window_deployment_automation_ratio', '7d')).toBeUndefined();
    expect(series('dora_tier', { ...squad, window: '7d' }).map((s) => [s.labels.metric, s.value])).toEqual([
      ['deployment_frequency', 0],
    ]);

    expect(w('dora_window_deployments', '30d')).toBe(6);
    expect(w('dora_window_deployment_frequency_per_day', '30d')).toBeCloseTo(0.2, 12);
    expect(w('dora_window_lead_time_seconds', '30d', { quantile: '0.5' })).toBe(18000);
    expect(w('dora_window_lead_time_seconds', '30d', { quantile: '0.9' })).toBeCloseTo(397440, 6);
    expect(w('dora_window_change_failure_ratio', '30d')).toBe(0.5);
    expect(w('dora_window_failed_deployment_recovery_time_seconds', '30d', { quantile: '0.5' })).toBe(3600);
    // The quantiles are summaries: their _sum and _count are the changes and recoveries they were taken over.
    expect(w('dora_window_lead_time_seconds_sum', '30d')).toBe(5400 + 7200 + 18000 + 86400 + 604800);
    expect(w('dora_window_lead_time_seconds_count', '30d')).toBe(5);
    expect(w('dora_window_failed_deployment_recovery_time_seconds_sum', '30d')).toBe(2700 + 3600 + 3600);
    expect(w('dora_window_failed_deployment_recovery_time_seconds_count', '30d')).toBe(3);
    expect(w('dora_window_lead_time_seconds_count', '7d')).toBe(0);
    expect(w('dora_window_rework_ratio', '30d')).toBeCloseTo(1 / 6, 12);
    expect(w('dora_window_deployment_automation_ratio', '30d')).toBeCloseTo(1 / 6, 12);
    const tiers30 = Object.fromEntries(
      series('dora_tier', { ...squad, window: '30d' }).map((s) => [s.labels.metric, s.value]),
    );
    expect(tiers30).toEqual({
      deployment_frequency: 2,
      lead_time: 3,
      change_failure_rate: 0,
      recovery_time: 2,
      rework_rate: 0,
    });
    // 6 deployments in 90 days is at least one a month: Medium.
    expect(w('dora_window_deployment_frequency_per_day', '90d')).toBeCloseTo(6 / 90, 12);
    expect(get('dora_tier', { window: '90d', metric: 'deployment_frequency' })).toBe(1);
  });

  it('publishes the ended sprint, the one in progress and the guarantee', () => {
    const s0 = { sprint: '2026-06-01' };
    expect(get('dora_sprint_score', s0)).toBeCloseTo(700 / 12, 10);
    expect(get('dora_sprint_status', { ...s0, status: 'ok' })).toBe(1);
    expect(series('dora_sprint_status', { ...squad, ...s0 })).toHaveLength(1);
    expect(get('dora_sprint_low', s0)).toBe(0);
    expect(get('dora_sprint_events', s0)).toBe(SQUAD_EVENTS_IN_SPRINT_0);
    expect(get('dora_sprint_deployments', s0)).toBe(6);
    expect(get('dora_sprint_deployment_frequency_per_day', s0)).toBeCloseTo(6 / 14, 12);
    expect(get('dora_sprint_changes', s0)).toBe(5);
    expect(get('dora_sprint_lead_time_seconds', { ...s0, quantile: '0.5' })).toBe(18000);
    expect(get('dora_sprint_lead_time_seconds', { ...s0, quantile: '0.9' })).toBeCloseTo(397440, 6);
    expect(get('dora_sprint_failed_deployments', s0)).toBe(3);
    expect(get('dora_sprint_change_failure_ratio', s0)).toBe(0.5);
    expect(get('dora_sprint_failed_deployment_recovery_time_seconds', { ...s0, quantile: '0.5' })).toBe(3600);
    expect(get('dora_sprint_lead_time_seconds_sum', s0)).toBe(721800);
    expect(get('dora_sprint_lead_time_seconds_count', s0)).toBe(5);
    expect(get('dora_sprint_failed_deployment_recovery_time_seconds_sum', s0)).toBe(9900);
    expect(get('dora_sprint_failed_deployment_recovery_time_seconds_count', s0)).toBe(3);
    expect(get('dora_sprint_open_failures', s0)).toBe(0);
    expect(get('dora_sprint_unplanned_deployments', s0)).toBe(1);
    expect(get('dora_sprint_index', s0)).toBe(0);
    expect(get('dora_sprint_start_timestamp_seconds', s0)).toBe(t('2026-06-01T00:00:00Z'));
    expect(get('dora_sprint_end_timestamp_seconds', s0)).toBe(t('2026-06-15T00:00:00Z'));
    expect(
      Object.fromEntries(series('dora_sprint_tier', { ...squad, ...s0 }).map((s) => [s.labels.metric, s.value])),
    ).toEqual({ deployment_frequency: 2, lead_time: 3, change_failure_rate: 0, recovery_time: 2, rework_rate: 0 });

    // The current sprint: no event yet, provisional.
    const s1 = { sprint: '2026-06-15' };
    expect(get('dora_sprint_status', { ...s1, status: 'in-progress' })).toBe(1);
    expect(get('dora_sprint_events', s1)).toBe(0);
    expect(series('dora_sprint_score', squad).map((s) => s.labels.sprint)).toEqual(['2026-06-01', '2026-06-15']);

    expect(get('dora_guarantee_credits')).toBe(0);
    expect(get('dora_guarantee_low_streak')).toBe(0);
    expect(get('dora_guarantee_at_risk')).toBe(0);
    expect(get('dora_guarantee_credits_if_next_low')).toBe(0);
  });

  it('describes each team contract in dora_guarantee_info', () => {
    const info = (team: string) => series('dora_guarantee_info', { team });
    expect(info('squad')).toEqual([
      {
        name: 'dora_guarantee_info',
        value: 1,
        labels: {
          team: 'squad',
          preset: 'dora-2023',
          ramp_up_sprints: '0',
          low_score_below: '50',
          consecutive_low_for_credit: '2',
          sprint_length_days: '14',
          first_sprint_start: '2026-06-01',
          time_zone: 'UTC',
          weight_deployment_frequency: '1',
          weight_lead_time: '1',
          weight_change_failure_rate: '1',
          weight_recovery_time: '1',
          weight_rework_rate: '0',
        },
      },
    ]);
    expect(info('ops')[0]?.labels).toEqual({
      team: 'ops',
      preset: 'dora-2021',
      ramp_up_sprints: '1',
      low_score_below: '40',
      consecutive_low_for_credit: '2',
      sprint_length_days: '7',
      first_sprint_start: '2026-06-08',
      time_zone: 'UTC',
      weight_deployment_frequency: '1',
      weight_lead_time: '1',
      weight_change_failure_rate: '1',
      weight_recovery_time: '1',
      weight_rework_rate: '0.5',
    });
    // A team without events: its sprints exist with no data, nothing else invented.
    expect(series('dora_sprint_status', { team: 'ops' }).map((s) => [s.labels.sprint, s.labels.status])).toEqual([
      ['2026-06-08', 'ramp-up'],
      ['2026-06-15', 'in-progress'],
    ]);
    expect(series('dora_deployments_total', { team: 'ops' })).toEqual([]);
  });

  it('counts the capability families', () => {
    expect(get('dora_ci_pipeline_runs_total', { service: 'checkout', result: 'success' })).toBe(1);
    expect(get('dora_ci_pipeline_runs_total', { service: 'checkout', result: 'failure' })).toBe(1);
    expect(get('dora_ci_pipeline_runs_total', { service: 'payments', result: 'success' })).toBe(1);
    expect(series('dora_ci_pipeline_runs_total')).toHaveLength(3);
    // 240 s ≤ 300, 700 s ≤ 900.
    const ci = histogram('dora_ci_pipeline_run_duration_seconds', { service: 'checkout' });
    expect(ci).toEqual({
      buckets: {
        '30': 0,
        '60': 0,
        '120': 0,
        '300': 1,
        '600': 1,
        '900': 2,
        '1800': 2,
        '3600': 2,
        '7200': 2,
        '+Inf': 2,
      },
      sum: 940,
      count: 2,
    });
    expect(histogram('dora_ci_pipeline_run_duration_seconds', { service: 'payments' }).buckets['60']).toBe(1);

    expect(get('dora_test_suite_runs_total', { service: 'checkout' })).toBe(2);
    expect(get('dora_test_suite_failures_total', { service: 'checkout' })).toBe(1);
    expect(get('dora_tests_total', { service: 'checkout', outcome: 'passed' })).toBe(238);
    expect(get('dora_tests_total', { service: 'checkout', outcome: 'failed' })).toBe(2);
    expect(get('dora_tests_total', { service: 'checkout', outcome: 'skipped' })).toBe(6);
    expect(get('dora_test_coverage_ratio', { service: 'checkout' })).toBe(0.79);

    expect(get('dora_automated_deployments_total', { service: 'checkout' })).toBe(1);
    expect(get('dora_automated_deployments_total', { service: 'payments' })).toBe(0);
    expect(series('dora_automated_deployments_total')).toHaveLength(3);
    expect(get('dora_db_migrations_total', { service: 'checkout' })).toBe(1);
    expect(get('dora_db_migrations_total', { service: 'payments' })).toBe(1);
    expect(get('dora_db_migration_failures_total', { service: 'payments' })).toBe(1);
    expect(get('dora_db_migration_failures_total', { service: 'checkout' })).toBe(0);
    expect(series('dora_db_migration_failures_total')).toHaveLength(3);

    // Review 06-01 09:00 → 06-02 08:30 = 84600 s (≤ 1 day); 120 + 30 = 150 lines (≤ 250).
    const review = histogram('dora_change_review_time_seconds', { service: 'checkout' });
    expect([review.buckets['14400'], review.buckets['86400'], review.sum, review.count]).toEqual([0, 1, 84600, 1]);
    const size = histogram('dora_change_size_lines', { service: 'checkout' });
    expect([size.buckets['100'], size.buckets['250'], size.sum, size.count]).toEqual([0, 1, 150, 1]);
  });

  it('serves the same store-derived families after a restart', async () => {
    const before = storeFamilies(await exporter.scrape());
    expect(before).toContain('dora_sprint_score{team="squad",sprint="2026-06-01"}');
    await exporter.restart();
    const after = storeFamilies(await exporter.scrape());
    expect(after).toBe(before);
  });
});
