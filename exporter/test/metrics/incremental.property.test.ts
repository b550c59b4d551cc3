import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DAY_MS,
  type DeploymentEvent,
  type IncidentOpenedEvent,
  HOUR_SECONDS,
  type NormalizedEvent,
  buildHistory,
  evaluateTeam,
  measurementsFrom,
  periodFacts,
  sprintsUntil,
  toIso,
} from '@dora-guarantee/scoring';
import fc from 'fast-check';
import { TeamEvaluator, WINDOWS, type WindowName } from '../../src/aggregate/evaluator';
import { addServiceFacts, emptyServiceFacts, serviceFacts, timed } from '../../src/aggregate/service-facts';
import { type Config, buildConfig } from '../../src/config/load';
import { assignEvents } from '../../src/sources/assign';
import { SqliteEventStore } from '../../src/store/sqlite/store';

/**
 * The evaluator keeps per-sprint facts and recomputes only what a write can reach (its reach rules). Whatever the
 * histories and however they arrive — shuffled, in random batches, late and backfilled, with scrapes and restarts
 * in between — the final sprint table must be exactly what the pure contract model computes from all events at
 * once. A short lookback (10 days) and 7-day sprints make every recompute start from a partial slice of history,
 * which is where a too-narrow reach rule shows.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-01-05T00:00:00Z');
/** Longer than the longest window (90 days) plus a lookback, so that recomputes really start from a slice. */
const SPAN_DAYS = 130;
const AS_OF = START + SPAN_DAYS * DAY_MS + 2 * DAY_MS + 5 * HOUR;
const SERVICES = ['api', 'web'] as const;
const INCIDENTS = 6;

function configFor(): Config {
  const config = buildConfig({
    calendar: { firstSprintStart: '2026-01-05', sprintLengthDays: 7 },
    contract: { rampUpSprints: 1 },
    linking: { incidentLinkWindowHours: 48 },
    environments: ['staging'],
    teams: [{ name: 'squad', services: [...SERVICES] }],
  });
  config.link = { ...config.link, lookbackSeconds: 10 * 24 * HOUR_SECONDS };
  return config;
}

/**
 * Times on a coarse grid (every 3 hours from 8 days before the contract) so events collide and link; half of them
 * in the first 40 days, which the 90-day window no longer covers at the end.
 */
const at = fc
  .oneof(fc.integer({ min: -8 * 8, max: 40 * 8 }), fc.integer({ min: -8 * 8, max: (SPAN_DAYS + 2) * 8 }))
  .map((slot) => START + slot * 3 * HOUR);
const service = fc.constantFrom(...SERVICES);

type Spec =
  | { k: 'push'; t: number; service: string; commits: number[] }
  | {
      k: 'deploy';
      t: number;
      service: string;
      env: string;
      status: 'success' | 'failure';
      kind: 'planned' | 'rollback' | 'hotfix' | 'remediation' | undefined;
      sha: number | null;
      listed: number[];
      automated: boolean | undefined;
      remediates: number | null;
    }
  | {
      k: 'merge';
      t: number;
      service: string;
      sha: number | null;
      firstCommitAgo: number | null;
      review: number;
      size: number;
    }
  | {
      k: 'open';
      t: number;
      incident: number;
      service: string | undefined;
      link: 'window' | 'explicit' | 'root';
      ref: number;
      startedAgo: number;
      byAlert: boolean;
    }
  | { k: 'resolve'; t: number; incident: number }
  | { k: 'other'; t: number; service: string };

const spec: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('push' as const),
      t: at,
      service,
      commits: fc.array(fc.integer({ min: 0, max: 12 * 24 * 60 }), { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('deploy' as const),
      t: at,
      service,
      env: fc.constantFrom('production', 'production', 'production', 'prod', 'staging', 'qa-7'),
      status: fc.constantFrom('success' as const, 'success' as const, 'success' as const, 'failure' as const),
      kind: fc.constantFrom(
        undefined,
        'planned' as const,
        'rollback' as const,
        'hotfix' as const,
        'remediation' as const,
      ),
      sha: fc.option(fc.nat(), { nil: null }),
      listed: fc.array(fc.integer({ min: 0, max: 20 * 24 * 60 }), { maxLength: 2 }),
      automated: fc.constantFrom(undefined, true, false),
      remediates: fc.option(fc.nat({ max: INCIDENTS - 1 }), { nil: null, freq: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('merge' as const),
      t: at,
      service,
      sha: fc.option(fc.nat(), { nil: null }),
      firstCommitAgo: fc.option(fc.integer({ min: 0, max: 15 * 24 * 60 }), { nil: null }),
      review: fc.integer({ min: 0, max: 5 * 24 * 60 }),
      size: fc.nat({ max: 3000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('open' as const),
      t: at,
      incident: fc.nat({ max: INCIDENTS - 1 }),
      service: fc.option(service, { nil: undefined, freq: 5 }),
      link: fc.constantFrom('window' as const, 'window' as const, 'explicit' as const, 'root' as const),
      ref: fc.nat(),
      startedAgo: fc.integer({ min: 0, max: 6 * 60 }),
      byAlert: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('resolve' as const), t: at, incident: fc.nat({ max: INCIDENTS - 1 }) }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('other' as const), t: at, service }) },
);

/** Turns specs into events; references (shas, deployment ids) pick among what the history already produced. */
function materialize(specs: Spec[]): NormalizedEvent[] {
  const shas: string[] = [];
  const pushedAt = new Map<string, number>();
  const deployments = specs.flatMap((s, i) => (s.k === 'deploy' ? [`deploy-${i}`] : []));
  const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  const iso = (ms: number) => toIso(ms);
  return specs.map((s, i): NormalizedEvent => {
    const base = { id: `${s.k}-${i}`, time: iso(s.t), team: 'squad' };
    switch (s.k) {
      case 'push': {
        const commits = s.commits.map((ago, j) => ({ sha: `c${i}x${j}`, time: iso(s.t - ago * MINUTE) }));
        shas.push(...commits.map((c) => c.sha));
        for (const c of commits) pushedAt.set(c.sha, s.t);
        return { ...base, type: 'commits.pushed', service: s.service, commits };
      }
      case 'deploy': {
        const sha = s.sha === null ? undefined : (pick(shas, s.sha) ?? `lone${i}`);
        return {
          ...base,
          type: 'deployment',
          service: s.service,
          environment: s.env,
          status: s.status,
          ...(sha !== undefined && { sha }),
          ...(s.listed.length && {
            commits: s.listed.map((ago, j) => ({ sha: `l${i}x${j}`, time: iso(s.t - ago * MINUTE) })),
          }),
          ...(s.kind !== undefined && { kind: s.kind }),
          ...(s.automated !== undefined && { automated: s.automated }),
          ...(s.remediates !== null && { remediates: `inc-${s.remediates}` }),
        };
      }
      case 'merge': {
        // A merge names a commit pushed with it (within a day before), or a merge commit of its own. A commit
        // announced twice a lookback apart is outside what a bounded slice can decide: its first announcement
        // counts (docs/scoring.md, lookback), and that one can lie before any slice.
        const recent = shas.filter((c) => {
          const p = pushedAt.get(c);
          return p !== undefined && p <= s.t && p >= s.t - DAY_MS;
        });
        const sha = s.sha === null ? undefined : s.sha % 3 === 0 ? `m${i}` : (pick(recent, s.sha) ?? `m${i}`);
        if (sha !== undefined && sha.startsWith('m')) shas.push(sha);
        return {
          ...base,
          type: 'change.merged',
          service: s.service,
          change: `pr-${i}`,
          openedAt: iso(s.t - s.review * MINUTE),
          mergedAt: iso(s.t),
          ...(sha !== undefined && { sha }),
          ...(s.firstCommitAgo !== null && { firstCommitAt: iso(s.t - s.firstCommitAgo * MINUTE) }),
          additions: s.size,
          deletions: s.size % 17,
        };
      }
      case 'open': {
        const deployment = s.link === 'explicit' ? (pick(deployments, s.ref) ?? 'deploy-missing') : undefined;
        const rootCauseSha = s.link === 'root' ? (pick(shas, s.ref) ?? 'unknown-sha') : undefined;
        return {
          ...base,
          type: 'incident.opened',
          incident: `inc-${s.incident}`,
          ...(s.service !== undefined && { service: s.service }),
          ...(deployment !== undefined && { deployment }),
          ...(rootCauseSha !== undefined && { rootCauseSha }),
          startedAt: iso(s.t - s.startedAgo * MINUTE),
          detectedBy: s.byAlert ? 'alert' : 'person',
        };
      }
      case 'resolve':
        return { ...base, type: 'incident.resolved', incident: `inc-${s.incident}` };
      case 'other':
        return {
          ...base,
          type: 'pipeline.finished',
          pipeline: 'ci',
          service: s.service,
          status: 'success',
          durationSeconds: 300,
        };
    }
  });
}

const arrival = fc.record({
  specs: fc.array(spec, { maxLength: 70 }),
  /** A permutation key per event: the arrival order. */
  order: fc.array(fc.nat(), { minLength: 70, maxLength: 70 }),
  batches: fc.array(
    fc.record({
      size: fc.integer({ min: 1, max: 25 }),
      /** Where between the contract start and the final evaluation time the scrape after this batch happens. */
      scrapeAt: fc.integer({ min: 0, max: 1000 }),
      restart: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

/**
 * Stores the batches in order with a scrape after each one (at the given time, a restart first when asked), then
 * checks the final evaluation at AS_OF against the pure model over all events.
 */
async function arriveAndCompare(
  events: NormalizedEvent[],
  batches: { events: NormalizedEvent[]; scrapeAt: number; restart?: boolean }[],
): Promise<void> {
  const config = configFor();
  const team = config.teams[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'dora-prop-'));
  let store = new SqliteEventStore(dir);
  let now = START;
  let evaluator = new TeamEvaluator(config, store, () => now);
  try {
    for (const [n, batch] of batches.entries()) {
      if (batch.events.length) {
        const { assigned } = assignEvents(batch.events, config.directory, (i) => store.teamOfIncident(i));
        await store.append(
          {
            source: 'generic',
            deliveryId: `batch-${n}`,
            receivedAt: now,
            contentType: 'application/json',
            headers: {},
            body: Buffer.from(String(n)),
          },
          assigned,
        );
      }
      if (batch.restart) {
        store.close();
        store = new SqliteEventStore(dir);
        evaluator = new TeamEvaluator(config, store, () => now);
      }
      now = batch.scrapeAt;
      evaluator.views();
    }
    now = AS_OF;
    const view = evaluator.view('squad')!;

    const expected = evaluateTeam(events, team.calendar, team.contract, config.link, AS_OF);
    expect(view.guarantee).toEqual(expected);

    // The all-history counters and histograms are sums of per-sprint breakdowns: they too must equal a
    // recomputation from scratch.
    const history = buildHistory(events, config.link);
    const totals = emptyServiceFacts();
    for (const sprint of sprintsUntil(team.calendar, AS_OF)) {
      addServiceFacts(
        totals,
        serviceFacts(timed(events), history.linked, sprint, new Set(team.services), config.directory, config.link),
      );
    }
    expect(view.totals).toEqual(totals);

    // The windows ending now, kept between scrapes while they hold the same deployments.
    for (const [window, days] of Object.entries(WINDOWS) as [WindowName, number][]) {
      const measurements = measurementsFrom(
        periodFacts(history, { start: AS_OF - days * DAY_MS, end: AS_OF + 1 }),
        days,
        AS_OF,
      );
      expect({ window, measurements: view.windows[window].measurements }).toEqual({ window, measurements });
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

describe('incremental evaluation matches the pure model', () => {
  it(
    'ends with the sprint results of evaluateTeam over all events, whatever the arrival',
    async () => {
      await fc.assert(
        fc.asyncProperty(arrival, async ({ specs, order, batches }) => {
          const events = materialize(specs);
          const arrivalOrder = events
            .map((e, i) => ({ e, key: order[i] ?? 0, i }))
            .sort((a, b) => a.key - b.key || a.i - b.i)
            .map((x) => x.e);
          const scrapeTimes = batches.map((b) => START + ((AS_OF - START) * b.scrapeAt) / 1000).sort((a, b) => a - b);
          let next = 0;
          await arriveAndCompare(
            events,
            batches.map((batch, n) => {
              const slice = arrivalOrder.slice(next, n === batches.length - 1 ? undefined : next + batch.size);
              next += slice.length;
              return { events: slice, scrapeAt: scrapeTimes[n] as number, restart: batch.restart };
            }),
          );
        }),
        { numRuns: RUNS },
      );
    },
    RUNS * 1000,
  );

  // Counterexamples found by the property (or by reading the reach rules), kept as plain cases.
  const day = (d: number, h = 10) => toIso(START + d * DAY_MS + h * HOUR);
  const deploy = (id: string, d: number): DeploymentEvent => ({
    id,
    type: 'deployment',
    team: 'squad',
    service: 'api',
    environment: 'production',
    status: 'success',
    time: day(d),
  });
  const opening = (id: string, time: string, more: Partial<IncidentOpenedEvent> = {}): IncidentOpenedEvent => ({
    id,
    type: 'incident.opened',
    team: 'squad',
    incident: 'inc',
    time,
    ...more,
  });

  it('links an incident that named a deployment before the deployment was stored', async () => {
    const opened: NormalizedEvent = {
      id: 'o',
      type: 'incident.opened',
      team: 'squad',
      incident: 'inc',
      service: 'api',
      deployment: 'late',
      time: day(2),
    };
    const events = [opened, deploy('late', 20)];
    await arriveAndCompare(events, [
      { events: [opened], scrapeAt: AS_OF },
      { events: [events[1]!], scrapeAt: AS_OF },
    ]);
  });

  it('counts a resolution stored before its incident was opened in its own sprint', async () => {
    const resolved: NormalizedEvent = {
      id: 'r',
      type: 'incident.resolved',
      team: 'squad',
      incident: 'inc',
      time: day(1),
    };
    const opened: NormalizedEvent = { id: 'o', type: 'incident.opened', team: 'squad', incident: 'inc', time: day(9) };
    await arriveAndCompare(
      [opened, resolved],
      [
        { events: [opened], scrapeAt: AS_OF },
        { events: [resolved], scrapeAt: AS_OF },
      ],
    );
  });

  it('unlinks what an incident blamed when an earlier opening of it arrives later', async () => {
    const first: NormalizedEvent = {
      id: 'o1',
      type: 'incident.opened',
      team: 'squad',
      incident: 'inc',
      service: 'api',
      deployment: 'd',
      time: day(20),
    };
    const earlier: NormalizedEvent = { ...first, id: 'o2', time: day(15) };
    delete (earlier as { deployment?: string }).deployment;
    const events = [deploy('d', 1), first, earlier];
    await arriveAndCompare(events, [
      { events: [events[0]!, first], scrapeAt: AS_OF },
      { events: [earlier], scrapeAt: AS_OF },
    ]);
  });

  // A late event of sprint 4 (days 28–35) makes the evaluator recompute it from a slice starting one lookback
  // (10 days) before it (the 90-day window ends long after); what that slice misses must still be accounted for.
  const lateActivity: NormalizedEvent = {
    id: 'late-ci',
    type: 'pipeline.finished',
    team: 'squad',
    pipeline: 'ci',
    service: 'api',
    status: 'success',
    durationSeconds: 60,
    time: day(29),
  };
  const thenLateActivity = (events: NormalizedEvent[]) =>
    arriveAndCompare(
      [...events, lateActivity],
      [
        { events, scrapeAt: AS_OF },
        { events: [lateActivity], scrapeAt: AS_OF },
      ],
    );

  it('keeps an explicit link from an incident opened long before the deployment it names', async () => {
    await thenLateActivity([
      {
        id: 'o',
        type: 'incident.opened',
        team: 'squad',
        incident: 'inc',
        deployment: 'late',
        time: day(1),
      },
      { ...deploy('late', 30), time: day(30, 1) },
    ]);
  });

  it('lets the first opening of an incident decide its link even when it lies before the slice', async () => {
    await thenLateActivity([
      opening('early', day(2), { service: 'api' }),
      { ...deploy('d', 30), time: day(30, 1) },
      opening('again', day(30, 2), { service: 'api' }),
    ]);
  });

  it('blames a root-cause commit on the deployment that first shipped it, a lookback before the slice', async () => {
    // c is pushed on day 0 and shipped on day 27 (its push a lookback earlier still counts: announced day 17);
    // a redeploy of c on day 29 ships nothing. The incident of day 30 names c: its deployment is the one of
    // day 27, whose changes come from a push before the slice.
    await thenLateActivity([
      {
        id: 'push',
        type: 'commits.pushed',
        team: 'squad',
        service: 'api',
        commits: [
          { sha: 'c', time: day(17, 9) },
          { sha: 'c2', time: day(17, 9) },
        ],
        time: day(17),
      },
      { ...deploy('first', 26), sha: 'c2' },
      { ...deploy('redeploy', 29), time: day(29, 12), sha: 'c' },
      {
        id: 'o',
        type: 'incident.opened',
        team: 'squad',
        incident: 'inc',
        rootCauseSha: 'c',
        time: day(30),
      },
    ]);
  });

  it('keeps an explicit link from an incident to a deployment long before it', async () => {
    const events: NormalizedEvent[] = [
      deploy('old', 0),
      { id: 'o', type: 'incident.opened', team: 'squad', incident: 'inc', deployment: 'old', time: day(14) },
    ];
    await arriveAndCompare(events, [{ events, scrapeAt: START + 7 * DAY_MS }]);
  });

  it('re-links from before the first sprint when an earlier opening of an incident arrives there', async () => {
    // The first opening lies at the contract start; an earlier one, before it, arrives later and moves the
    // incident out of every sprint. Both scrapes happen at the contract start, where a checkpoint is kept.
    const openingAt = (id: string, time: number) => opening(id, toIso(time), { startedAt: toIso(time) });
    const atStart = openingAt('at-start', START);
    const before = openingAt('before', START - 3 * HOUR);
    await arriveAndCompare(
      [atStart, before],
      [
        { events: [atStart], scrapeAt: START },
        { events: [before], scrapeAt: START },
      ],
    );
  });

  it('lets the earlier of two openings before the slice decide, whatever order they were stored in', async () => {
    // After a restart the windows are re-linked from a slice that starts after both openings; the later one names
    // a deployment of the slice and brings the incident's openings along. The earlier one, stored last, names
    // nothing: the deployment is not failed.
    const earlier = opening('earlier', toIso(START));
    const naming = opening('naming', toIso(START + 3 * HOUR), { deployment: 'd' });
    const named = deploy('d', 14);
    const at = (permille: number) => START + ((AS_OF - START) * permille) / 1000;
    await arriveAndCompare(
      [earlier, naming, named],
      [
        { events: [naming, named, earlier], scrapeAt: at(53) },
        { events: [], scrapeAt: at(758), restart: true },
      ],
    );
  });
});
