import type { NormalizedEvent } from '@dora-guarantee/scoring';
import { assignEvents, countUnmapped } from '../sources/assign';
import { MAX_EVENTS_PER_REQUEST, parseGeneric } from '../sources/generic/parse';
import { type Demo, toNdjson } from './generate';
import type { DemoWriteTarget } from './types';

export interface DemoWriteResult {
  newEvents: number;
  duplicateEvents: number;
  unassigned: number;
  /** What each part with its own `write` hook added, by part name. */
  parts: Record<string, { added: number; existing: number }>;
}

/**
 * Stores the demo exactly as the generic API would: NDJSON chunks of at most one request's size are validated by
 * the API's parser, assigned to teams by the configuration and appended durably under the `generic` source.
 * Event ids make it idempotent: writing the same demo again (or importing its NDJSON) adds nothing.
 */
export async function writeDemo(demo: Demo, target: DemoWriteTarget): Promise<DemoWriteResult> {
  const result: DemoWriteResult = { newEvents: 0, duplicateEvents: 0, unassigned: 0, parts: {} };
  const { store, config } = target;
  for (let start = 0; start < demo.events.length; start += MAX_EVENTS_PER_REQUEST) {
    const chunk: NormalizedEvent[] = demo.events.slice(start, start + MAX_EVENTS_PER_REQUEST);
    const body = Buffer.from(toNdjson(chunk));
    const contentType = 'application/x-ndjson';
    const outcome = parseGeneric({ headers: {}, body, contentType });
    const { assigned, unmapped } = assignEvents(outcome.events, config.directory, (i) => store.teamOfIncident(i));
    const appended = await store.append(
      { source: 'generic', deliveryId: outcome.deliveryId, receivedAt: Date.now(), contentType, headers: {}, body },
      assigned,
    );
    if (appended.duplicateDelivery) {
      result.duplicateEvents += chunk.length;
      continue;
    }
    result.newEvents += appended.newEvents;
    result.duplicateEvents += appended.duplicateEvents;
    result.unassigned += countUnmapped(appended.stored, unmapped);
  }
  for (const part of demo.parts) {
    if (part.write) result.parts[part.name] = await part.write(demo.context, target);
  }
  return result;
}
