import type {
  ChangeMergedEvent,
  CommitsPushedEvent,
  DeploymentEvent,
  PipelineFinishedEvent,
} from '@dora-guarantee/scoring';
import { z } from 'zod';
import { PayloadError, type ParseOutcome, type SourceRequest } from '../types';
import { type Parsed, httpLink as link, ignore, jsonObject, validate as read } from '../payload';
import { sha, text, time } from './payload';

// Deployments name their repository, so the repository map places them like pushes and merges; an unmapped
// repository's name stays as `service` in the store (labelled "unassigned"), so a config fix plus `replay` places it.

const repository = z.object({ full_name: text });
const repositoryWithBranch = z.object({ full_name: text, default_branch: text });

function header(request: SourceRequest, name: string, label: string): string {
  const value = request.headers[name];
  if (value === undefined || value === '') {
    throw new PayloadError([{ field: label, message: 'header missing; GitHub sends it with every delivery' }]);
  }
  if (value.length > 128) throw new PayloadError([{ field: label, message: 'header longer than 128 characters' }]);
  return value;
}

const deploymentGate = z.object({ deployment_status: z.object({ state: z.string() }) });

const deploymentStatusPayload = z.object({
  deployment_status: z.object({
    id: z.number().int(),
    state: z.string(),
    environment: z.string().max(512).nullish(),
    created_at: time,
    target_url: z.string().nullish(),
    performed_via_github_app: z.unknown().optional(),
  }),
  deployment: z.object({
    id: z.number().int(),
    sha,
    environment: z.string().max(512).nullish(),
    creator: z.object({ type: z.string() }).nullish(),
    performed_via_github_app: z.unknown().optional(),
  }),
  repository,
  workflow_run: z.unknown().optional(),
});

const DEPLOYMENT_STATES: Record<string, DeploymentEvent['status']> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
};

function deploymentStatus(payload: unknown): Parsed {
  const { state } = read(deploymentGate, payload).deployment_status;
  const status = DEPLOYMENT_STATES[state];
  if (!status) return ignore(`deployment_status "${state.slice(0, 32)}" is not a finished deployment`);
  const p = read(deploymentStatusPayload, payload);
  const environment = p.deployment_status.environment || p.deployment.environment;
  if (!environment) {
    throw new PayloadError([
      { field: 'deployment.environment', message: 'no environment on the deployment or its status' },
    ]);
  }
  // Created by a GitHub App or bot, or by an Actions workflow (the payload then carries the workflow run).
  const automated =
    p.deployment.creator?.type === 'Bot' ||
    p.deployment.performed_via_github_app != null ||
    p.deployment_status.performed_via_github_app != null ||
    p.workflow_run != null;
  const url = link(p.deployment_status.target_url);
  const event: DeploymentEvent = {
    // A failed attempt and a later successful one of the same deployment are two events.
    id: `github:deployment:${p.deployment.id}${status === 'success' ? '' : ':failure'}`,
    type: 'deployment',
    time: p.deployment_status.created_at,
    service: p.repository.full_name,
    repository: p.repository.full_name,
    environment,
    status,
    sha: p.deployment.sha.toLowerCase(),
    automated,
    ...(url && { url }),
  };
  return { events: [event] };
}

const pushGate = z.object({ ref: z.string(), deleted: z.boolean().optional(), repository: repositoryWithBranch });

const pushPayload = z.object({
  after: sha,
  commits: z.array(z.object({ id: sha, timestamp: time })).max(10_000),
  repository: repositoryWithBranch,
});

function push(payload: unknown): Parsed {
  const gate = read(pushGate, payload);
  if (gate.deleted) return ignore('branch or tag deletion');
  if (!gate.ref.startsWith('refs/heads/')) return ignore('tag push');
  const defaultRef = `refs/heads/${gate.repository.default_branch}`;
  if (gate.ref !== defaultRef) return ignore('push to a branch other than the default branch');
  const p = read(pushPayload, payload);
  if (p.commits.length === 0) return ignore('push without commits');
  // Every listed commit, not only `distinct` ones: a fast-forwarded feature branch's commits reach the main line here.
  const commits = p.commits.map((c) => ({ sha: c.id.toLowerCase(), time: c.timestamp }));
  const event: CommitsPushedEvent = {
    id: `github:push:${p.repository.full_name.toLowerCase()}:${p.after.toLowerCase()}`,
    type: 'commits.pushed',
    // The newest commit, not repository.pushed_at: a sha deployed from its branch before the fast-forward to the
    // default branch must still count as announced before that deployment.
    time: commits.reduce((a, c) => (c.time > a ? c.time : a), commits[0]!.time),
    repository: p.repository.full_name,
    head: p.after.toLowerCase(),
    commits,
  };
  return { events: [event] };
}

const actionGate = z.object({ action: z.string() });

const pullRequestPayload = z.object({
  pull_request: z.object({
    id: z.number().int(),
    number: z.number().int(),
    merged: z.boolean().nullish(),
    merged_at: time.nullish(),
    created_at: time,
    merge_commit_sha: sha.nullish(),
    additions: z.number().int().min(0).optional(),
    deletions: z.number().int().min(0).optional(),
    html_url: z.string().optional(),
    base: z.object({ ref: z.string() }),
  }),
  repository: repositoryWithBranch,
});

function pullRequest(payload: unknown): Parsed {
  const { action } = read(actionGate, payload);
  if (action !== 'closed') return ignore(`pull_request "${action.slice(0, 32)}" is not a merge`);
  const p = read(pullRequestPayload, payload);
  const pr = p.pull_request;
  if (!pr.merged) return ignore('pull request closed without merging');
  if (!pr.merged_at) {
    throw new PayloadError([{ field: 'pull_request.merged_at', message: 'must be set on a merged pull request' }]);
  }
  if (pr.base.ref !== p.repository.default_branch) return ignore('merged into a branch other than the default branch');
  const url = link(pr.html_url);
  // The payload has no commit times: firstCommitAt stays unknown, and lead time starts at the pushed commits.
  const event: ChangeMergedEvent = {
    id: `github:pull_request:${pr.id}`,
    type: 'change.merged',
    time: pr.merged_at,
    repository: p.repository.full_name,
    change: `${p.repository.full_name}#${pr.number}`,
    openedAt: pr.created_at,
    mergedAt: pr.merged_at,
    ...(pr.merge_commit_sha && { sha: pr.merge_commit_sha.toLowerCase() }),
    ...(pr.additions !== undefined && { additions: pr.additions }),
    ...(pr.deletions !== undefined && { deletions: pr.deletions }),
    ...(url && { url }),
  };
  return { events: [event] };
}

const workflowRunPayload = z.object({
  workflow: z.object({ name: z.string().nullish(), path: z.string().nullish() }).nullish(),
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    path: z.string().nullish(),
    conclusion: z.string().nullable(),
    run_attempt: z.number().int().min(1).optional(),
    created_at: time,
    run_started_at: time.nullish(),
    updated_at: time,
  }),
  repository,
});

/** `action_required` and `stale` runs never did their work, so they say nothing about CI. */
const CONCLUSIONS: Record<string, PipelineFinishedEvent['status']> = {
  success: 'success',
  neutral: 'success',
  failure: 'failure',
  startup_failure: 'error',
  cancelled: 'cancellation',
  timed_out: 'timeout',
  skipped: 'skip',
};

function workflowRun(payload: unknown): Parsed {
  const { action } = read(actionGate, payload);
  if (action !== 'completed') return ignore(`workflow_run "${action.slice(0, 32)}" has not finished`);
  const p = read(workflowRunPayload, payload);
  const run = p.workflow_run;
  const status = run.conclusion ? CONCLUSIONS[run.conclusion] : undefined;
  if (!status) return ignore(`workflow run concluded "${String(run.conclusion).slice(0, 32)}"`);
  const started = Date.parse(run.run_started_at ?? run.created_at);
  const name = [run.name, p.workflow?.name, run.path, p.workflow?.path].find((n) => n) ?? `workflow run ${run.id}`;
  const event: PipelineFinishedEvent = {
    id: `github:workflow_run:${run.id}:${run.run_attempt ?? 1}`,
    type: 'pipeline.finished',
    time: run.updated_at,
    pipeline: name.slice(0, 512),
    status,
    durationSeconds: Math.max(0, (Date.parse(run.updated_at) - started) / 1000),
    repository: p.repository.full_name,
  };
  return { events: [event] };
}

const HANDLERS: Record<string, (payload: unknown) => Parsed> = {
  deployment_status: deploymentStatus,
  push,
  pull_request: pullRequest,
  workflow_run: workflowRun,
  ping: () => ignore('ping: the webhook reaches the exporter'),
};

/** Pure: a GitHub delivery (event and delivery headers, raw body) to normalized events. */
export function parseGithub(request: SourceRequest): ParseOutcome {
  const deliveryId = header(request, 'x-github-delivery', 'X-GitHub-Delivery');
  const event = header(request, 'x-github-event', 'X-GitHub-Event');
  const payload = jsonObject(request.body, 'a JSON object (a GitHub webhook payload)');
  const handler = HANDLERS[event];
  const parsed: Parsed = handler ? handler(payload) : ignore(`event "${event.slice(0, 64)}" is not used`);
  return { deliveryId, ...parsed };
}
