/**
 * One event of every type of the generic API, in the calendar of `baseConfig()` (sprints from 2026-06-01) and
 * for its team "squad" (services checkout, payments, search).
 */
export function everyType(prefix = 'ev'): Record<string, unknown>[] {
  return [
    {
      id: `${prefix}-push-1`,
      type: 'commits.pushed',
      time: '2026-06-02T08:30:00Z',
      service: 'checkout',
      head: 'a2',
      commits: [
        { sha: 'a1', time: '2026-06-02T08:00:00Z' },
        { sha: 'a2', time: '2026-06-02T08:30:00Z' },
      ],
    },
    {
      id: `${prefix}-change-1`,
      type: 'change.merged',
      time: '2026-06-02T08:31:00Z',
      service: 'checkout',
      change: 'acme/checkout#12',
      openedAt: '2026-06-01T15:00:00Z',
      mergedAt: '2026-06-02T08:31:00Z',
      firstCommitAt: '2026-06-01T14:00:00Z',
      sha: 'a2',
      additions: 120,
      deletions: 30,
    },
    {
      id: `${prefix}-pipeline-1`,
      type: 'pipeline.finished',
      time: '2026-06-02T08:45:00Z',
      pipeline: 'ci',
      status: 'success',
      durationSeconds: 840,
      service: 'checkout',
    },
    {
      id: `${prefix}-tests-1`,
      type: 'tests.finished',
      time: '2026-06-02T08:44:00Z',
      passed: 410,
      failed: 0,
      skipped: 3,
      durationSeconds: 300,
      coverage: 0.81,
      service: 'checkout',
    },
    {
      id: `${prefix}-migration-1`,
      type: 'migration.finished',
      time: '2026-06-02T09:55:00Z',
      service: 'checkout',
      status: 'success',
    },
    {
      id: `${prefix}-staging-1`,
      type: 'deployment',
      time: '2026-06-02T09:30:00Z',
      service: 'checkout',
      environment: 'staging',
      status: 'success',
      sha: 'a2',
      automated: true,
    },
    {
      id: `${prefix}-deploy-1`,
      type: 'deployment',
      time: '2026-06-02T10:00:00Z',
      service: 'checkout',
      environment: 'production',
      status: 'success',
      sha: 'a2',
      kind: 'planned',
      automated: true,
    },
    {
      id: `${prefix}-incident-1-opened`,
      type: 'incident.opened',
      time: '2026-06-02T13:00:00Z',
      incident: `${prefix.toUpperCase()}-INC-1`,
      service: 'checkout',
      startedAt: '2026-06-02T12:30:00Z',
      detectedBy: 'alert',
    },
    {
      id: `${prefix}-deploy-2`,
      type: 'deployment',
      time: '2026-06-02T13:10:00Z',
      service: 'checkout',
      environment: 'production',
      status: 'success',
      sha: 'a1',
      kind: 'rollback',
      remediates: `${prefix.toUpperCase()}-INC-1`,
      automated: true,
    },
    {
      id: `${prefix}-incident-1-resolved`,
      type: 'incident.resolved',
      time: '2026-06-02T13:15:00Z',
      incident: `${prefix.toUpperCase()}-INC-1`,
    },
  ];
}

export function ndjson(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
