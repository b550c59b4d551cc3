import {
  type GuaranteeResult,
  type NormalizedEvent,
  evaluateTeam,
  linkEvents,
  sprintAt,
  dayNumber,
} from '@dora-guarantee/scoring';
import { buildConfig } from '../../src/config/load';
import { DEMO_PARTS } from '../../src/demo/parts';
import { generateDemo, toNdjson } from '../../src/demo/generate';
import type { DemoPart } from '../../src/demo/types';
import { assignEvents } from '../../src/sources/assign';
import { MAX_EVENTS_PER_REQUEST, parseGeneric } from '../../src/sources/generic/parse';

/**
 * The demo is a contract with the rules, dashboards and end-to-end tests: atlas earns credits, borealis is at
 * risk, cosmos is healthy — whatever the seed and the anchor. Outcomes are computed by the contract model in
 * scoring/, over the events as the exporter assigns them to teams.
 */
const ANCHOR = Date.parse('2026-11-28T10:00:00Z');

function outcomes(seed: number, now: number): Record<string, GuaranteeResult> {
  const demo = generateDemo({ seed, now });
  const config = buildConfig(demo.config, { DORA_API_TOKEN: 'unused' });
  const { assigned, unmapped } = assignEvents(demo.events, config.directory, () => undefined);
  expect(unmapped.size).toBe(0);
  return Object.fromEntries(
    config.teams.map((team) => [
      team.name,
      evaluateTeam(
        assigned.filter((a) => a.event.team === team.name).map((a) => a.event),
        team.calendar,
        team.contract,
        config.link,
        now,
      ),
    ]),
  );
}

describe('demo outcomes per squad', () => {
  const cases: [number, string][] = [
    [1, '2026-11-28T10:00:00Z'],
    [2, '2026-03-02T00:00:00Z'], // a Monday at midnight
    [42, '2025-12-28T23:59:59Z'], // a Sunday, one second before midnight
    [20260601, '2027-07-15T12:34:56+02:00'],
  ];

  it.each(cases)('seed %i anchored at %s', (seed, anchor) => {
    const result = outcomes(seed, Date.parse(anchor));
    const { atlas, borealis, cosmos } = result as Record<'atlas' | 'borealis' | 'cosmos', GuaranteeResult>;
    const statuses = (r: GuaranteeResult) => r.sprints.map((s) => s.status);

    for (const r of [atlas, borealis, cosmos]) {
      expect(r.sprints).toHaveLength(13);
      expect(r.sprints[12]!.status).toBe('in-progress');
      expect(statuses(r).slice(0, 2)).toEqual(['ramp-up', 'ramp-up']);
      expect(r.sprints.every((s) => s.measurements.events > 0)).toBe(true);
    }

    // atlas: one run of three low sprints after ramp-up grants 3 credits; it has recovered since.
    expect(statuses(atlas).slice(2, 12)).toEqual(['ok', 'ok', 'ok', 'low', 'low', 'low', 'ok', 'ok', 'ok', 'ok']);
    expect(atlas.sprints.filter((s) => s.credited).map((s) => s.index)).toEqual([5, 6, 7]);
    expect({ credits: atlas.credits, lowStreak: atlas.lowStreak, atRisk: atlas.atRisk }).toEqual({
      credits: 3,
      lowStreak: 0,
      atRisk: false,
    });
    // Ramp-up sprints may be low without granting anything.
    expect(atlas.sprints[0]!.score).toBeLessThan(50);

    // borealis: a lone low sprint granted nothing; the latest ended sprint is low after an ok one.
    expect(statuses(borealis).slice(2, 12)).toEqual(['ok', 'ok', 'ok', 'ok', 'low', 'ok', 'ok', 'ok', 'ok', 'low']);
    expect({
      credits: borealis.credits,
      lowStreak: borealis.lowStreak,
      atRisk: borealis.atRisk,
      creditsIfNextLow: borealis.creditsIfNextLow,
    }).toEqual({ credits: 0, lowStreak: 1, atRisk: true, creditsIfNextLow: 2 });

    // cosmos: never low after ramp-up, near the top of the scale.
    expect(statuses(cosmos).slice(2, 12)).toEqual(Array(10).fill('ok'));
    expect(cosmos.credits).toBe(0);
    expect(Math.min(...cosmos.sprints.slice(2, 12).map((s) => s.score as number))).toBeGreaterThanOrEqual(90);
  });
});

describe('demo generator', () => {
  it('gives byte-identical data for the same seed and anchor, different data for another seed', () => {
    const a = toNdjson(generateDemo({ seed: 7, now: ANCHOR }).events);
    const b = toNdjson(generateDemo({ seed: 7, now: ANCHOR }).events);
    expect(a).toBe(b);
    expect(toNdjson(generateDemo({ seed: 8, now: ANCHOR }).events)).not.toBe(a);
    expect(JSON.stringify(generateDemo({ seed: 7, now: ANCHOR }).config)).toBe(
      JSON.stringify(generateDemo({ seed: 7, now: ANCHOR }).config),
    );
  });

  it.each([
    '2026-03-02T00:00:00Z',
    '2026-03-08T23:59:59Z',
    '2026-03-09T00:00:00Z',
    '2026-03-15T23:59:59Z',
    '2024-02-29T12:00:00Z',
  ])('derives a Monday calendar in which %s falls 7-13 days into sprint 12', (anchor) => {
    const now = Date.parse(anchor);
    const { calendar } = generateDemo({ now }).context;
    const sprint = sprintAt(calendar, now);
    expect(sprint?.index).toBe(12);
    const daysIn = (now - sprint!.start) / 86_400_000;
    expect(daysIn).toBeGreaterThanOrEqual(7);
    expect(daysIn).toBeLessThan(14);
    expect((dayNumber(calendar.firstSprintStart) + 3) % 7).toBe(0); // 1970-01-01 was a Thursday
  });

  it('writes only events the generic API accepts, with unique ids, none after the anchor', () => {
    const { events } = generateDemo({ seed: 1, now: ANCHOR });
    expect(events.length).toBeGreaterThan(3000);
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
      const body = Buffer.from(toNdjson(events.slice(i, i + MAX_EVENTS_PER_REQUEST)));
      expect(() => parseGeneric({ headers: {}, body, contentType: 'application/x-ndjson' })).not.toThrow();
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => Date.parse(e.time) <= ANCHOR)).toBe(true);
    const times = events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('contains the variety the dashboards show', () => {
    const demo = generateDemo({ seed: 1, now: ANCHOR });
    const config = buildConfig(demo.config, { DORA_API_TOKEN: 'unused' });
    const { events } = demo;
    const of = <T extends NormalizedEvent['type']>(type: T) =>
      events.filter((e): e is Extract<NormalizedEvent, { type: T }> => e.type === type);

    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set([
        'deployment',
        'commits.pushed',
        'change.merged',
        'incident.opened',
        'incident.resolved',
        'pipeline.finished',
        'tests.finished',
        'migration.finished',
      ]),
    );
    const deployments = of('deployment');
    expect(new Set(deployments.map((d) => d.environment))).toEqual(new Set(['production', 'staging']));
    expect(new Set(deployments.map((d) => d.kind ?? 'none'))).toEqual(
      new Set(['planned', 'rollback', 'hotfix', 'none']),
    );
    expect(deployments.some((d) => d.status === 'failure')).toBe(true);
    expect(deployments.some((d) => d.remediates !== undefined)).toBe(true);
    expect(new Set(deployments.map((d) => d.automated))).toEqual(new Set([true, false]));
    expect(new Set(of('pipeline.finished').map((p) => p.status))).toEqual(new Set(['success', 'failure']));
    expect(of('tests.finished').every((t) => t.coverage !== undefined && t.coverage > 0 && t.coverage < 1)).toBe(true);
    expect(new Set(of('migration.finished').map((m) => m.status))).toEqual(new Set(['success', 'failure']));
    expect(
      of('change.merged').every(
        (c) => c.firstCommitAt! <= c.openedAt && c.openedAt <= c.mergedAt && (c.additions ?? 0) > 0,
      ),
    ).toBe(true);
    const opened = new Set(of('incident.opened').map((i) => i.incident));
    expect(new Set(of('incident.resolved').map((i) => i.incident))).toEqual(opened);

    const { assigned } = assignEvents(events, config.directory, () => undefined);
    const links = new Set<string>();
    for (const team of config.teams) {
      const history = linkEvents(
        assigned.filter((a) => a.event.team === team.name).map((a) => a.event),
        config.link,
      );
      for (const i of history.incidents) links.add(i.linkedBy ?? `unlinked:${i.unlinkedReason}`);
      expect(history.skewedChanges).toBe(0);
    }
    expect(links).toEqual(new Set(['window', 'explicit', 'unlinked:no-candidate']));
  });

  it('names the squads, services and repositories the rest of the project relies on', () => {
    const demo = generateDemo({ now: ANCHOR });
    expect(demo.context.seed).toBe(1);
    expect(demo.config.teams).toEqual([
      {
        name: 'atlas',
        services: ['checkout-api', 'checkout-web'],
        repositories: { 'acme/checkout-api': 'checkout-api', 'acme/checkout-web': 'checkout-web' },
      },
      { name: 'borealis', services: ['payments-api'], repositories: { 'acme/payments-api': 'payments-api' } },
      {
        name: 'cosmos',
        services: ['search-api', 'search-indexer'],
        repositories: { 'acme/search-api': 'search-api', 'acme/search-indexer': 'search-indexer' },
      },
    ]);
  });

  it('reads the API token and provider secrets from the environment, enabling only the sources that have one', () => {
    const env = { DORA_API_TOKEN: 'api-token-value', DORA_GITHUB_WEBHOOK_SECRET: 'github-secret-value' };
    const config = buildConfig(generateDemo({ now: ANCHOR, env }).config, env);
    expect(config.apiTokens).toEqual(['api-token-value']);
    expect(config.sources).toEqual({ github: { secret: 'github-secret-value' } });

    const bare = buildConfig(generateDemo({ now: ANCHOR }).config, { DORA_API_TOKEN: 't' });
    expect(bare.sources).toEqual({});
  });

  it('composes parts: an extra part adds its config and events without changing the delivery history', () => {
    const extra: DemoPart = {
      name: 'extra',
      config: (ctx) => ({ extraSetting: ctx.squads.map((s) => s.name) }),
      events: (ctx) => [
        {
          id: 'extra-1',
          type: 'migration.finished',
          time: new Date(ctx.sprints[3]!.start + 3_600_000).toISOString(),
          service: 'payments-api',
          status: 'success',
        },
      ],
    };
    const plain = generateDemo({ seed: 5, now: ANCHOR });
    const composed = generateDemo({ seed: 5, now: ANCHOR }, [...DEMO_PARTS, extra]);
    expect(composed.config.extraSetting).toEqual(['atlas', 'borealis', 'cosmos']);
    expect(composed.events.filter((e) => e.id !== 'extra-1')).toEqual(plain.events);
    expect(composed.events.some((e) => e.id === 'extra-1')).toBe(true);
  });
});
