import { isRfc3339 } from '@dora-guarantee/scoring';
import { z } from 'zod';

/**
 * The parts of a CDEvent (spec v0.4 and v0.5) this exporter reads. Only used fields are checked, and unknown ones
 * pass, so a producer's extensions never break ingestion.
 */
const time = z.string().refine(isRfc3339, { message: 'must be an RFC 3339 timestamp' });
const text = z.string().min(1).max(512);
const id = z.string().min(1).max(256);
const count = z.number().int().min(0);

export const cdevent = z.object({
  context: z.object({ id, source: text, type: text, timestamp: time }),
  subject: z.object({ id, source: z.string().max(512).optional(), content: z.record(z.string(), z.unknown()) }),
  customData: z.unknown().optional(),
});
export type CdEvent = z.infer<typeof cdevent>;

const ref = z.object({ id: text, source: z.string().max(512).optional() });

export const serviceContent = z.object({ environment: ref, artifactId: z.string().max(2048).optional() });
export const changeContent = z.object({ repository: ref });
export const incidentContent = z.object({
  environment: ref,
  service: ref.optional(),
  description: z.string().optional(),
  ticketURI: z.string().optional(),
});
export const pipelineContent = z.object({
  pipelineName: text.optional(),
  outcome: z.string().min(1, { message: 'required to count the run' }),
  url: z.string().optional(),
  uri: z.string().optional(),
});
const testOutcome = z.enum(['pass', 'fail', 'cancel', 'error']);
export const testContent = z
  .object({
    outcome: testOutcome.optional(),
    // An early v0.4 draft named the field `status`.
    status: testOutcome.optional(),
    testSuite: z.object({ id: text, name: z.string().optional() }).optional(),
  })
  .refine((c) => c.outcome !== undefined || c.status !== undefined, {
    message: 'required: one of pass, fail, cancel, error',
    path: ['outcome'],
  });

/**
 * `customData.dora`: facts a CDEvent has no field for (a merge's opening time and commit, a run's duration, test
 * counts, the service of a pipeline). Namespaced so other tools' customData is never misread; strict so a
 * misspelt key is an error rather than a silently missing number.
 */
export const doraData = z
  .object({
    service: text.optional(),
    sha: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/i, 'must be a hexadecimal commit id')
      .optional(),
    openedAt: time.optional(),
    firstCommitAt: time.optional(),
    additions: count.optional(),
    deletions: count.optional(),
    startedAt: time.optional(),
    durationSeconds: z.number().min(0).optional(),
    passed: count.optional(),
    failed: count.optional(),
    skipped: count.optional(),
    coverage: z.number().min(0).max(1).optional(),
  })
  .strict();
export type DoraData = z.infer<typeof doraData>;
