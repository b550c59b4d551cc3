import { parseExposition } from '../support/exposition';
import { type TestExporter, baseConfig, startTestExporter } from '../support/exporter';

/**
 * No payload value may mint a label value: services, repositories, environments, teams, shas, ids and urls that
 * the configuration does not know must end as "unassigned" / "other" or not appear at all.
 */
describe('label cardinality', () => {
  let exporter: TestExporter;
  const NOW = Date.parse('2026-06-20T12:00:00Z');
  const hostile = (i: number) => `evil-${i}-${'x'.repeat(40)}`;

  beforeAll(async () => {
    exporter = await startTestExporter(baseConfig({ contract: { rampUpSprints: 0 } }), { now: () => NOW });
    const events = [];
    for (let i = 0; i < 40; i++) {
      const time = new Date(Date.parse('2026-06-02T00:00:00Z') + i * 3_600_000).toISOString();
      events.push(
        // Known team, unknown service and environment.
        {
          id: `dep-${i}`,
          team: 'squad',
          type: 'deployment',
          service: hostile(i),
          environment: `env-${hostile(i)}`,
          status: 'success',
          sha: `sha${i}deadbeef`,
          url: `https://ci.example/${hostile(i)}`,
          time,
        },
        // Unknown team and service: stored under "unassigned", which is not a configured team.
        {
          id: `dep-x-${i}`,
          team: `team-${hostile(i)}`,
          type: 'deployment',
          service: hostile(i),
          environment: 'production',
          status: 'success',
          time,
        },
        {
          id: `inc-${i}`,
          type: 'incident.opened',
          incident: `INC-${hostile(i)}`,
          service: hostile(i),
          team: 'squad',
          time,
        },
        {
          id: `ci-${i}`,
          type: 'pipeline.finished',
          pipeline: hostile(i),
          repository: `org/${hostile(i)}`,
          status: 'failure',
          durationSeconds: i,
          team: 'squad',
          time,
        },
        {
          id: `pr-${i}`,
          type: 'change.merged',
          change: `#${i}`,
          repository: `org/${hostile(i)}`,
          openedAt: time,
          mergedAt: time,
          sha: `merge${i}`,
          team: 'squad',
          time,
        },
      );
    }
    const res = await exporter.post('/api/v1/events', events);
    expect(res.status).toBe(202);
  });
  afterAll(() => exporter.close());

  it('keeps every label value within the configured sets', async () => {
    const samples = parseExposition(await exporter.scrape()).filter(
      (s) => s.name.startsWith('dora_') && !s.name.startsWith('dora_exporter_'),
    );
    const allowed: Record<string, Set<string>> = {
      team: new Set(['squad']),
      service: new Set(['checkout', 'payments', 'search', 'unassigned']),
      environment: new Set(['production', 'prod', 'staging', 'development', 'other']),
    };
    const seen = { team: new Set<string>(), service: new Set<string>(), environment: new Set<string>() };
    for (const s of samples) {
      for (const [label, values] of Object.entries(allowed)) {
        const v = s.labels[label];
        if (v === undefined) continue;
        seen[label as keyof typeof seen].add(v);
        expect({ family: s.name, [label]: v, allowed: values.has(v) }).toEqual({
          family: s.name,
          [label]: v,
          allowed: true,
        });
      }
      for (const v of Object.values(s.labels)) expect(v).not.toMatch(/evil|deadbeef|merge\d|INC-/);
    }
    // Configured services appear (their zero series, checked against the allowed set above); the 40 unknown
    // services all collapse into "unassigned".
    expect(seen.service.has('unassigned')).toBe(true);
    expect([...seen.environment]).toEqual(['other']);
    // 40 distinct services and environments collapse into one series.
    expect(samples.filter((s) => s.name === 'dora_deployments_total')).toEqual([
      {
        name: 'dora_deployments_total',
        labels: { team: 'squad', service: 'unassigned', environment: 'other' },
        value: 40,
      },
    ]);
    expect(samples.filter((s) => s.name === 'dora_ci_pipeline_runs_total').map((s) => s.value)).toEqual([40]);
  });

  it('counts the events it could not place', async () => {
    const samples = parseExposition(await exporter.scrape());
    const unassigned = samples.find(
      (s) => s.name === 'dora_exporter_unassigned_events_total' && s.labels.source === 'generic',
    );
    expect(unassigned?.value).toBe(40);
  });
});
