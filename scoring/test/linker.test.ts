import fc from 'fast-check';
import {
  DAY_MS,
  HOUR_SECONDS,
  type LinkOptions,
  type LinkedHistory,
  Linker,
  type NormalizedEvent,
  byTimeThenId,
  linkEvents,
  parseTime,
  toIso,
} from '../src';

/**
 * The resumable linker behind the exporter's evaluator: a copy taken at a point in time, made small with `forget`
 * and fed the events from there on, must link everything at or after that point exactly as linking the whole
 * history does. A 10-day lookback and a 2-day link window over 40 days make every kind of link cross the point.
 */

const START = Date.parse('2026-03-02T00:00:00Z');
const HOUR = 3_600_000;
const OPTIONS: LinkOptions = {
  productionEnvironments: ['production', 'PROD'],
  incidentLinkWindowSeconds: 48 * HOUR_SECONDS,
  lookbackSeconds: 10 * 24 * HOUR_SECONDS,
};
const SERVICES = ['api', 'web'];

const at = fc.integer({ min: 0, max: 40 * 8 }).map((slot) => START + slot * 3 * HOUR);
const service = fc.constantFrom(...SERVICES);
const spec = fc.oneof(
  fc.record({ k: fc.constant('push' as const), t: at, service, n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    k: fc.constant('deploy' as const),
    t: at,
    service,
    env: fc.constantFrom('production', 'prod', 'staging'),
    ok: fc.boolean(),
    kind: fc.constantFrom(undefined, 'rollback' as const, 'hotfix' as const),
    sha: fc.nat(),
    listed: fc.boolean(),
    remediates: fc.option(fc.nat({ max: 4 }), { nil: undefined, freq: 4 }),
  }),
  fc.record({ k: fc.constant('merge' as const), t: at, service, sha: fc.nat(), own: fc.boolean() }),
  fc.record({
    k: fc.constant('open' as const),
    t: at,
    incident: fc.nat({ max: 4 }),
    service: fc.option(service, { nil: undefined, freq: 4 }),
    link: fc.constantFrom('window' as const, 'explicit' as const, 'root' as const),
    ref: fc.nat(),
    startedAgo: fc.integer({ min: 0, max: 12 }),
  }),
  fc.record({ k: fc.constant('resolve' as const), t: at, incident: fc.nat({ max: 4 }) }),
);
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

/** Events from specs; shas and deployment ids refer to what earlier specs produced, or to nothing. */
function materialize(specs: Spec[]): NormalizedEvent[] {
  const shas: string[] = [];
  const deployments = specs.flatMap((s, i) => (s.k === 'deploy' ? [`d${i}`] : []));
  const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  return specs.map((s, i): NormalizedEvent => {
    const base = { id: `e${i}`, time: toIso(s.t) };
    switch (s.k) {
      case 'push': {
        const commits = Array.from({ length: s.n }, (_, j) => ({ sha: `c${i}x${j}`, time: toIso(s.t - j * HOUR) }));
        shas.push(...commits.map((c) => c.sha));
        return { ...base, type: 'commits.pushed', service: s.service, commits };
      }
      case 'deploy': {
        const sha = pick(shas, s.sha);
        return {
          ...base,
          id: `d${i}`,
          type: 'deployment',
          service: s.service,
          environment: s.env,
          status: s.ok ? 'success' : 'failure',
          ...(sha !== undefined && { sha }),
          ...(s.listed && { commits: [{ sha: `l${i}`, time: toIso(s.t - 5 * HOUR) }] }),
          ...(s.kind !== undefined && { kind: s.kind }),
          ...(s.remediates !== undefined && { remediates: `inc${s.remediates}` }),
        };
      }
      case 'merge': {
        const sha = s.own ? `m${i}` : (pick(shas, s.sha) ?? `m${i}`);
        if (s.own) shas.push(sha);
        return {
          ...base,
          type: 'change.merged',
          service: s.service,
          change: `pr${i}`,
          openedAt: toIso(s.t - DAY_MS),
          mergedAt: toIso(s.t),
          firstCommitAt: toIso(s.t - 2 * DAY_MS),
          sha,
        };
      }
      case 'open': {
        const deployment = s.link === 'explicit' ? (pick(deployments, s.ref) ?? 'missing') : undefined;
        const rootCauseSha = s.link === 'root' ? (pick(shas, s.ref) ?? 'unknown') : undefined;
        return {
          ...base,
          type: 'incident.opened',
          incident: `inc${s.incident}`,
          ...(s.service !== undefined && { service: s.service }),
          ...(deployment !== undefined && { deployment }),
          ...(rootCauseSha !== undefined && { rootCauseSha }),
          startedAt: toIso(s.t - s.startedAgo * HOUR),
        };
      }
      case 'resolve':
        return { ...base, type: 'incident.resolved', incident: `inc${s.incident}` };
    }
  });
}

function from(history: LinkedHistory, point: number) {
  return {
    deployments: history.deployments.filter((d) => d.time >= point),
    incidents: history.incidents.filter((i) => i.openedAt >= point),
  };
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('resumable linking', () => {
  it('links everything from a kept point on as linking the whole history does', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 80 }), fc.integer({ min: 0, max: 40 }), (specs, day) => {
        const events = materialize(specs);
        const point = START + day * DAY_MS;
        const whole = linkEvents(events, OPTIONS);
        const ordered = events.map((e) => ({ at: parseTime(e.time), e })).sort(byTimeThenId);

        // As the evaluator does it: one pass that keeps a copy at the point and notes what follows needs.
        const pass = new Linker(OPTIONS);
        let kept: Linker | undefined;
        for (const { at: time, e } of ordered) {
          if (!kept && time >= point) {
            kept = pass.clone();
            pass.track();
          }
          pass.add(e, time);
        }
        if (!kept) {
          kept = pass.clone();
          pass.track();
        }
        expect(pass.result()).toEqual(whole);
        kept.forget(point, pass.needs()!);

        // Resumed twice from the same kept state: the first resume must leave it as it was.
        for (let round = 0; round < 2; round++) {
          const resumed = kept.clone();
          for (const { at: time, e } of ordered) if (time >= point) resumed.add(e, time);
          expect(from(resumed.result(), point)).toEqual(from(whole, point));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives linkEvents the same result whatever the order the events are listed in', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 60 }), fc.nat(), (specs, seed) => {
        const events = materialize(specs);
        const shuffled = events
          .map((e, i) => ({ e, key: (i * 7919 + seed) % 97 }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.e);
        expect(linkEvents(shuffled, OPTIONS)).toEqual(linkEvents(events, OPTIONS));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('keeps what a root-cause commit reaches back to when an incident after the point names it', () => {
    const day = (d: number) => toIso(START + d * DAY_MS);
    const deploy = (id: string, d: number, sha: string): NormalizedEvent => ({
      id,
      type: 'deployment',
      time: day(d),
      service: 'api',
      environment: 'production',
      status: 'success',
      sha,
    });
    const events: NormalizedEvent[] = [
      { id: 'p', type: 'commits.pushed', time: day(0), service: 'api', commits: [{ sha: 'c1', time: day(0) }] },
      deploy('d1', 1, 'c1'),
      deploy('d2', 2, 'c2'),
      { id: 'i', type: 'incident.opened', time: day(9), incident: 'I', rootCauseSha: 'c1' },
    ];
    const point = START + 8 * DAY_MS;
    const pass = new Linker(OPTIONS);
    for (const e of events.slice(0, 3)) pass.add(e);
    const kept = pass.clone();
    pass.track();
    pass.add(events[3] as NormalizedEvent);
    kept.forget(point, pass.needs()!);
    kept.add(events[3] as NormalizedEvent);
    expect(kept.result().incidents).toEqual(linkEvents(events, OPTIONS).incidents);
    expect(kept.result().incidents[0]).toMatchObject({ deploymentId: 'd1', linkedBy: 'root-cause-commit' });
  });
});
