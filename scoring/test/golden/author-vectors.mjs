// Writes ../golden-vectors.json. The events are generated here to keep them readable; every expected value is a
// literal worked out by hand from docs/scoring.md, never computed by the code under test.
// Run: node scoring/test/golden/author-vectors.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
const at = (date, time = '00:00') => `${date}T${time}:00Z`;
const plusDays = (date, days) => iso(Date.parse(`${date}T00:00:00Z`) + days * DAY).slice(0, 10);

let seq = 0;
const id = (prefix) => `${prefix}-${String(++seq).padStart(3, '0')}`;
const deploy = (time, extra = {}) => ({
  id: id('dep'),
  type: 'deployment',
  time,
  service: 'checkout',
  environment: 'production',
  status: 'success',
  ...extra,
});
const pipeline = (time) => ({
  id: id('pipe'),
  type: 'pipeline.finished',
  time,
  pipeline: 'build',
  status: 'success',
  durationSeconds: 300,
});

// --- Sprint shapes reused by the credit scenarios (14-day sprints, default dora-2023 contract) ---
// LOW: one pipeline run, no deployment: DF 0 → Low, nothing else defined → score 0.
// OK: two deployments: DF 2/14 → High (2), CFR 0 → Elite (3), rework 0 → Elite (weight 0) → 100 × 5/6.
// EMPTY: no event at all → no-data once ended.
const shapes = {
  LOW: {
    events: (start) => [pipeline(at(plusDays(start, 1), '10:00'))],
    measurements: { events: 1 },
    tiers: { deploymentFrequency: 'low' },
    score: 0,
  },
  OK: {
    events: (start) => [deploy(at(plusDays(start, 1), '10:00')), deploy(at(plusDays(start, 2), '10:00'))],
    measurements: {
      deployments: 2,
      deploymentFrequencyPerDay: 2 / 14,
      changeFailureRate: 0,
      reworkRate: 0,
      events: 2,
    },
    tiers: { deploymentFrequency: 'high', changeFailureRate: 'elite', reworkRate: 'elite' },
    score: (100 * 5) / 6,
  },
  EMPTY: { events: () => [], measurements: {}, tiers: { deploymentFrequency: 'low' }, score: 0 },
};

/**
 * A scenario of whole sprints. `plan` lists each sprint as [shape, status, credited, atRisk]; the last sprint may
 * be in progress, in which case asOf falls `inProgressDays` into it.
 */
function sprintScenario({ name, description, first = '2026-01-05', contract = {}, plan, inProgressDays, totals }) {
  const events = [];
  const sprints = plan.map(([shapeName, status, credited, atRisk], index) => {
    const startDate = plusDays(first, 14 * index);
    const shape = shapes[shapeName];
    events.push(...shape.events(startDate));
    const noData = status === 'no-data';
    return {
      name: startDate,
      index,
      start: at(startDate),
      end: at(plusDays(startDate, 14)),
      status,
      score: noData ? null : shape.score,
      credited,
      atRisk,
      tiers: noData ? {} : shape.tiers,
      measurements: shape.measurements,
    };
  });
  const lastStart = plusDays(first, 14 * (plan.length - 1));
  const asOf =
    inProgressDays === undefined ? at(plusDays(lastStart, 14)) : iso(Date.parse(at(lastStart)) + inProgressDays * DAY);
  return {
    name,
    description,
    calendar: { firstSprintStart: first, sprintLengthDays: 14 },
    contract,
    asOf,
    events,
    expected: { sprints, ...totals },
  };
}

const vectors = [];

// The sprint containing asOf always exists; in these vectors it has no event yet.
const currentEmptySprint = (startDate, index) => ({
  name: startDate,
  index,
  start: at(startDate),
  end: at(plusDays(startDate, 14)),
  status: 'in-progress',
  score: 0,
  credited: false,
  atRisk: false,
  tiers: { deploymentFrequency: 'low' },
  measurements: {},
});

// 1. The worked example of docs/scoring.md: one ended sprint, every metric defined.
seq = 0;
vectors.push({
  name: 'worked-example',
  description:
    'docs/scoring.md worked example: three production deployments, four changes, one failure linked by the 24 h window and restored in 45 minutes; a staging deployment and a pipeline run only count as activity.',
  calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
  contract: { rampUpSprints: 0 },
  asOf: '2026-06-20T00:00:00Z',
  events: [
    {
      id: 'push-1',
      type: 'commits.pushed',
      time: '2026-06-02T09:00:00Z',
      service: 'checkout',
      head: 'a2',
      commits: [
        { sha: 'a1', time: '2026-06-02T08:00:00Z' },
        { sha: 'a2', time: '2026-06-02T08:30:00Z' },
      ],
    },
    deploy('2026-06-02T10:00:00Z', { id: 'd1', sha: 'a2' }),
    {
      id: 'push-2',
      type: 'commits.pushed',
      time: '2026-06-03T09:00:00Z',
      service: 'checkout',
      commits: [{ sha: 'b1', time: '2026-06-03T07:00:00Z' }],
    },
    deploy('2026-06-03T12:00:00Z', { id: 'd2', sha: 'b1' }),
    {
      id: 'inc-1-open',
      type: 'incident.opened',
      time: '2026-06-03T13:00:00Z',
      incident: 'INC-1',
      service: 'checkout',
      startedAt: '2026-06-03T12:30:00Z',
    },
    { id: 'inc-1-resolved', type: 'incident.resolved', time: '2026-06-03T13:15:00Z', incident: 'INC-1' },
    deploy('2026-06-05T10:00:00Z', { id: 'd3', commits: [{ sha: 'c1', time: '2026-06-04T10:00:00Z' }] }),
    deploy('2026-06-05T11:00:00Z', { id: 'd4-staging', environment: 'staging', sha: 'c2' }),
    pipeline('2026-06-05T12:00:00Z'),
  ],
  expected: {
    sprints: [
      {
        name: '2026-06-01',
        index: 0,
        start: '2026-06-01T00:00:00Z',
        end: '2026-06-15T00:00:00Z',
        status: 'ok',
        score: (100 * 8) / 12,
        credited: false,
        atRisk: false,
        tiers: {
          deploymentFrequency: 'high',
          leadTime: 'elite',
          changeFailureRate: 'low',
          recoveryTime: 'elite',
          reworkRate: 'elite',
        },
        measurements: {
          deployments: 3,
          deploymentFrequencyPerDay: 3 / 14,
          changes: 4,
          leadTimeMedianSeconds: 12600,
          leadTimeP90Seconds: 65880,
          failedDeployments: 1,
          changeFailureRate: 1 / 3,
          recoveryTimeMedianSeconds: 2700,
          unplannedDeployments: 0,
          reworkRate: 0,
          events: 9,
        },
      },
      currentEmptySprint('2026-06-15', 1),
    ],
    credits: 0,
    lowStreak: 0,
    atRisk: false,
    creditsIfNextLow: 0,
    incidents: [{ id: 'INC-1', deploymentId: 'd2', linkedBy: 'window' }],
  },
});

// 2. Values exactly on tier boundaries, and a score exactly on the low threshold.
seq = 0;
{
  const s0 = [];
  // Ten deployments, each shipping one change committed exactly one day before (lead time = 1 day: not Elite).
  for (let i = 0; i < 10; i++) {
    const time = Date.parse('2026-06-02T10:00:00Z') + i * DAY;
    s0.push(deploy(iso(time), { id: `b0-d${i}`, commits: [{ sha: `b0c${i}`, time: iso(time - DAY) }] }));
  }
  // One of ten fails (CFR exactly 10 %: High) and recovers in exactly one hour (not Elite).
  s0.push({
    id: 'b0-inc',
    type: 'incident.opened',
    time: '2026-06-03T10:30:00Z',
    incident: 'B0',
    service: 'checkout',
  });
  s0.push({ id: 'b0-inc-r', type: 'incident.resolved', time: '2026-06-03T11:30:00Z', incident: 'B0' });

  // Fourteen deployments in fourteen days: exactly one a day, Elite.
  const s1 = [];
  for (let i = 0; i < 14; i++) s1.push(deploy(iso(Date.parse('2026-06-15T09:00:00Z') + i * DAY), { id: `b1-d${i}` }));

  // Seven deployments (DF 0.5/day: High), lead times of ten days (Medium), one failure of seven (CFR 1/7:
  // Medium) restored in two hours (High): 2 + 1 + 1 + 2 = 6 of 12 points, score exactly 50, which is not low.
  const s2 = [];
  for (let i = 0; i < 7; i++) {
    const time = Date.parse('2026-06-29T10:00:00Z') + i * DAY;
    s2.push(deploy(iso(time), { id: `b2-d${i}`, commits: [{ sha: `b2c${i}`, time: iso(time - 10 * DAY) }] }));
  }
  s2.push({
    id: 'b2-inc',
    type: 'incident.opened',
    time: '2026-07-01T12:00:00Z',
    incident: 'B2',
    deployment: 'b2-d2',
  });
  s2.push({ id: 'b2-inc-r', type: 'incident.resolved', time: '2026-07-01T14:00:00Z', incident: 'B2' });

  vectors.push({
    name: 'tier-boundaries',
    description:
      'Values exactly on the dora-2023 bounds: exactly 1 deployment a day is Elite (≥), 10 and 7 in 14 days are High, a 1-day lead time and a 1-hour recovery are not Elite (strict <), a 10 % failure rate is High (≤); a score of exactly 50 is ok (low is strictly below).',
    calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
    contract: { rampUpSprints: 0 },
    asOf: '2026-07-13T00:00:00Z',
    events: [...s0, ...s1, ...s2],
    expected: {
      sprints: [
        {
          name: '2026-06-01',
          index: 0,
          start: '2026-06-01T00:00:00Z',
          end: '2026-06-15T00:00:00Z',
          status: 'ok',
          score: (100 * 8) / 12,
          credited: false,
          atRisk: false,
          tiers: {
            deploymentFrequency: 'high',
            leadTime: 'high',
            changeFailureRate: 'high',
            recoveryTime: 'high',
            reworkRate: 'elite',
          },
          measurements: {
            deployments: 10,
            deploymentFrequencyPerDay: 10 / 14,
            changes: 10,
            leadTimeMedianSeconds: 86400,
            leadTimeP90Seconds: 86400,
            failedDeployments: 1,
            changeFailureRate: 0.1,
            recoveryTimeMedianSeconds: 3600,
            reworkRate: 0,
            events: 12,
          },
        },
        {
          name: '2026-06-15',
          index: 1,
          start: '2026-06-15T00:00:00Z',
          end: '2026-06-29T00:00:00Z',
          status: 'ok',
          score: 100,
          credited: false,
          atRisk: false,
          tiers: { deploymentFrequency: 'elite', changeFailureRate: 'elite', reworkRate: 'elite' },
          measurements: {
            deployments: 14,
            deploymentFrequencyPerDay: 1,
            changeFailureRate: 0,
            reworkRate: 0,
            events: 14,
          },
        },
        {
          name: '2026-06-29',
          index: 2,
          start: '2026-06-29T00:00:00Z',
          end: '2026-07-13T00:00:00Z',
          status: 'ok',
          score: 50,
          credited: false,
          atRisk: false,
          tiers: {
            deploymentFrequency: 'high',
            leadTime: 'medium',
            changeFailureRate: 'medium',
            recoveryTime: 'high',
            reworkRate: 'elite',
          },
          measurements: {
            deployments: 7,
            deploymentFrequencyPerDay: 0.5,
            changes: 7,
            leadTimeMedianSeconds: 864000,
            leadTimeP90Seconds: 864000,
            failedDeployments: 1,
            changeFailureRate: 1 / 7,
            recoveryTimeMedianSeconds: 7200,
            reworkRate: 0,
            events: 9,
          },
        },
        currentEmptySprint('2026-07-13', 3),
      ],
      credits: 0,
      lowStreak: 0,
      atRisk: false,
      creditsIfNextLow: 0,
      incidents: [
        { id: 'B0', deploymentId: 'b0-d1', linkedBy: 'window' },
        { id: 'B2', deploymentId: 'b2-d2', linkedBy: 'explicit' },
      ],
    },
  });
}

// 3–7, 11: the credit rule over whole sprints.
seq = 0;
vectors.push(
  sprintScenario({
    name: 'run-of-three-low',
    description:
      'Two ramp-up lows count for nothing; three consecutive lows after ramp-up grant 3 credits; a later single low is at risk; the sprint in progress is provisional.',
    plan: [
      ['LOW', 'ramp-up', false, false],
      ['LOW', 'ramp-up', false, false],
      ['LOW', 'low', true, false],
      ['LOW', 'low', true, false],
      ['LOW', 'low', true, false],
      ['OK', 'ok', false, false],
      ['LOW', 'low', false, true],
      ['OK', 'in-progress', false, false],
    ],
    inProgressDays: 3.5,
    totals: { credits: 3, lowStreak: 1, atRisk: true, creditsIfNextLow: 2 },
  }),
);
// The sprint in progress divides by the 3.5 days elapsed: 2 / 3.5 per day, still High.
vectors.at(-1).expected.sprints.at(-1).measurements = {
  ...shapes.OK.measurements,
  deploymentFrequencyPerDay: 2 / 3.5,
};

seq = 0;
vectors.push(
  sprintScenario({
    name: 'two-separate-runs',
    description: 'Runs of two and three lows separated by an ok sprint grant 2 + 3 = 5 credits.',
    plan: [
      ['OK', 'ramp-up', false, false],
      ['OK', 'ramp-up', false, false],
      ['LOW', 'low', true, false],
      ['LOW', 'low', true, false],
      ['OK', 'ok', false, false],
      ['LOW', 'low', true, false],
      ['LOW', 'low', true, false],
      ['LOW', 'low', true, false],
      ['OK', 'ok', false, false],
      ['EMPTY', 'in-progress', false, false],
    ],
    inProgressDays: 0.5,
    totals: { credits: 5, lowStreak: 0, atRisk: false, creditsIfNextLow: 0 },
  }),
);

seq = 0;
vectors.push(
  sprintScenario({
    name: 'ramp-up-lows-grant-nothing',
    description:
      'Low ramp-up sprints are shown but never counted, so they do not join the low sprint right after ramp-up.',
    plan: [
      ['LOW', 'ramp-up', false, false],
      ['LOW', 'ramp-up', false, false],
      ['LOW', 'low', false, false],
      ['OK', 'ok', false, false],
      ['EMPTY', 'in-progress', false, false],
    ],
    inProgressDays: 5,
    totals: { credits: 0, lowStreak: 0, atRisk: false, creditsIfNextLow: 0 },
  }),
);

seq = 0;
vectors.push(
  sprintScenario({
    name: 'no-data-breaks-a-run',
    description:
      'A sprint without any event is no-data: it has no score, is visible as such and breaks a run of lows; a trailing no-data sprint leaves no streak.',
    plan: [
      ['OK', 'ramp-up', false, false],
      ['EMPTY', 'ramp-up', false, false],
      ['LOW', 'low', false, false],
      ['EMPTY', 'no-data', false, false],
      ['LOW', 'low', false, false],
      ['OK', 'ok', false, false],
      ['LOW', 'low', false, false],
      ['EMPTY', 'no-data', false, false],
      ['EMPTY', 'in-progress', false, false],
    ],
    inProgressDays: 2,
    totals: { credits: 0, lowStreak: 0, atRisk: false, creditsIfNextLow: 0 },
  }),
);

seq = 0;
vectors.push(
  sprintScenario({
    name: 'low-in-progress-not-counted',
    description:
      'A low ended sprint followed by a sprint in progress that scores low so far: no credits yet, the team is at risk.',
    plan: [
      ['OK', 'ramp-up', false, false],
      ['OK', 'ramp-up', false, false],
      ['LOW', 'low', false, true],
      ['LOW', 'in-progress', false, false],
    ],
    inProgressDays: 13,
    totals: { credits: 0, lowStreak: 1, atRisk: true, creditsIfNextLow: 2 },
  }),
);

// 8. Time zone: sprints start at local midnight; the DST change shortens sprint 0 by an hour but the
// deployment frequency still divides by its 14 calendar days.
seq = 0;
vectors.push({
  name: 'time-zone-and-dst',
  description:
    'Europe/Berlin calendar across the 2026-03-29 DST change: sprint boundaries are local midnights, events are placed by local date, an event before the first sprint belongs to none.',
  calendar: { firstSprintStart: '2026-03-16', sprintLengthDays: 14, timeZone: 'Europe/Berlin' },
  contract: { rampUpSprints: 0 },
  asOf: '2026-04-20T00:00:00Z',
  events: [
    deploy('2026-03-15T22:30:00Z', { id: 'before-contract' }),
    deploy('2026-03-15T23:30:00Z', { id: 'first-local-hour' }),
    deploy('2026-03-29T21:30:00Z', { id: 'last-local-hour' }),
    deploy('2026-03-29T22:30:00Z', { id: 'next-sprint-first-hour' }),
  ],
  expected: {
    sprints: [
      {
        name: '2026-03-16',
        index: 0,
        start: '2026-03-15T23:00:00Z',
        end: '2026-03-29T22:00:00Z',
        status: 'ok',
        score: (100 * 5) / 6,
        credited: false,
        atRisk: false,
        tiers: { deploymentFrequency: 'high', changeFailureRate: 'elite', reworkRate: 'elite' },
        measurements: {
          deployments: 2,
          deploymentFrequencyPerDay: 2 / 14,
          changeFailureRate: 0,
          reworkRate: 0,
          events: 2,
        },
      },
      {
        name: '2026-03-30',
        index: 1,
        start: '2026-03-29T22:00:00Z',
        end: '2026-04-12T22:00:00Z',
        status: 'ok',
        score: (100 * 4) / 6,
        credited: false,
        atRisk: false,
        tiers: { deploymentFrequency: 'medium', changeFailureRate: 'elite', reworkRate: 'elite' },
        measurements: {
          deployments: 1,
          deploymentFrequencyPerDay: 1 / 14,
          changeFailureRate: 0,
          reworkRate: 0,
          events: 1,
        },
      },
      {
        name: '2026-04-13',
        index: 2,
        start: '2026-04-12T22:00:00Z',
        end: '2026-04-26T22:00:00Z',
        status: 'in-progress',
        score: 0,
        credited: false,
        atRisk: false,
        tiers: { deploymentFrequency: 'low' },
        measurements: {},
      },
    ],
    credits: 0,
    lowStreak: 0,
    atRisk: false,
    creditsIfNextLow: 0,
  },
});

// 9. Linking rules in one sprint.
seq = 0;
vectors.push({
  name: 'linking-rules',
  description:
    'Squash merge keeps the first-commit lead time; a rollback fails the deployment before it and restores it; a redeploy ships nothing new; window, explicit and root-cause links; an incident outside the window and one without a service stay unlinked; an open failure counts as recovering until asOf; failed-status and staging deployments are not deployments; a commit time after its deploy is left out.',
  calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
  contract: { rampUpSprints: 0 },
  asOf: '2026-06-20T00:00:00Z',
  events: [
    {
      id: 'p1',
      type: 'commits.pushed',
      time: '2026-06-01T09:00:00Z',
      service: 'payments',
      head: 's2',
      commits: [
        { sha: 's1', time: '2026-06-01T08:00:00Z' },
        { sha: 's2', time: '2026-06-01T08:30:00Z' },
      ],
    },
    {
      id: 'm1',
      type: 'change.merged',
      time: '2026-06-01T11:00:00Z',
      service: 'payments',
      change: '42',
      openedAt: '2026-05-30T10:00:00Z',
      mergedAt: '2026-06-01T11:00:00Z',
      firstCommitAt: '2026-05-29T12:00:00Z',
      sha: 's3',
    },
    deploy('2026-06-01T12:00:00Z', { id: 'D1', service: 'payments', sha: 's3' }),
    {
      id: 'p2',
      type: 'commits.pushed',
      time: '2026-06-02T09:00:00Z',
      service: 'payments',
      head: 's4',
      commits: [{ sha: 's4', time: '2026-06-02T08:00:00Z' }],
    },
    deploy('2026-06-02T10:00:00Z', { id: 'D2', service: 'payments', sha: 's4' }),
    deploy('2026-06-02T11:00:00Z', { id: 'D3', service: 'payments', kind: 'rollback' }),
    deploy('2026-06-03T10:00:00Z', { id: 'D4', service: 'payments', sha: 's4' }),
    {
      id: 'i1-open',
      type: 'incident.opened',
      time: '2026-06-03T20:00:00Z',
      incident: 'I1',
      service: 'payments',
      detectedBy: 'alert',
    },
    { id: 'i1-resolved', type: 'incident.resolved', time: '2026-06-04T02:00:00Z', incident: 'I1' },
    deploy('2026-06-05T10:00:00Z', {
      id: 'D5',
      service: 'payments',
      kind: 'hotfix',
      remediates: 'I1',
      commits: [{ sha: 's5', time: '2026-06-05T09:00:00Z' }],
    }),
    { id: 'i2-open', type: 'incident.opened', time: '2026-06-08T10:00:00Z', incident: 'I2', service: 'payments' },
    deploy('2026-06-09T10:00:00Z', {
      id: 'D6',
      service: 'search',
      sha: 's9',
      commits: [{ sha: 's9', time: '2026-06-09T12:00:00Z' }],
    }),
    {
      id: 'i3-open',
      type: 'incident.opened',
      time: '2026-06-09T11:00:00Z',
      incident: 'I3',
      service: 'payments',
      deployment: 'D6',
      startedAt: '2026-06-09T10:30:00Z',
    },
    deploy('2026-06-10T10:00:00Z', { id: 'D7', service: 'payments', status: 'failure' }),
    deploy('2026-06-10T11:00:00Z', { id: 'D8', service: 'payments', environment: 'staging' }),
    {
      id: 'i4-open',
      type: 'incident.opened',
      time: '2026-06-11T10:00:00Z',
      incident: 'I4',
      service: 'search',
      rootCauseSha: 's9',
    },
    { id: 'i4-resolved', type: 'incident.resolved', time: '2026-06-11T12:00:00Z', incident: 'I4' },
    { id: 'i5-open', type: 'incident.opened', time: '2026-06-12T10:00:00Z', incident: 'I5' },
    deploy('2026-06-12T12:00:00Z', {
      id: 'D9',
      service: 'payments',
      commits: [{ sha: 's1', time: '2026-06-01T08:00:00Z' }],
    }),
  ],
  expected: {
    sprints: [
      {
        name: '2026-06-01',
        index: 0,
        start: '2026-06-01T00:00:00Z',
        end: '2026-06-15T00:00:00Z',
        status: 'ok',
        score: (100 * 7) / 12,
        credited: false,
        atRisk: false,
        tiers: {
          deploymentFrequency: 'high',
          leadTime: 'elite',
          changeFailureRate: 'low',
          recoveryTime: 'high',
          reworkRate: 'low',
        },
        measurements: {
          deployments: 7,
          deploymentFrequencyPerDay: 0.5,
          changes: 5,
          leadTimeMedianSeconds: 12600,
          leadTimeP90Seconds: 161280,
          failedDeployments: 3,
          changeFailureRate: 3 / 7,
          openFailures: 1,
          recoveryTimeMedianSeconds: 21600,
          unplannedDeployments: 2,
          reworkRate: 2 / 7,
          events: 19,
        },
      },
      currentEmptySprint('2026-06-15', 1),
    ],
    credits: 0,
    lowStreak: 0,
    atRisk: false,
    creditsIfNextLow: 0,
    incidents: [
      { id: 'I1', deploymentId: 'D4', linkedBy: 'window' },
      { id: 'I2', deploymentId: null, unlinkedReason: 'no-candidate' },
      { id: 'I3', deploymentId: 'D6', linkedBy: 'explicit' },
      { id: 'I4', deploymentId: 'D6', linkedBy: 'root-cause-commit' },
      { id: 'I5', deploymentId: null, unlinkedReason: 'no-candidate' },
    ],
  },
});

// 9b. The 180-day lookback that bounds what any result depends on.
seq = 0;
vectors.push({
  name: 'lookback-180-days',
  description:
    'Linking looks back 180 days: a commit announced 200 days before the deployment is not shipped, a commit older than 180 days is not measured, and a root-cause commit only matches deployments of the last 180 days.',
  calendar: { firstSprintStart: '2026-07-27', sprintLengthDays: 14 },
  contract: { rampUpSprints: 0 },
  asOf: '2026-08-10T00:00:00Z',
  events: [
    {
      id: 'old-push',
      type: 'commits.pushed',
      time: '2026-01-10T10:00:00Z',
      service: 'checkout',
      commits: [{ sha: 'o1', time: '2026-01-10T09:00:00Z' }],
    },
    deploy('2026-01-12T10:00:00Z', { id: 'L0', commits: [{ sha: 'r1', time: '2026-01-11T10:00:00Z' }] }),
    deploy('2026-01-13T10:00:00Z', { id: 'R0', sha: 'r0' }),
    {
      id: 'new-push',
      type: 'commits.pushed',
      time: '2026-07-28T10:00:00Z',
      service: 'checkout',
      commits: [{ sha: 'n1', time: '2026-07-28T09:00:00Z' }],
    },
    deploy('2026-07-28T12:00:00Z', { id: 'L1', sha: 'n1' }),
    deploy('2026-07-30T10:00:00Z', { id: 'L2', commits: [{ sha: 'r1', time: '2026-01-11T10:00:00Z' }] }),
    {
      id: 'old-root-cause',
      type: 'incident.opened',
      time: '2026-07-31T10:00:00Z',
      incident: 'OLD',
      service: 'checkout',
      rootCauseSha: 'r0',
    },
  ],
  expected: {
    sprints: [
      {
        name: '2026-07-27',
        index: 0,
        start: '2026-07-27T00:00:00Z',
        end: '2026-08-10T00:00:00Z',
        status: 'ok',
        score: (100 * 8) / 9,
        credited: false,
        atRisk: false,
        tiers: { deploymentFrequency: 'high', leadTime: 'elite', changeFailureRate: 'elite', reworkRate: 'elite' },
        measurements: {
          deployments: 2,
          deploymentFrequencyPerDay: 2 / 14,
          changes: 1,
          leadTimeMedianSeconds: 10800,
          leadTimeP90Seconds: 10800,
          changeFailureRate: 0,
          reworkRate: 0,
          events: 4,
        },
      },
      currentEmptySprint('2026-08-10', 1),
    ],
    credits: 0,
    lowStreak: 0,
    atRisk: false,
    creditsIfNextLow: 0,
    incidents: [{ id: 'OLD', deploymentId: null, unlinkedReason: 'unknown-commit' }],
  },
});

// 10. One sprint judged by each preset.
function presetVector(preset, tiers, points, status) {
  seq = 0;
  const events = [];
  for (let i = 0; i < 5; i++) {
    const time = Date.parse('2026-06-02T10:00:00Z') + i * DAY;
    events.push(deploy(iso(time), { id: `p-d${i}`, commits: [{ sha: `pc${i}`, time: iso(time - 2 * 3_600_000) }] }));
  }
  events.push({
    id: 'p-inc',
    type: 'incident.opened',
    time: '2026-06-04T10:30:00Z',
    incident: 'P1',
    deployment: 'p-d2',
  });
  events.push({ id: 'p-inc-r', type: 'incident.resolved', time: '2026-06-04T11:00:00Z', incident: 'P1' });
  return {
    name: `preset-${preset}`,
    description: `Five deployments with 2-hour lead times, one failure of five (20 %) restored in 30 minutes, judged by ${preset} with a low threshold of 70.`,
    calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
    contract: { preset, rampUpSprints: 0, lowScoreBelow: 70 },
    asOf: '2026-06-15T00:00:00Z',
    events,
    expected: {
      sprints: [
        {
          name: '2026-06-01',
          index: 0,
          start: '2026-06-01T00:00:00Z',
          end: '2026-06-15T00:00:00Z',
          status,
          score: (100 * points) / 12,
          credited: false,
          atRisk: status === 'low',
          tiers,
          measurements: {
            deployments: 5,
            deploymentFrequencyPerDay: 5 / 14,
            changes: 5,
            leadTimeMedianSeconds: 7200,
            leadTimeP90Seconds: 7200,
            failedDeployments: 1,
            changeFailureRate: 0.2,
            recoveryTimeMedianSeconds: 1800,
            reworkRate: 0,
            events: 7,
          },
        },
        currentEmptySprint('2026-06-15', 1),
      ],
      credits: 0,
      lowStreak: status === 'low' ? 1 : 0,
      atRisk: status === 'low',
      creditsIfNextLow: status === 'low' ? 2 : 0,
    },
  };
}
const presetTiers = (leadTime, changeFailureRate) => ({
  deploymentFrequency: 'high',
  leadTime,
  changeFailureRate,
  recoveryTime: 'elite',
  reworkRate: 'elite',
});
vectors.push(presetVector('dora-2023', presetTiers('elite', 'low'), 2 + 3 + 0 + 3, 'low'));
vectors.push(presetVector('dora-2021', presetTiers('high', 'high'), 2 + 2 + 2 + 3, 'ok'));
vectors.push(presetVector('dora-2024', presetTiers('elite', 'medium'), 2 + 3 + 1 + 3, 'ok'));

// 11. Custom weights, a higher threshold and three consecutive lows needed for credit.
seq = 0;
shapes.REWORK = {
  // A deployment rolled back an hour later: DF 2/14 High (2), CFR 1/2 Low (0), recovery exactly 1 h High (2),
  // rework 1/2 Low (0, weight 2): 100 × (2 + 0 + 2 + 0) / (3 × 5) = 26.67.
  events: (start) => {
    const first = deploy(at(plusDays(start, 1), '10:00'));
    return [first, deploy(at(plusDays(start, 1), '11:00'), { kind: 'rollback' })];
  },
  measurements: {
    deployments: 2,
    deploymentFrequencyPerDay: 2 / 14,
    failedDeployments: 1,
    changeFailureRate: 0.5,
    recoveryTimeMedianSeconds: 3600,
    unplannedDeployments: 1,
    reworkRate: 0.5,
    events: 2,
  },
  tiers: { deploymentFrequency: 'high', changeFailureRate: 'low', recoveryTime: 'high', reworkRate: 'low' },
  score: (100 * 4) / 15,
};
shapes.OK_WEIGHTED = { ...shapes.OK, score: (100 * 11) / 12 };
shapes.LOW_WEIGHTED = shapes.LOW;
vectors.push(
  sprintScenario({
    name: 'custom-weights-three-needed',
    description:
      'Rework weighs 2, low is below 60, one ramp-up sprint, three consecutive lows needed: a run of three grants 3, the trailing run of two grants nothing yet and is at risk of 3.',
    contract: {
      rampUpSprints: 1,
      lowScoreBelow: 60,
      consecutiveLowForCredit: 3,
      weights: { reworkRate: 2 },
    },
    plan: [
      ['LOW', 'ramp-up', false, false],
      ['REWORK', 'low', true, false],
      ['REWORK', 'low', true, false],
      ['LOW', 'low', true, false],
      ['OK_WEIGHTED', 'ok', false, false],
      ['LOW', 'low', false, true],
      ['LOW', 'low', false, true],
      ['EMPTY', 'in-progress', false, false],
    ],
    inProgressDays: 1,
    totals: { credits: 3, lowStreak: 2, atRisk: true, creditsIfNextLow: 3 },
  }),
);

const document = {
  $comment:
    'Golden vectors of the dora-guarantee contract (docs/scoring.md), shared by the scoring, exporter and panel tests. Generated by test/golden/author-vectors.mjs from hand-computed literals. Omitted measurement fields are 0 (counts) or null (metrics); contract fields omitted take the defaults of docs/scoring.md; link options default to production environments ["production"], a 24 h incident window and a 180-day lookback.',
  measurementDefaults: {
    deployments: 0,
    deploymentFrequencyPerDay: 0,
    changes: 0,
    leadTimeMedianSeconds: null,
    leadTimeP90Seconds: null,
    failedDeployments: 0,
    changeFailureRate: null,
    openFailures: 0,
    recoveryTimeMedianSeconds: null,
    unplannedDeployments: 0,
    reworkRate: null,
    events: 0,
  },
  link: { productionEnvironments: ['production'], incidentLinkWindowSeconds: 86400, lookbackSeconds: 15552000 },
  vectors,
};

const out = fileURLToPath(new URL('../golden-vectors.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to ${out}`);
