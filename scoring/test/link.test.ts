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
