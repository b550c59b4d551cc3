import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '@dora-guarantee/scoring';
import { PayloadError, type ParseOutcome, type Problem, type SourceRequest } from '../types';
import { eventSchema } from './schema';

export const MAX_EVENTS_PER_REQUEST = 5000;
export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

function field(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(event)';
}

/** Splits the body into raw JSON values: one object, an array of them, or one per NDJSON line. */
function documents(request: SourceRequest): unknown[] {
  const text = request.body.toString('utf8');
  if (NDJSON_TYPES.includes(request.contentType)) {
    const values: unknown[] = [];
    const problems: Problem[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line));
      } catch (e) {
        problems.push({
          index: values.length,
          field: '(body)',
          message: `line ${i + 1} is not valid JSON: ${(e as Error).message}`,
        });
      }
    });
    if (problems.length) throw new PayloadError(problems);
    return values;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PayloadError([{ field: '(body)', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * Parses and validates a whole batch; any invalid event rejects all of it, listing every problem by index.
 * The delivery id is the body's hash, so a client retrying the same request is recognised as a duplicate.
 */
export function parseGeneric(request: SourceRequest): ParseOutcome {
  const values = documents(request);
  if (values.length === 0) throw new PayloadError([{ field: '(body)', message: 'no events in the request' }]);
  if (values.length > MAX_EVENTS_PER_REQUEST) {
    throw new PayloadError([
      { field: '(body)', message: `${values.length} events in one request; at most ${MAX_EVENTS_PER_REQUEST}` },
    ]);
  }
  const problems: Problem[] = [];
  const events: NormalizedEvent[] = [];
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const parsed = eventSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ index, field: field(issue.path), message: issue.message });
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push({ index, field: 'id', message: `duplicate id "${parsed.data.id}" within the request` });
      return;
    }
    seen.add(parsed.data.id);
    events.push(parsed.data as NormalizedEvent);
  });
  if (problems.length) throw new PayloadError(problems.slice(0, 100));
  return { deliveryId: createHash('sha256').update(request.body).digest('hex'), events };
}
