import { DEFAULT_LINK_OPTIONS, type NormalizedEvent, linkEvents, sameCommit } from '../src';

const deploy = (id: string, time: string, sha: string): NormalizedEvent => ({
  id,
  type: 'deployment',
  time,
  service: 'api',
  environment: 'production',
  status: 'success',
  sha,
});

describe('root-cause commits', () => {
  it('match a full id or an abbreviation of at least 7 characters', () => {
    expect(sameCommit('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', '9F86D08')).toBe(true);
    expect(sameCommit('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', '9f86d0')).toBe(false);
    expect(sameCommit('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', '9f86d09')).toBe(false);
    expect(sameCommit(undefined, '9f86d08')).toBe(false);
  });

  it('link an incident that names the deployed commit by its short id', () => {
    const { incidents, deployments } = linkEvents(
      [
        deploy('d1', '2026-06-01T10:00:00Z', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b'),
        deploy('d2', '2026-06-02T10:00:00Z', '60303ae22b998861bce3b28f33eec1be758a213c'),
        { id: 'i', type: 'incident.opened', time: '2026-06-03T10:00:00Z', incident: 'I', rootCauseSha: '9f86d08' },
      ],
      DEFAULT_LINK_OPTIONS,
    );
    expect(incidents[0]).toMatchObject({ deploymentId: 'd1', linkedBy: 'root-cause-commit' });
    expect(deployments.find((d) => d.id === 'd1')?.failureReasons).toEqual(['incident']);
    expect(deployments.find((d) => d.id === 'd2')?.failureReasons).toEqual([]);
  });
});

describe('the lookback bounds what a result depends on', () => {
  it('forgets an announcement older than the lookback when the commit is announced again', () => {
    const { deployments } = linkEvents(
      [
        {
          id: 'old-merge',
          type: 'change.merged',
          time: '2026-01-01T10:00:00Z',
          service: 'api',
          change: '1',
          openedAt: '2025-12-20T10:00:00Z',
          mergedAt: '2026-01-01T10:00:00Z',
          firstCommitAt: '2025-12-30T10:00:00Z',
          sha: 'abc1234',
        },
        {
          id: 'push',
          type: 'commits.pushed',
          time: '2026-08-01T09:00:00Z',
          service: 'api',
          commits: [{ sha: 'abc1234', time: '2026-08-01T08:00:00Z' }],
        },
        deploy('d', '2026-08-01T10:00:00Z', 'abc1234'),
      ],
      DEFAULT_LINK_OPTIONS,
    );
    // Within the lookback only the push is known: a 2-hour lead time, not one from the December merge.
    expect(deployments[0]?.changes).toEqual([
      { sha: 'abc1234', committedAt: Date.parse('2026-08-01T08:00:00Z'), leadTimeSeconds: 7200 },
    ]);
  });

  it('links an incident by window to the latest earlier deployment of its service only', () => {
    const { incidents } = linkEvents(
      [
        deploy('a1', '2026-06-01T10:00:00Z', 'aaaaaaa1'),
        { ...deploy('b1', '2026-06-01T11:00:00Z', 'bbbbbbb1'), service: 'other' } as NormalizedEvent,
        deploy('a2', '2026-06-01T12:00:00Z', 'aaaaaaa2'),
        { id: 'i', type: 'incident.opened', time: '2026-06-01T12:00:00Z', incident: 'I', service: 'api' },
        deploy('a3', '2026-06-01T13:00:00Z', 'aaaaaaa3'),
      ],
      DEFAULT_LINK_OPTIONS,
    );
    expect(incidents[0]).toMatchObject({ deploymentId: 'a2', linkedBy: 'window' });
  });
});
