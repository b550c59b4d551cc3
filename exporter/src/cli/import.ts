import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NormalizedEvent } from '@dora-guarantee/scoring';
import { assignEvents, countUnmapped } from '../sources/assign';
import { MAX_EVENTS_PER_REQUEST, parseGeneric } from '../sources/generic/parse';
import { PayloadError } from '../sources/types';
import { SqliteEventStore } from '../store/sqlite/store';
import { UsageError, flags } from './args';
import { configFrom } from './context';

/**
 * Backfills an NDJSON file of generic events. The whole file is validated before anything is stored: one bad
 * line stores nothing. Events share the generic API's id space, so an event sent both ways is stored once, and
 * importing the same file twice adds nothing.
 */
export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { config: { type: 'string' }, data: { type: 'string' } });
  const file = positionals[0];
  if (!file) throw new UsageError('give the NDJSON file to import');
  const config = configFrom(values);

  const lines = readFileSync(file, 'utf8').split('\n');
  const chunks: { body: Buffer; events: NormalizedEvent[] }[] = [];
  const problems: string[] = [];
  for (let start = 0; start < lines.length; start += MAX_EVENTS_PER_REQUEST) {
    const slice = lines.slice(start, start + MAX_EVENTS_PER_REQUEST);
    if (slice.every((l) => l.trim() === '')) continue;
    const body = Buffer.from(slice.join('\n'));
    try {
      chunks.push({ body, events: parseGeneric({ headers: {}, body, contentType: 'application/x-ndjson' }).events });
    } catch (e) {
      if (!(e instanceof PayloadError)) throw e;
      for (const p of e.problems)
        problems.push(
          `${file}: ${p.message.startsWith('line ') ? '' : `event ${start + (p.index ?? 0) + 1}: `}${p.field}: ${p.message}`,
        );
    }
  }
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\nnothing was imported\n`);
    return 1;
  }

  const store = new SqliteEventStore(config.server.dataDir);
  let fresh = 0;
  let known = 0;
  let unassignedTotal = 0;
  try {
    for (const chunk of chunks) {
      const { assigned, unmapped } = assignEvents(chunk.events, config.directory, (i) => store.teamOfIncident(i));
      const result = await store.append(
        {
          source: 'generic',
          deliveryId: createHash('sha256').update(chunk.body).digest('hex'),
          receivedAt: Date.now(),
          contentType: 'application/x-ndjson',
          headers: {},
          body: chunk.body,
        },
        assigned,
      );
      fresh += result.newEvents;
      known += result.duplicateDelivery ? chunk.events.length : result.duplicateEvents;
      unassignedTotal += countUnmapped(result.stored, unmapped);
    }
  } finally {
    store.close();
  }
  process.stdout.write(`${file}: ${fresh} new, ${known} already stored, ${unassignedTotal} unassigned\n`);
  return 0;
}
