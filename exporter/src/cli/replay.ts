import { SOURCE_FACTORIES } from '../sources';
import { assignEvents } from '../sources/assign';
import { PayloadError, type Source } from '../sources/types';
import { SqliteEventStore } from '../store/sqlite/store';
import { flags } from './args';
import { configFrom } from './context';

/**
 * Re-parses every stored raw payload with today's parsers and team map, replacing the events derived from it.
 * Authentication is not repeated: only payloads that passed it were ever stored.
 */
export async function replayCommand(argv: string[]): Promise<number> {
  const { values } = flags(argv, { config: { type: 'string' }, data: { type: 'string' }, source: { type: 'string' } });
  const config = configFrom(values);
  const sources = new Map<string, Source>();
  for (const [name, { factory }] of Object.entries(SOURCE_FACTORIES)) {
    const source = factory(config);
    if (source) sources.set(name, source);
  }
  const store = new SqliteEventStore(config.server.dataDir);
  const tally = { replayed: 0, skipped: 0, failed: 0, events: 0 };
  try {
    for (const delivery of [...store.deliveries(values.source)]) {
      const source = sources.get(delivery.source);
      if (!source) {
        tally.skipped++;
        continue;
      }
      try {
        const outcome = source.parse({
          headers: delivery.headers,
          body: delivery.body,
          contentType: delivery.contentType,
        });
        const { assigned } = assignEvents(outcome.events, config.directory, (i) => store.teamOfIncident(i));
        store.replaceDeliveryEvents(delivery.source, delivery.deliveryId, assigned);
        tally.replayed++;
        tally.events += assigned.length;
      } catch (e) {
        if (!(e instanceof PayloadError)) throw e;
        tally.failed++;
        process.stderr.write(`${delivery.source} ${delivery.deliveryId}: no longer parses: ${e.message}\n`);
      }
    }
    // Derived per-sprint facts may rest on events that a fixed parser no longer produces.
    store.clearCache();
  } finally {
    store.close();
  }
  process.stdout.write(
    `replayed ${tally.replayed} deliveries into ${tally.events} events; ${tally.skipped} from sources not configured, ${tally.failed} that no longer parse\n`,
  );
  return tally.failed ? 1 : 0;
}
