import type { z } from 'zod';
import { PayloadError, type ParseOutcome } from './types';

/** What a parser's handler of one event kind returns: the events, or why there are none. */
export type Parsed = Pick<ParseOutcome, 'events' | 'ignored'>;
export const ignore = (reason: string): Parsed => ({ events: [], ignored: reason });

/** The body as JSON; malformed JSON is a 400 that says where it broke. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new PayloadError([{ field: '(body)', message: `not valid JSON: ${(e as Error).message}` }]);
  }
}

/** The body as a JSON object; anything else is a 400 naming what was expected. */
export function jsonObject(body: Buffer, expected = 'a JSON object'): Record<string, unknown> {
  const value = parseJson(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError([{ field: '(body)', message: `must be ${expected}` }]);
  }
  return value as Record<string, unknown>;
}

/**
 * Validates only the fields a parser consumes (providers keep adding fields), reporting each wrong one by its path
 * in the payload, e.g. `deployment.sha`, under `prefix` when the value is a part of the payload.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new PayloadError(
    parsed.error.issues.slice(0, 100).map((issue) => ({
      field: [...prefix, ...issue.path].map(String).join('.') || '(body)',
      message: issue.message,
    })),
  );
}

/** A link kept on an event only when it is an http(s) URL of sane length. */
export function httpLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
