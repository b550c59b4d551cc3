import { METRICS, TIER_POINTS, parseTime, toIso } from '@dora-guarantee/scoring';
import { closeTo, differences, goldenVectors } from '@dora-guarantee/scoring/test/golden';
import { METRIC_LABEL } from '../src/metrics/names';
import { parseExposition, valueOf } from './support/exposition';
import { type TestExporter, startTestExporter } from './support/exporter';

/**
 * The contract's golden vectors, end to end through the exporter: events in over the generic API, scores,
 * statuses and credits out on /metrics and on the report API. Every value must match the hand-computed one.
 */
describe.each(goldenVectors.map((v) => [v.name, v] as const))('golden vector %s through the exporter', (_n, vector) => {
  let exporter: TestExporter;
  const services = [...new Set(vector.events.flatMap((e) => ('service' in e && e.service ? [e.service] : [])))];

  beforeAll(async () => {
    exporter = await startTestExporter(
      {
        calendar: vector.calendar,
        contract: vector.contract,
        linking: {
          productionEnvironments: vector.link.productionEnvironments,
          incidentLinkWindowHours: vector.link.incidentLinkWindowSeconds / 3600,
        },
        teams: [{ name: 'squad', services: services.length ? services : ['checkout'] }],
        api: { tokens: [{ env: 'TEST_API_TOKEN' }] },
      },
      { now: () => parseTime(vector.asOf) },
    );
    const res = await exporter.post(
      '/api/v1/events',
      vector.events.map((e) => ({ ...e, team: 'squad' })),
    );
    expect(res.status).toBe(202);
    expect(res.json.newEvents).toBe(vector.events.length);
  });
  afterAll(() => exporter.close());

  it('publishes every sprint as the vector expects on /metrics', async () => {
    const samples = parseExposition(await exporter.scrape());
    for (const expected of vector.expected.sprints) {
      const at = { team: 'squad', sprint: expected.name };
      const got = (name: string, extra = {}) => valueOf(samples, name, { ...at, ...extra }) ?? null;
      const m = expected.measurements;
      const actual = {
        score: got('dora_sprint_score'),
        status: samples.find((s) => s.name === 'dora_sprint_status' && s.labels.sprint === expected.name)?.labels
          .status,
        low: got('dora_sprint_low'),
        credited: got('dora_sprint_credited'),
        atRisk: got('dora_sprint_at_risk'),
        index: got('dora_sprint_index'),
        start: got('dora_sprint_start_timestamp_seconds'),
        end: got('dora_sprint_end_timestamp_seconds'),
        events: got('dora_sprint_events'),
        deployments: got('dora_sprint_deployments'),
        frequency: got('dora_sprint_deployment_frequency_per_day'),
        changes: got('dora_sprint_changes'),
        leadMedian: got('dora_sprint_lead_time_seconds', { quantile: '0.5' }),
        leadP90: got('dora_sprint_lead_time_seconds', { quantile: '0.9' }),
        failed: got('dora_sprint_failed_deployments'),
        cfr: got('dora_sprint_change_failure_ratio'),
        open: got('dora_sprint_open_failures'),
        recovery: got('dora_sprint_failed_deployment_recovery_time_seconds', { quantile: '0.5' }),
        unplanned: got('dora_sprint_unplanned_deployments'),
        rework: got('dora_sprint_rework_ratio'),
      };
      const want = {
        score: expected.score,
        status: expected.status,
        low: Number(expected.status === 'low'),
        credited: Number(expected.credited),
        atRisk: Number(expected.atRisk),
        index: expected.index,
        start: parseTime(expected.start) / 1000,
        end: parseTime(expected.end) / 1000,
        events: m.events,
        deployments: m.deployments,
        frequency: m.deploymentFrequencyPerDay,
        changes: m.changes,
        leadMedian: m.leadTimeMedianSeconds,
        leadP90: m.leadTimeP90Seconds,
        failed: m.failedDeployments,
        cfr: m.changeFailureRate,
        open: m.openFailures,
        recovery: m.recoveryTimeMedianSeconds,
        unplanned: m.unplannedDeployments,
        rework: m.reworkRate,
      };
      expect({ sprint: expected.name, problems: differences(actual, want) }).toEqual({
        sprint: expected.name,
        problems: [],
      });
      for (const metric of METRICS) {
        const tier = expected.tiers[metric];
        expect(got('dora_sprint_tier', { metric: METRIC_LABEL[metric] })).toBe(
          tier === undefined ? null : TIER_POINTS[tier],
        );
      }
    }
    const team = { team: 'squad' };
    expect(valueOf(samples, 'dora_guarantee_credits', team)).toBe(vector.expected.credits);
    expect(valueOf(samples, 'dora_guarantee_low_streak', team)).toBe(vector.expected.lowStreak);
    expect(valueOf(samples, 'dora_guarantee_at_risk', team)).toBe(Number(vector.expected.atRisk));
    expect(valueOf(samples, 'dora_guarantee_credits_if_next_low', team)).toBe(vector.expected.creditsIfNextLow);
  });

  it('reports the same sprint table on the report API', async () => {
    const { status, json } = await exporter.get('/api/v1/teams/squad/sprints');
    expect(status).toBe(200);
    expect(json.credits).toBe(vector.expected.credits);
    expect(json.atRisk).toBe(vector.expected.atRisk);
    expect(json.sprints.map((s: { sprint: string }) => s.sprint)).toEqual(vector.expected.sprints.map((s) => s.name));
    json.sprints.forEach((s: Record<string, unknown>, i: number) => {
      const e = vector.expected.sprints[i]!;
      const actual = {
        start: s.start,
        end: s.end,
        status: s.status,
        score: s.score,
        credited: s.credited,
        atRisk: s.atRisk,
        tiers: s.tiers,
        measurements: s.measurements,
      };
      const want = {
        start: toIso(parseTime(e.start)),
        end: toIso(parseTime(e.end)),
        status: e.status,
        score: e.score,
        credited: e.credited,
        atRisk: e.atRisk,
        tiers: e.tiers,
        measurements: e.measurements,
      };
      expect(differences(actual, want)).toEqual([]);
    });
  });

  if (vector.expected.incidents) {
    it('shows in the evidence how each incident was linked', async () => {
      const seen = new Map<
        string,
        { deploymentId: string | null; linkedBy: string | null; unlinkedReason: string | null }
      >();
      for (const s of vector.expected.sprints) {
        const { status, json } = await exporter.get(`/api/v1/teams/squad/sprints/${s.name}/evidence`);
        expect(status).toBe(200);
        for (const i of json.incidents) seen.set(i.id, i);
      }
      for (const expected of vector.expected.incidents!) {
        const got = seen.get(expected.id);
        expect({ id: expected.id, deploymentId: got?.deploymentId, via: got?.linkedBy ?? got?.unlinkedReason }).toEqual(
          {
            id: expected.id,
            deploymentId: expected.deploymentId,
            via: expected.linkedBy ?? expected.unlinkedReason,
          },
        );
      }
    });
  }
});

it('compares numbers with a relative tolerance only', () => {
  expect(closeTo(1 / 3, 0.3333333333333333)).toBe(true);
  expect(closeTo(50, 50.0001)).toBe(false);
});
