import { baseConfig } from '../support/exporter';

/**
 * A small, hand-checked history for team "squad" (services checkout and payments), used wherever a test needs exact
 * values. Every number the tests expect is worked out in the comments below, not by the code under test.
 *
 * Sprint 0 is 2026-06-01 … 2026-06-15 (ended at NOW), sprint 1 is in progress. Production deployments of sprint 0:
 *   d1 checkout 06-02 10:00 ships a1 (08:00) and a2 (08:30)       lead times 7200 s, 5400 s; automated
 *   d2 checkout 06-03 12:00 ships b1 (07:00)                       lead time 18000 s; not automated
 *      INC-1 (checkout) opened 13:00, started 12:30, resolved 13:15: window link → d2 failed, recovery 2700 s
 *   d6 checkout 06-05 10:00 lists c1 (06-04 10:00)                 lead time 86400 s
 *   d7 checkout 06-05 11:00 rollback                               d6 failed, recovered at 11:00 → 3600 s; rework
 *   e1 payments 06-08 10:00 lists p1 (06-01 10:00)                 lead time 604800 s (exactly one week)
 *      INC-3 (payments) names e1, opened 06-11 00:00, resolved 01:00 → e1 failed, recovery 3600 s
 *   u1 "mystery-svc" 06-09 10:00 (team given, service unknown)    counted under service "unassigned"
 * Not deployments: d3 staging, d4 environment "qa-feature-123" (label "other"), d5 production but status failure.
 * INC-2 (payments) opened 06-10 10:00: the last payments deployment is 48 h earlier (window 24 h) → unlinked, open.
 *
 * Sprint 0: 6 deployments → 6/14 per day (High); lead times 5400, 7200, 18000, 86400, 604800 → median 18000
 * (Elite), p90 at rank 3.6 = 86400 + 0.6 × 518400 = 397440; 3 failed of 6 → 0.5 (Low); recoveries 2700, 3600,
 * 3600 → median 3600, not below an hour → High; rework 1/6. Score 100 × (2 + 3 + 0 + 2) / 12 = 58.33… → ok.
 */
export const NOW = Date.parse('2026-06-20T12:00:00Z');

export const KNOWN_CONFIG = baseConfig({
  contract: { rampUpSprints: 0 },
  teams: [
    { name: 'squad', services: ['checkout', 'payments'], repositories: { 'acme/checkout': 'checkout' } },
    {
      name: 'ops',
      services: ['search'],
      calendar: { firstSprintStart: '2026-06-08', sprintLengthDays: 7 },
      contract: { preset: 'dora-2021', rampUpSprints: 1, lowScoreBelow: 40, weights: { reworkRate: 0.5 } },
    },
  ],
});

const squad = { team: 'squad' };

export const KNOWN_EVENTS: Record<string, unknown>[] = [
  {
    ...squad,
    id: 'p1-push',
    type: 'commits.pushed',
    service: 'checkout',
    time: '2026-06-02T08:30:00Z',
    head: 'a2',
    commits: [
      { sha: 'a1', time: '2026-06-02T08:00:00Z' },
      { sha: 'a2', time: '2026-06-02T08:30:00Z' },
    ],
  },
  {
    id: 'd1',
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    sha: 'a2',
    automated: true,
    time: '2026-06-02T10:00:00Z',
  },
  {
    id: 'p2-push',
    type: 'commits.pushed',
    repository: 'acme/checkout',
    time: '2026-06-03T07:00:00Z',
    commits: [{ sha: 'b1', time: '2026-06-03T07:00:00Z' }],
  },
  {
    id: 'd2',
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    sha: 'b1',
    automated: false,
    time: '2026-06-03T12:00:00Z',
  },
  {
    id: 'inc-1-open',
    type: 'incident.opened',
    incident: 'INC-1',
    service: 'checkout',
    startedAt: '2026-06-03T12:30:00Z',
    detectedBy: 'alert',
    time: '2026-06-03T13:00:00Z',
  },
  { id: 'inc-1-resolve', type: 'incident.resolved', incident: 'INC-1', time: '2026-06-03T13:15:00Z' },
  {
    id: 'd3',
    type: 'deployment',
    service: 'checkout',
    environment: 'staging',
    status: 'success',
    time: '2026-06-04T09:00:00Z',
  },
  {
    id: 'd4',
    type: 'deployment',
    service: 'checkout',
    environment: 'qa-feature-123',
    status: 'success',
    time: '2026-06-04T09:30:00Z',
  },
  {
    id: 'd5',
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    status: 'failure',
    time: '2026-06-04T09:45:00Z',
  },
  {
    id: 'd6',
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    commits: [{ sha: 'c1', time: '2026-06-04T10:00:00Z' }],
    time: '2026-06-05T10:00:00Z',
  },
  {
    id: 'd7',
    type: 'deployment',
    service: 'checkout',
    environment: 'production',
    status: 'success',
    kind: 'rollback',
    time: '2026-06-05T11:00:00Z',
  },
  {
    id: 'e1',
    type: 'deployment',
    service: 'payments',
    environment: 'production',
    status: 'success',
    commits: [{ sha: 'p1', time: '2026-06-01T10:00:00Z' }],
    time: '2026-06-08T10:00:00Z',
  },
  {
    ...squad,
    id: 'u1',
    type: 'deployment',
    service: 'mystery-svc',
    environment: 'production',
    status: 'success',
    time: '2026-06-09T10:00:00Z',
  },
  { id: 'inc-2-open', type: 'incident.opened', incident: 'INC-2', service: 'payments', time: '2026-06-10T10:00:00Z' },
  {
    id: 'inc-3-open',
    type: 'incident.opened',
    incident: 'INC-3',
    service: 'payments',
    deployment: 'e1',
    detectedBy: 'person',
    time: '2026-06-11T00:00:00Z',
  },
  { id: 'inc-3-resolve', type: 'incident.resolved', incident: 'INC-3', time: '2026-06-11T01:00:00Z' },
  // Capabilities.
  {
    id: 'ci-1',
    type: 'pipeline.finished',
    pipeline: 'build',
    service: 'checkout',
    status: 'success',
    durationSeconds: 240,
    time: '2026-06-02T09:00:00Z',
  },
  {
    id: 'ci-2',
    type: 'pipeline.finished',
    pipeline: 'build',
    repository: 'acme/checkout',
    status: 'failure',
    durationSeconds: 700,
    time: '2026-06-02T09:30:00Z',
  },
  {
    id: 'ci-3',
    type: 'pipeline.finished',
    pipeline: 'build',
    service: 'payments',
    status: 'success',
    durationSeconds: 45,
    time: '2026-06-08T09:00:00Z',
  },
  // Posted after the later run: coverage is the one with the latest time, not the last to arrive.
  {
    id: 'tests-2',
    type: 'tests.finished',
    service: 'checkout',
    passed: 118,
    failed: 2,
    skipped: 3,
    coverage: 0.79,
    time: '2026-06-04T08:00:00Z',
  },
  {
    id: 'tests-1',
    type: 'tests.finished',
    service: 'checkout',
    passed: 120,
    failed: 0,
    skipped: 3,
    coverage: 0.81,
    time: '2026-06-03T08:00:00Z',
  },
  { id: 'mig-1', type: 'migration.finished', service: 'checkout', status: 'success', time: '2026-06-05T09:00:00Z' },
  { id: 'mig-2', type: 'migration.finished', service: 'payments', status: 'failure', time: '2026-06-08T09:30:00Z' },
  {
    id: 'pr-1',
    type: 'change.merged',
    service: 'checkout',
    change: '!481',
    openedAt: '2026-06-01T09:00:00Z',
    mergedAt: '2026-06-02T08:30:00Z',
    additions: 120,
    deletions: 30,
    time: '2026-06-02T08:30:00Z',
  },
];

/** Every squad event above falls in sprint 0. */
export const SQUAD_EVENTS_IN_SPRINT_0 = KNOWN_EVENTS.length;
