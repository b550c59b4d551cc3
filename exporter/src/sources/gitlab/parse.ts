import { createHash } from 'node:crypto';
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

const project = z.object({ path_with_namespace: text });
const projectWithBranch = z.object({ path_with_namespace: text, default_branch: z.string().nullish() });

const MAX_ID = 256;

function bounded(value: string | undefined, label: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_ID)
    throw new PayloadError([{ field: label, message: `header longer than ${MAX_ID} characters` }]);
  return value;
}

/**
 * `Idempotency-Key` (17.4+, the same on retries and on "Resend request"), else `webhook-id` (which GitLab sets to
 * the same value), else the event UUID. One event UUID can be shared by the hooks an action triggers (a merge sends
 * a push, a merge request and pipeline hooks), so it is combined with a hash of the body, which a retry repeats.
 */
function deliveryId(request: SourceRequest): string {
  const key =
    bounded(request.headers['idempotency-key'], 'Idempotency-Key') ??
    bounded(request.headers['webhook-id'], 'webhook-id');
  if (key !== undefined) return key;
  const digest = createHash('sha256').update(request.body).digest('hex');
  const uuid = bounded(request.headers['x-gitlab-event-uuid'], 'X-Gitlab-Event-UUID');
  return uuid !== undefined ? `${uuid}:${digest.slice(0, 32)}` : digest;
}

const deploymentGate = z.object({ status: z.string() });

const deploymentPayload = z.object({
  deployment_id: z.number().int(),
  status_changed_at: time,
  environment: text,
  environment_tier: z.string().nullish(),
  deployable_id: z.number().int().nullish(),
  deployable_url: z.string().nullish(),
  commit_url: z.string().nullish(),
  project,
});

const DEPLOYMENT_STATUSES: Record<string, DeploymentEvent['status']> = { success: 'success', failed: 'failure' };
const TIERS = new Set(['production', 'staging', 'testing', 'development', 'other']);

function deployment(payload: unknown): Parsed {
  const { status: state } = read(deploymentGate, payload);
  const status = DEPLOYMENT_STATUSES[state];
  if (!status) return ignore(`deployment "${state.slice(0, 32)}" has not finished`);
  const p = read(deploymentPayload, payload);
  // The hook names only a short sha; the full one is the last segment of commit_url.
  const full = /\/commit\/([0-9a-f]{40}(?:[0-9a-f]{24})?)\/?$/i.exec(p.commit_url ?? '')?.[1];
  // GitLab's own classification (production, staging, …) rather than free-form names like review/feature-x.
  const environment = p.environment_tier && TIERS.has(p.environment_tier) ? p.environment_tier : p.environment;
  const url = link(p.deployable_url);
  const event: DeploymentEvent = {
    id: `gitlab:deployment:${p.deployment_id}${status === 'success' ? '' : ':failure'}`,
    type: 'deployment',
    time: p.status_changed_at,
    service: p.project.path_with_namespace,
    repository: p.project.path_with_namespace,
    environment,
    status,
    ...(full && { sha: full.toLowerCase() }),
    // A CI job ran it; deployments made through the API or a trigger have no deployable job.
    automated: typeof p.deployable_id === 'number',
    ...(url && { url }),
  };
  return { events: [event] };
}

const mergeGate = z.object({ object_attributes: z.object({ action: z.string().nullish() }) });

const mergePayload = z.object({
  object_attributes: z.object({
    id: z.number().int(),
    iid: z.number().int(),
    target_branch: z.string(),
    created_at: time,
    updated_at: time,
    merge_commit_sha: sha.nullish(),
    url: z.string().nullish(),
  }),
  project: projectWithBranch,
});

function mergeRequest(payload: unknown): Parsed {
  const { action } = read(mergeGate, payload).object_attributes;
  if (action !== 'merge') return ignore(`merge request "${String(action).slice(0, 32)}" is not a merge`);
  const p = read(mergePayload, payload);
  const mr = p.object_attributes;
  if (p.project.default_branch && mr.target_branch !== p.project.default_branch) {
    return ignore('merged into a branch other than the default branch');
  }
  const url = link(mr.url);
  // The hook carries no merged_at: a merge is the update that sends it. No commit times and no sizes either.
  const event: ChangeMergedEvent = {
    id: `gitlab:merge_request:${mr.id}`,
    type: 'change.merged',
    time: mr.updated_at,
    repository: p.project.path_with_namespace,
    change: `${p.project.path_with_namespace}!${mr.iid}`,
    openedAt: mr.created_at,
    mergedAt: mr.updated_at,
    ...(mr.merge_commit_sha && { sha: mr.merge_commit_sha.toLowerCase() }),
    ...(url && { url }),
  };
  return { events: [event] };
}

const pipelineGate = z.object({ object_attributes: z.object({ status: z.string() }) });

const pipelinePayload = z.object({
  object_attributes: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    created_at: time,
    finished_at: time.nullish(),
    duration: z.number().min(0).nullish(),
  }),
  project,
});

const PIPELINE_STATUSES: Record<string, PipelineFinishedEvent['status']> = {
  success: 'success',
  failed: 'failure',
  canceled: 'cancellation',
  skipped: 'skip',
};

function pipeline(payload: unknown): Parsed {
  const { status: state } = read(pipelineGate, payload).object_attributes;
  const status = PIPELINE_STATUSES[state];
  if (!status) return ignore(`pipeline "${state.slice(0, 32)}" has not finished`);
  const p = read(pipelinePayload, payload);
  const run = p.object_attributes;
  const finished = run.finished_at ?? run.created_at;
  // `duration` is the running time GitLab measured; without it, the wall time from creation.
  const durationSeconds = run.duration ?? Math.max(0, (Date.parse(finished) - Date.parse(run.created_at)) / 1000);
  const event: PipelineFinishedEvent = {
    // A retried pipeline finishes again under the same id, at a later time.
    id: `gitlab:pipeline:${run.id}:${finished}`,
    type: 'pipeline.finished',
    time: finished,
    pipeline: (run.name || p.project.path_with_namespace).slice(0, 512),
    status,
    durationSeconds,
    repository: p.project.path_with_namespace,
  };
  return { events: [event] };
}

const pushGate = z.object({ ref: z.string(), after: z.string(), project: projectWithBranch });

const pushPayload = z.object({
  after: sha,
  commits: z.array(z.object({ id: sha, timestamp: time })).max(10_000),
  project,
});

function push(payload: unknown): Parsed {
  const gate = read(pushGate, payload);
  if (/^0+$/.test(gate.after)) return ignore('branch deletion');
  if (!gate.project.default_branch || gate.ref !== `refs/heads/${gate.project.default_branch}`) {
    return ignore('push to a branch other than the default branch');
  }
  const p = read(pushPayload, payload);
  if (p.commits.length === 0) return ignore('push without commits');
  const commits = p.commits.map((c) => ({ sha: c.id.toLowerCase(), time: c.timestamp }));
  const event: CommitsPushedEvent = {
    id: `gitlab:push:${p.project.path_with_namespace.toLowerCase()}:${p.after.toLowerCase()}`,
    type: 'commits.pushed',
    // The hook has no push time; the newest commit is the closest the payload knows.
    time: commits.reduce((a, c) => (c.time > a ? c.time : a), commits[0]!.time),
    repository: p.project.path_with_namespace,
    head: p.after.toLowerCase(),
    commits,
  };
  return { events: [event] };
}

const HANDLERS: Record<string, (payload: unknown) => Parsed> = {
  deployment,
  merge_request: mergeRequest,
  pipeline,
  push,
};

/** Pure: a GitLab delivery (id headers, raw body) to normalized events, dispatched on the body's `object_kind`. */
export function parseGitlab(request: SourceRequest): ParseOutcome {
  const id = deliveryId(request);
  const payload = jsonObject(request.body, 'a JSON object (a GitLab webhook payload)');
  const kind = payload.object_kind;
  if (typeof kind !== 'string') return { deliveryId: id, ...ignore('event without object_kind is not used') };
  const handler = HANDLERS[kind];
  return { deliveryId: id, ...(handler ? handler(payload) : ignore(`object_kind "${kind.slice(0, 64)}" is not used`)) };
}
