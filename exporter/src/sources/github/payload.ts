import { isRfc3339, parseTime, toIso } from '@dora-guarantee/scoring';
import { z } from 'zod';
import { PayloadError } from '../types';

/** The body as a JSON object; anything else is a 400 naming the body. */
export function jsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new PayloadError([{ field: '(body)', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError([{ field: '(body)', message: 'must be a JSON object (a GitHub webhook payload)' }]);
  }
  return value as Record<string, unknown>;
}

/**
 * Validates only the fields a parser consumes (GitHub keeps adding fields), reporting each wrong one by its path
 * in the payload, e.g. `deployment.sha`.
 */
export function read<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new PayloadError(
    parsed.error.issues.slice(0, 20).map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : '(body)',
      message: issue.message,
    })),
  );
}

/** An RFC 3339 timestamp, normalized to UTC. */
export const time = z
  .string()
  .refine(isRfc3339, { message: 'must be an RFC 3339 timestamp, e.g. 2019-05-15T15:20:55Z' })
  .transform((v) => toIso(parseTime(v)));

export const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/i, 'must be a 40 (or 64) hex digit commit id');
export const text = z.string().min(1).max(512);

/** A link kept on the event only when it is an http(s) URL of sane length. */
export function link(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048 || !/^https?:\/\//.test(value)) return undefined;
  return URL.canParse(value) ? value : undefined;
}
