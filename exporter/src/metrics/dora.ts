import type { TeamView } from '../aggregate/evaluator';
import { DURATION_BUCKETS, type BucketCounts } from '../aggregate/histogram';
import { SEP } from '../aggregate/service-facts';
import { histogramSamples, type Sample } from './family';

type Register = (name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: () => Sample[]) => void;

/** Splits a NUL-joined key into label values. */
export function keyed(map: Record<string, number>, names: readonly string[], team: string): Sample[] {
  return Object.entries(map).map(([key, value]) => {
    const parts = key.split(SEP);
    const labels: Record<string, string> = { team };
    names.forEach((n, i) => (labels[n] = parts[i] as string));
    return { labels, value };
  });
}

/**
 * One sample per configured service of the team (0 when nothing happened, so ratios and rate() see the zero)
 * plus "unassigned" when something unmapped happened. Values are summed per label value, never duplicated.
 */
export function perService(map: Record<string, number>, view: TeamView): Sample[] {
  const totals = new Map<string, number>(view.team.services.map((s) => [s, 0]));
  for (const [service, value] of Object.entries(map)) {
    const label = view.team.services.includes(service) ? service : 'unassigned';
    totals.set(label, (totals.get(label) ?? 0) + value);
  }
  return [...totals].map(([service, value]) => ({ labels: { team: view.team.name, service }, value }));
}

export function histograms(map: Record<string, BucketCounts>, bounds: readonly number[], team: string): Sample[] {
  return Object.entries(map).flatMap(([service, b]) => histogramSamples({ team, service }, bounds, b));
}

/** The raw DORA families: counters and histograms over the contract so far, per service. */
export function registerDoraFamilies(register: Register, views: () => TeamView[]) {
  const all = (f: (v: TeamView) => Sample[]) => () => views().flatMap(f);
  register(
    'dora_deployments_total',
    'counter',
    'Successful deployments since the contract start, by service and environment.',
    all((v) => keyed(v.totals.deployments, ['service', 'environment'], v.team.name)),
  );
  register(
    'dora_deployment_failures_total',
    'counter',
    'Failed production deployments (change failures) since the contract start.',
    all((v) => perService(v.totals.failures, v)),
  );
  register(
    'dora_rework_deployments_total',
    'counter',
    'Unplanned production deployments (rollback, hotfix, remediation) since the contract start.',
    all((v) => perService(v.totals.rework, v)),
  );
  register(
    'dora_incidents_total',
    'counter',
    'Incidents opened since the contract start; linked="true" when blamed on a deployment.',
    all((v) => keyed(v.totals.incidents, ['service', 'linked'], v.team.name)),
  );
  register(
    'dora_incidents_open',
    'gauge',
    'Incidents opened and not yet resolved.',
    all((v) => perService(Object.fromEntries(v.openIncidents.map((o) => [o.service ?? 'unassigned', o.count])), v)),
  );
  register(
    'dora_lead_time_seconds',
    'histogram',
    'Lead time of each change at its first production deployment.',
    all((v) => histograms(v.totals.leadTime, DURATION_BUCKETS, v.team.name)),
  );
  register(
    'dora_failed_deployment_recovery_time_seconds',
    'histogram',
    'Recovery time of each restored failed deployment.',
    all((v) => histograms(v.totals.recovery, DURATION_BUCKETS, v.team.name)),
  );
  register(
    'dora_last_deployment_timestamp_seconds',
    'gauge',
    'Time of the latest production deployment (Unix time).',
    all((v) =>
      Object.entries(v.totals.lastDeployment).map(([service, t]) => ({
        labels: { team: v.team.name, service },
        value: t / 1000,
      })),
    ),
  );
}
