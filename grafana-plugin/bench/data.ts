/**
 * A large, deterministic data set for the benchmark: `teams` × `sprints` of exporter series in the wire format of an
 * instant table query (DataFrameJSON), built without @grafana/data so that it runs in plain Node.
 */
import type { PromSeries } from '../test/support/exposition';

const DAY = 86_400;

/** Park–Miller: the same "random" data on every run, so runs compare. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export function benchSeries(teams: number, sprints: number, asOfMs: number): PromSeries[] {
  const rnd = random(42);
  const out: PromSeries[] = [];
  const firstStart = Math.floor(asOfMs / 1000 / DAY) * DAY - (sprints - 1) * 14 * DAY - 7 * DAY;
  for (let t = 0; t < teams; t++) {
    const team = `squad-${String(t).padStart(2, '0')}`;
    out.push({
      metric: 'dora_guarantee_info',
      labels: {
        team,
        preset: 'dora-2023',
        ramp_up_sprints: '2',
        low_score_below: '50',
        consecutive_low_for_credit: '2',
        sprint_length_days: '14',
        first_sprint_start: new Date(firstStart * 1000).toISOString().slice(0, 10),
        time_zone: 'UTC',
        weight_deployment_frequency: '1',
        weight_lead_time: '1',
        weight_change_failure_rate: '1',
        weight_recovery_time: '1',
        weight_rework_rate: '0',
      },
      value: 1,
    });
    out.push({ metric: 'dora_guarantee_credits', labels: { team }, value: 0 });
    for (let i = 0; i < sprints; i++) {
      const start = firstStart + i * 14 * DAY;
      const labels = { team, sprint: new Date(start * 1000).toISOString().slice(0, 10) };
      const deployments = Math.floor(rnd() * 20);
      const failed = Math.floor(rnd() * Math.min(deployments, 4));
      const add = (metric: string, value: number, extra: Record<string, string> = {}) =>
        out.push({ metric, labels: { ...labels, ...extra }, value });
      add('dora_sprint_index', i);
      add('dora_sprint_start_timestamp_seconds', start);
      add('dora_sprint_end_timestamp_seconds', start + 14 * DAY);
      add('dora_sprint_events', rnd() < 0.05 ? 0 : deployments * 3 + 1);
      add('dora_sprint_deployments', deployments);
      add('dora_sprint_deployment_frequency_per_day', deployments / 14);
      add('dora_sprint_changes', deployments * 2);
      add('dora_sprint_failed_deployments', failed);
      add('dora_sprint_open_failures', 0);
      add('dora_sprint_unplanned_deployments', failed);
      if (deployments > 0) {
        add('dora_sprint_lead_time_seconds', rnd() * 10 * DAY, { quantile: '0.5' });
        add('dora_sprint_lead_time_seconds', rnd() * 20 * DAY, { quantile: '0.9' });
        add('dora_sprint_change_failure_ratio', failed / deployments);
        add('dora_sprint_rework_ratio', failed / deployments);
      }
      if (failed > 0) add('dora_sprint_failed_deployment_recovery_time_seconds', rnd() * 3 * DAY, { quantile: '0.5' });
    }
  }
  return out;
}

/** The table frame Grafana's Prometheus data source sends for an instant query: label columns + `Value #A`. */
export function tableFrameJSON(series: readonly PromSeries[], atMs: number) {
  const names = [...new Set(series.flatMap((s) => ['__name__', ...Object.keys(s.labels)]))].sort();
  const label = (s: PromSeries, n: string) => (n === '__name__' ? s.metric : (s.labels[n] ?? ''));
  return {
    schema: {
      refId: 'A',
      fields: [
        { name: 'Time', type: 'time' },
        ...names.map((name) => ({ name, type: 'string' })),
        { name: 'Value #A', type: 'number' },
      ],
    },
    data: {
      values: [series.map(() => atMs), ...names.map((n) => series.map((s) => label(s, n))), series.map((s) => s.value)],
    },
  };
}
