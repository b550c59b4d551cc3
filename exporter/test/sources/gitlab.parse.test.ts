import { gitlabTime } from '../../src/sources/gitlab/payload';
import { parseGitlab } from '../../src/sources/gitlab/parse';
import { PayloadError, type Problem } from '../../src/sources/types';
import { gitlabFixture, gitlabVariant, mergedRequest } from './gitlab.fixtures';

function parse(payload: unknown, headers: Record<string, string> = { 'idempotency-key': 'key-1' }) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  return parseGitlab({ headers, body, contentType: 'application/json' });
}

function problems(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof PayloadError) return e.problems;
    throw e;
  }
  throw new Error('expected a PayloadError');
}

describe('GitLab times', () => {
  it.each([
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00.000Z'],
    ['2016-08-12 15:23:28 UTC', '2016-08-12T15:23:28.000Z'],
    ['2013-12-03T17:23:34Z', '2013-12-03T17:23:34.000Z'],
    ['2011-12-12T14:27:31+02:00', '2011-12-12T12:27:31.000Z'],
    ['2021-02-23 02:41:37.886 UTC', '2021-02-23T02:41:37.886Z'],
  ])('reads %s', (value, iso) => {
    expect(gitlabTime(value)).toBe(iso);
  });

  it.each(['2021-04-28', 'yesterday', '2021-04-28 21:50:00', '2021-13-01 00:00:00 UTC'])('refuses %s', (value) => {
    expect(gitlabTime(value)).toBeUndefined();
  });
});

describe('GitLab Deployment Hook', () => {
  it('turns a successful deployment into one, with the full sha from commit_url and the tier as environment', () => {
    expect(parse(gitlabFixture('deployment')).events).toEqual([
      {
        id: 'gitlab:deployment:15',
        type: 'deployment',
        time: '2021-04-28T19:50:00.000Z',
        service: 'root/test-deployment-webhooks',
        repository: 'root/test-deployment-webhooks',
        environment: 'staging',
        status: 'success',
        sha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
        automated: true,
        url: 'http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796',
      },
    ]);
  });

  it('classifies by deployment tier, so a production tier counts whatever the environment is called', () => {
    const payload = gitlabVariant('deployment', (p) => {
      p.environment = 'prod-eu/cluster-1';
      p.environment_tier = 'production';
    });
    expect(parse(payload).events[0]).toMatchObject({ environment: 'production' });
    const noTier = gitlabVariant('deployment', (p) => delete p.environment_tier);
    expect(parse(noTier).events[0]).toMatchObject({ environment: 'staging' });
  });

  it('turns a failed deployment into a failed one with its own id', () => {
    const payload = gitlabVariant('deployment', (p) => (p.status = 'failed'));
    expect(parse(payload).events).toEqual([
      expect.objectContaining({ id: 'gitlab:deployment:15:failure', status: 'failure' }),
    ]);
  });

  it('marks deployments made through the API (no deployable job) as not automated', () => {
    const payload = gitlabVariant('deployment', (p) => {
      p.deployable_id = null;
      p.deployable_url = null;
    });
    const event = parse(payload).events[0];
    expect(event).toMatchObject({ automated: false });
    expect(event).not.toHaveProperty('url');
  });

  it.each(['running', 'canceled', 'created', 'blocked'])('ignores status %s', (status) => {
    const outcome = parse(gitlabVariant('deployment', (p) => (p.status = status)));
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toContain(status);
  });

  it('leaves the sha out when commit_url does not end in a full commit id', () => {
    const payload = gitlabVariant('deployment', (p) => (p.commit_url = null));
    expect(parse(payload).events[0]).not.toHaveProperty('sha');
  });

  it('names wrong fields', () => {
    const payload = gitlabVariant('deployment', (p) => {
      p.deployment_id = '15';
      p.status_changed_at = 'yesterday';
    });
    expect(problems(() => parse(payload)).map((p) => p.field)).toEqual(['deployment_id', 'status_changed_at']);
  });
});

describe('GitLab Merge Request Hook', () => {
  it('turns a merge into a merged change with the merge commit', () => {
    expect(parse(mergedRequest()).events).toEqual([
      {
        id: 'gitlab:merge_request:99',
        type: 'change.merged',
        time: '2013-12-04T09:10:11.000Z',
        repository: 'gitlabhq/gitlab-test',
        change: 'gitlabhq/gitlab-test!1',
        openedAt: '2013-12-03T17:23:34.000Z',
        mergedAt: '2013-12-04T09:10:11.000Z',
        sha: '0b4bc9a49b562e85de7cc9e834518ea6828729b9',
        url: 'http://example.com/diaspora/merge_requests/1',
      },
    ]);
  });

  it('keeps a merge without a merge commit (fast-forward) without a sha', () => {
    const event = parse(mergedRequest((p) => (p.object_attributes.merge_commit_sha = null))).events[0];
    expect(event).toMatchObject({ type: 'change.merged' });
    expect(event).not.toHaveProperty('sha');
  });

  it('ignores other actions and merges into other branches', () => {
    expect(parse(gitlabFixture('merge_request.open')).ignored).toContain('"open"');
    expect(parse(mergedRequest((p) => (p.object_attributes.target_branch = 'stable'))).ignored).toContain(
      'default branch',
    );
  });

  it('names a missing created_at', () => {
    const payload = mergedRequest((p) => delete p.object_attributes.created_at);
    expect(problems(() => parse(payload))).toEqual([
      expect.objectContaining({ field: 'object_attributes.created_at' }),
    ]);
  });
});

describe('GitLab Pipeline Hook', () => {
  it('turns a finished pipeline into pipeline.finished with GitLab’s duration', () => {
    expect(parse(gitlabFixture('pipeline')).events).toEqual([
      {
        id: 'gitlab:pipeline:31:2016-08-12T15:26:29.000Z',
        type: 'pipeline.finished',
        time: '2016-08-12T15:26:29.000Z',
        pipeline: 'Pipeline for branch: master',
        status: 'success',
        durationSeconds: 63,
        repository: 'gitlab-org/gitlab-test',
      },
    ]);
  });

  it.each([
    ['failed', 'failure'],
    ['canceled', 'cancellation'],
    ['skipped', 'skip'],
  ])('maps status %s to %s', (status, mapped) => {
    const payload = gitlabVariant('pipeline', (p) => (p.object_attributes.status = status));
    expect(parse(payload).events[0]).toMatchObject({ status: mapped });
  });

  it('falls back to wall time and the project name when GitLab gives no duration or name', () => {
    const payload = gitlabVariant('pipeline', (p) => {
      p.object_attributes.duration = null;
      p.object_attributes.name = null;
    });
    // created 15:23:28, finished 15:26:29
    expect(parse(payload).events[0]).toMatchObject({ durationSeconds: 181, pipeline: 'gitlab-org/gitlab-test' });
  });

  it.each(['running', 'pending', 'created', 'manual'])('ignores status %s', (status) => {
    expect(parse(gitlabVariant('pipeline', (p) => (p.object_attributes.status = status))).events).toEqual([]);
  });
});

describe('GitLab Push Hook', () => {
  it('announces the commits of a push to the default branch', () => {
    expect(parse(gitlabFixture('push')).events).toEqual([
      {
        id: 'gitlab:push:mike/diaspora:da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        type: 'commits.pushed',
        time: '2012-01-03T21:36:29.000Z',
        repository: 'mike/diaspora',
        head: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        commits: [
          { sha: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327', time: '2011-12-12T12:27:31.000Z' },
          { sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', time: '2012-01-03T21:36:29.000Z' },
        ],
      },
    ]);
  });

  it('ignores other branches, deletions and tag pushes', () => {
    expect(parse(gitlabVariant('push', (p) => (p.ref = 'refs/heads/feature'))).ignored).toContain('default branch');
    const deletion = gitlabVariant('push', (p) => {
      p.after = '0000000000000000000000000000000000000000';
      p.commits = [];
    });
    expect(parse(deletion).ignored).toContain('deletion');
    expect(parse(gitlabVariant('push', (p) => (p.object_kind = 'tag_push'))).ignored).toContain('tag_push');
  });
});

describe('GitLab deliveries', () => {
  const body = gitlabFixture('pipeline');

  it('takes the delivery id from Idempotency-Key, else webhook-id', () => {
    expect(parse(body, { 'idempotency-key': 'a', 'webhook-id': 'b', 'x-gitlab-event-uuid': 'c' }).deliveryId).toBe('a');
    expect(parse(body, { 'webhook-id': 'b', 'x-gitlab-event-uuid': 'c' }).deliveryId).toBe('b');
  });

  it('combines the event UUID with the body, because one action’s hooks share the UUID', () => {
    const uuid = { 'x-gitlab-event-uuid': '13792a34-cac6-4fda-95a8-c58e00a3954e' };
    const a = parse(body, uuid).deliveryId;
    expect(a.startsWith('13792a34-cac6-4fda-95a8-c58e00a3954e:')).toBe(true);
    expect(parse(body, uuid).deliveryId).toBe(a);
    expect(parse(gitlabFixture('push'), uuid).deliveryId).not.toBe(a);
  });

  it('ignores events it does not use, including ones without object_kind', () => {
    expect(parse({ object_kind: 'issue' }).ignored).toContain('issue');
    expect(parse({ event_name: 'user_add_to_group' }).ignored).toContain('object_kind');
  });

  it('rejects bodies that are not a JSON object and over-long id headers', () => {
    expect(problems(() => parse(Buffer.from('{')))).toEqual([
      { field: '(body)', message: expect.stringMatching(/^not valid JSON/) },
    ]);
    expect(problems(() => parse(Buffer.from('"text"')))).toEqual([
      { field: '(body)', message: expect.stringContaining('JSON object') },
    ]);
    expect(problems(() => parse(body, { 'idempotency-key': 'k'.repeat(300) }))).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key' }),
    ]);
  });
});
