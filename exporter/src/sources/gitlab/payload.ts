import { isRfc3339, parseTime, toIso } from '@dora-guarantee/scoring';
import { z } from 'zod';

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
