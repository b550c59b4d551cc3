import { isRfc3339 } from '@dora-guarantee/scoring';
import { z } from 'zod';

/**
 * The generic event API's contract (docs/event-api.md). Objects are strict: a misspelt optional field is an error
 * rather than a silently missing number in a contract that pays money.
 */
const time = z.string().refine(isRfc3339, { message: 'must be an RFC 3339 timestamp, e.g. 2026-06-01T10:00:00Z' });
const text = z.string().min(1).max(512);
const id = z.string().min(1).max(256);
const count = z.number().int().min(0);

const base = {
  id,
  time,
  team: text.optional(),
};

const commit = z.object({ sha: z.string().min(1).max(64), time }).strict();

const deployment = z
  .object({
    ...base,
    type: z.literal('deployment'),
    service: text,
    repository: text.optional(),
    environment: text,
    status: z.enum(['success', 'failure']),
    sha: z.string().min(1).max(64).optional(),
    commits: z.array(commit).max(10_000).optional(),
    kind: z.enum(['planned', 'rollback', 'hotfix', 'remediation']).optional(),
    automated: z.boolean().optional(),
    remediates: id.optional(),
    url: z.url().max(2048).optional(),
  })
  .strict();

const commitsPushed = z
  .object({
    ...base,
    type: z.literal('commits.pushed'),
    service: text.optional(),
    repository: text.optional(),
    head: z.string().min(1).max(64).optional(),
    commits: z.array(commit).min(1).max(10_000),
  })
  .strict()
  .refine((e) => e.service !== undefined || e.repository !== undefined, {
    message: 'needs "service" or "repository"',
    path: ['service'],
  });

const incidentOpened = z
  .object({
    ...base,
    type: z.literal('incident.opened'),
    incident: id,
    service: text.optional(),
    deployment: id.optional(),
    rootCauseSha: z.string().min(1).max(64).optional(),
    startedAt: time.optional(),
    detectedBy: z.enum(['alert', 'person']).optional(),
    url: z.url().max(2048).optional(),
  })
  .strict();

const incidentResolved = z.object({ ...base, type: z.literal('incident.resolved'), incident: id }).strict();

const pipelineFinished = z
  .object({
    ...base,
    type: z.literal('pipeline.finished'),
    pipeline: text,
    status: z.enum(['success', 'failure', 'cancellation', 'error', 'skip', 'timeout']),
    durationSeconds: z.number().min(0),
    service: text.optional(),
    repository: text.optional(),
  })
  .strict();

const testsFinished = z
  .object({
    ...base,
    type: z.literal('tests.finished'),
    passed: count,
    failed: count,
    skipped: count,
    durationSeconds: z.number().min(0).optional(),
    coverage: z.number().min(0).max(1).optional(),
    service: text.optional(),
  })
  .strict();

const migrationFinished = z
  .object({ ...base, type: z.literal('migration.finished'), service: text, status: z.enum(['success', 'failure']) })
  .strict();

const changeMerged = z
  .object({
    ...base,
    type: z.literal('change.merged'),
    service: text.optional(),
    repository: text.optional(),
    change: id,
    openedAt: time,
    mergedAt: time,
    firstCommitAt: time.optional(),
    sha: z.string().min(1).max(64).optional(),
    additions: count.optional(),
    deletions: count.optional(),
    url: z.url().max(2048).optional(),
  })
  .strict()
  .refine((e) => e.service !== undefined || e.repository !== undefined, {
    message: 'needs "service" or "repository"',
    path: ['service'],
  });

export const eventSchema = z.discriminatedUnion('type', [
  deployment,
  commitsPushed,
  incidentOpened,
  incidentResolved,
  pipelineFinished,
  testsFinished,
  migrationFinished,
  changeMerged,
]);
