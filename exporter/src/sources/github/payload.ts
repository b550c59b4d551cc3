import { isRfc3339, parseTime, toIso } from '@dora-guarantee/scoring';
import { z } from 'zod';

/** An RFC 3339 timestamp, normalized to UTC. */
export const time = z
  .string()
  .refine(isRfc3339, { message: 'must be an RFC 3339 timestamp, e.g. 2019-05-15T15:20:55Z' })
  .transform((v) => toIso(parseTime(v)));

export const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/i, 'must be a 40 (or 64) hex digit commit id');
export const text = z.string().min(1).max(512);
