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
    throw new PayloadError([{ field: '(body)', message: 'must be a JSON object (a GitLab webhook payload)' }]);
  }
  return value as Record<string, unknown>;
}

/** Validates only the fields a parser consumes, reporting each wrong one by its path, e.g. `object_attributes.id`. */
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

/** GitLab's Ruby-style times: `2016-08-12 15:23:28 UTC`, `2021-04-28 21:50:00 +0200` (fraction optional). */
const RUBY_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ?(UTC|[+-]\d{2}:?\d{2})$/;

/** A GitLab timestamp (RFC 3339 or the Ruby form hooks also use) as RFC 3339 UTC, or undefined. */
export function gitlabTime(value: string): string | undefined {
  let rfc = value;
  const ruby = RUBY_TIME.exec(value);
  if (ruby) {
    const zone = ruby[3] === 'UTC' ? 'Z' : `${ruby[3]!.slice(0, 3)}:${ruby[3]!.slice(-2)}`;
    rfc = `${ruby[1]}T${ruby[2]}${zone}`;
  }
  return isRfc3339(rfc) ? toIso(parseTime(rfc)) : undefined;
}

export const time = z.string().transform((v, ctx) => {
  const iso = gitlabTime(v);
  if (iso === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a timestamp like 2016-08-12 15:23:28 UTC or 2016-08-12T15:23:28Z',
    });
    return z.NEVER;
  }
  return iso;
});

export const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/i, 'must be a 40 (or 64) hex digit commit id');
export const text = z.string().min(1).max(512);

/** A link kept on the event only when it is an http(s) URL of sane length. */
export function link(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048 || !/^https?:\/\//.test(value)) return undefined;
  return URL.canParse(value) ? value : undefined;
}
