import { z } from 'zod';
import { DIMENSIONS } from './types';

/** Ids become JSON keys and (capabilities) label values: lower snake case keeps them stable and bounded. */
const snakeId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and "_", starting with a letter');

/** A survey id is a URL path segment. */
const surveyId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-", starting with a letter or digit');

const question = z
  .object({
    id: snakeId,
    text: z.string().min(1).max(500),
    /** What the item is based on; shown by the API so readers can judge it. */
    basedOn: z.string().min(1).max(500).optional(),
    dimension: z.enum(DIMENSIONS).optional(),
    capability: snakeId.optional(),
    /** An agreement item whose agreement is the bad outcome ("I feel exhausted"). */
    reversed: z.boolean().default(false),
    /** `enps`: "how likely are you to recommend…", 0–10; it feeds the eNPS and no dimension. */
    scale: z.enum(['agreement', 'enps']).default('agreement'),
    /** Other column headers an export may use for this question (e.g. the text of an older form). */
    aliases: z.array(z.string().min(1).max(500)).default([]),
  })
  .strict()
  .superRefine((q, ctx) => {
    const targets = Number(q.dimension !== undefined) + Number(q.capability !== undefined);
    if (q.scale === 'enps') {
      if (targets > 0 || q.reversed)
        ctx.addIssue({ code: 'custom', message: 'an enps question has no dimension, capability or reversed flag' });
    } else if (targets !== 1) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of "dimension" or "capability"' });
    }
  });

export const surveyDefinitionSchema = z
  .object({
    id: surveyId,
    title: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    questions: z.array(question).min(1).max(200),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.questions.forEach((q, i) => {
      if (seen.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
    if (s.questions.filter((q) => q.scale === 'enps').length > 1)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'at most one enps question' });
  });

/**
 * The `surveys` section of the configuration. It takes the config's secret reference schema as an argument so
 * that config/schema.ts can include it without a circular import.
 */
export const surveysSection = <Secret extends z.ZodType>(secretRef: Secret) =>
  z
    .object({
      /** Distinct respondents a team needs in a sprint before anything of it is published; with 2, each would see the other. */
      minRespondents: z.number().int().min(3).max(1000).default(5),
      /** Key of the respondent hash; needed only when responses carry a respondent identity. */
      salt: secretRef.optional(),
      /** Ship the default survey (`developer-research`). */
      builtin: z.boolean().default(true),
      definitions: z.array(surveyDefinitionSchema).default([]),
      /** YAML files with one survey definition each, relative to the configuration file. */
      files: z.array(z.string().min(1)).default([]),
      /** The survey whose results /metrics shows; default the first one (definitions, files, then the built-in). */
      metricsSurvey: surveyId.optional(),
    })
    .strict();

export type SurveyDefinitionInput = z.output<typeof surveyDefinitionSchema>;
