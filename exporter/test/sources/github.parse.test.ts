import { parseGithub } from '../../src/sources/github/parse';
import { PayloadError, type Problem } from '../../src/sources/types';
import { githubFixture, githubVariant } from './github.fixtures';

function parse(event: string, payload: unknown, delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958') {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  return parseGithub({
    headers: { 'x-github-event': event, 'x-github-delivery': delivery },
    body,
    contentType: 'application/json',
  });
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

const HELLO_WORLD = 'Codertocat/Hello-World';

describe('GitHub deployment_status', () => {
  it('turns a successful status into a deployment of the deployed sha', () => {
    const outcome = parse('deployment_status', githubFixture('deployment_status.success'));
    expect(outcome.deliveryId).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(outcome.events).toEqual([
      {
        id: 'github:deployment:145988746',
        type: 'deployment',
        time: '2019-05-15T15:20:55.000Z',
        service: HELLO_WORLD,
        repository: HELLO_WORLD,
        environment: 'production',
        status: 'success',
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        automated: false,
      },
    ]);
  });

  it.each([
    ['failure', 'failure'],
    ['error', 'failure'],
  ])('turns state %s into a failed deployment with its own id', (state, status) => {
    const payload = githubVariant('deployment_status.success', (p) => (p.deployment_status.state = state));
    expect(parse('deployment_status', payload).events).toEqual([
      expect.objectContaining({ id: 'github:deployment:145988746:failure', status }),
    ]);
  });

  it.each(['pending', 'in_progress', 'queued', 'waiting', 'inactive'])('ignores state %s', (state) => {
    const payload = githubVariant('deployment_status.success', (p) => (p.deployment_status.state = state));
    const outcome = parse('deployment_status', payload);
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toContain(state);
  });

  it('ignores the recorded in_progress status of a Pages deployment', () => {
    expect(parse('deployment_status', githubFixture('deployment_status.in_progress')).events).toEqual([]);
  });

  it('marks deployments made by an Actions workflow as automated, and keeps the run link', () => {
    const payload = githubVariant('deployment_status.in_progress', (p) => (p.deployment_status.state = 'success'));
    expect(parse('deployment_status', payload).events).toEqual([
      expect.objectContaining({
        environment: 'github-pages',
        automated: true,
        url: 'https://github.com/Codertocat/Hello-World/runs/145988746?check_suite_focus=true',
      }),
    ]);
  });

  it('marks deployments created by a GitHub App as automated', () => {
    const payload = githubVariant('deployment_status.success', (p) => {
      p.deployment.performed_via_github_app = { id: 1, slug: 'deployer' };
    });
    expect(parse('deployment_status', payload).events[0]).toMatchObject({ automated: true });
  });

  it('takes the environment from the deployment when the status has none', () => {
    const payload = githubVariant('deployment_status.success', (p) => {
      delete p.deployment_status.environment;
      p.deployment.environment = 'prod';
    });
    expect(parse('deployment_status', payload).events[0]).toMatchObject({ environment: 'prod' });
  });

  it('names the missing sha', () => {
    const payload = githubVariant('deployment_status.success', (p) => delete p.deployment.sha);
    expect(problems(() => parse('deployment_status', payload))).toEqual([
      expect.objectContaining({ field: 'deployment.sha' }),
    ]);
  });

  it('names a timestamp that is not RFC 3339', () => {
    const payload = githubVariant('deployment_status.success', (p) => (p.deployment_status.created_at = 'yesterday'));
    expect(problems(() => parse('deployment_status', payload))).toEqual([
      { field: 'deployment_status.created_at', message: expect.stringContaining('RFC 3339') },
    ]);
  });
});

describe('GitHub push', () => {
  it('announces the commits of a push to the default branch, headed by `after`', () => {
    expect(parse('push', githubFixture('push.default-branch')).events).toEqual([
      {
        id: 'github:push:codertocat/hello-world:6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        type: 'commits.pushed',
        // the newest commit's time
        time: '2019-05-15T15:19:25.000Z',
        repository: HELLO_WORLD,
        head: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        commits: [{ sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', time: '2019-05-15T15:19:25.000Z' }],
      },
    ]);
  });

  it('keeps commits that are not distinct (already pushed to another branch) and converts offsets to UTC', () => {
    const payload = githubVariant('push.default-branch', (p) => {
      p.commits[0].distinct = false;
      p.commits[0].timestamp = '2019-05-15T08:19:25-07:00';
    });
    expect(parse('push', payload).events[0]).toMatchObject({
      commits: [{ sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', time: '2019-05-15T15:19:25.000Z' }],
    });
  });

  it.each([
    ['a tag push', 'push.tag', 'tag push'],
    ['a tag deletion', 'push.tag-deletion', 'deletion'],
  ])('ignores %s', (_what, fixture, reason) => {
    const outcome = parse('push', githubFixture(fixture));
    expect(outcome.events).toEqual([]);
    expect(outcome.ignored).toContain(reason);
  });

  it('ignores pushes to other branches and branch deletions', () => {
    const feature = githubVariant('push.default-branch', (p) => (p.ref = 'refs/heads/feature'));
    expect(parse('push', feature).ignored).toContain('default branch');
    const deletion = githubVariant('push.default-branch', (p) => {
      p.deleted = true;
      p.after = '0000000000000000000000000000000000000000';
      p.commits = [];
      p.head_commit = null;
    });
    expect(parse('push', deletion).ignored).toContain('deletion');
  });

  it('names a commit without an id', () => {
    const payload = githubVariant('push.default-branch', (p) => delete p.commits[0].id);
    expect(problems(() => parse('push', payload))).toEqual([expect.objectContaining({ field: 'commits.0.id' })]);
  });
});

describe('GitHub pull_request', () => {
  // The documented closed examples are unmerged; GitHub sets merged and merged_at when a pull request is merged.
  const merged = () =>
    githubVariant('pull_request.closed', (p) => {
      p.pull_request.merged = true;
      p.pull_request.merged_at = '2019-05-15T15:21:18Z';
    });

  it('turns a merged pull request into a merged change with its merge commit and size', () => {
    expect(parse('pull_request', merged()).events).toEqual([
      {
        id: 'github:pull_request:279147437',
        type: 'change.merged',
        time: '2019-05-15T15:21:18.000Z',
        repository: HELLO_WORLD,
        change: 'Codertocat/Hello-World#2',
        openedAt: '2019-05-15T15:20:33.000Z',
        mergedAt: '2019-05-15T15:21:18.000Z',
        sha: 'c4295bd74fb0f4fda03689c3df3f2803b658fd85',
        additions: 1,
        deletions: 1,
        url: 'https://github.com/Codertocat/Hello-World/pull/2',
      },
    ]);
  });

  it('ignores a pull request closed without merging, and other actions', () => {
    expect(parse('pull_request', githubFixture('pull_request.closed')).ignored).toContain('without merging');
    expect(parse('pull_request', githubFixture('pull_request.opened')).ignored).toContain('"opened"');
  });

  it('ignores merges into other branches', () => {
    const payload = merged();
    payload.pull_request.base.ref = 'release-1.x';
    expect(parse('pull_request', payload).ignored).toContain('default branch');
  });

  it('rejects a merged pull request without merged_at', () => {
    const payload = merged();
    payload.pull_request.merged_at = null;
    expect(problems(() => parse('pull_request', payload))).toEqual([
      expect.objectContaining({ field: 'pull_request.merged_at' }),
    ]);
  });
});

describe('GitHub workflow_run', () => {
  it('turns a completed run into a finished pipeline', () => {
    expect(parse('workflow_run', githubFixture('workflow_run.completed')).events).toEqual([
      {
        id: 'github:workflow_run:289782451:1',
        type: 'pipeline.finished',
        time: '2020-10-05T16:33:49.000Z',
        pipeline: 'test',
        status: 'success',
        durationSeconds: 0,
        repository: 'octo-org/octo-repo',
      },
    ]);
  });

  it('measures the duration from run_started_at and keeps re-run attempts apart', () => {
    const payload = githubVariant('workflow_run.completed', (p) => {
      p.workflow_run.conclusion = 'failure';
      p.workflow_run.run_attempt = 2;
      p.workflow_run.updated_at = '2020-10-05T16:36:19Z';
    });
    expect(parse('workflow_run', payload).events[0]).toMatchObject({
      id: 'github:workflow_run:289782451:2',
      status: 'failure',
      durationSeconds: 150,
    });
  });

  it.each([
    ['cancelled', 'cancellation'],
    ['timed_out', 'timeout'],
    ['skipped', 'skip'],
    ['neutral', 'success'],
    ['startup_failure', 'error'],
  ])('maps conclusion %s to %s', (conclusion, status) => {
    const payload = githubVariant('workflow_run.completed', (p) => (p.workflow_run.conclusion = conclusion));
    expect(parse('workflow_run', payload).events[0]).toMatchObject({ status });
  });

  it.each(['action_required', 'stale'])('ignores runs that concluded %s', (conclusion) => {
    const payload = githubVariant('workflow_run.completed', (p) => (p.workflow_run.conclusion = conclusion));
    expect(parse('workflow_run', payload).events).toEqual([]);
  });

  it('ignores runs that have not completed', () => {
    expect(parse('workflow_run', githubFixture('workflow_run.requested')).ignored).toContain('requested');
  });
});

describe('GitHub deliveries', () => {
  it('answers ping and unused events as ignored', () => {
    expect(parse('ping', githubFixture('ping'))).toMatchObject({
      events: [],
      ignored: expect.stringContaining('ping'),
    });
    expect(parse('issues', { action: 'opened' })).toMatchObject({
      events: [],
      ignored: expect.stringContaining('issues'),
    });
  });

  it('requires the event and delivery headers', () => {
    const body = Buffer.from('{}');
    const request = (headers: Record<string, string>) => () =>
      parseGithub({ headers, body, contentType: 'application/json' });
    expect(problems(request({ 'x-github-delivery': 'd' }))).toEqual([
      expect.objectContaining({ field: 'X-GitHub-Event' }),
    ]);
    expect(problems(request({ 'x-github-event': 'ping' }))).toEqual([
      expect.objectContaining({ field: 'X-GitHub-Delivery' }),
    ]);
  });

  it('rejects bodies that are not a JSON object', () => {
    expect(problems(() => parse('push', Buffer.from('{"ref": ')))).toEqual([
      { field: '(body)', message: expect.stringMatching(/^not valid JSON/) },
    ]);
    expect(problems(() => parse('push', Buffer.from('[]')))).toEqual([
      { field: '(body)', message: expect.stringContaining('JSON object') },
    ]);
  });
});
