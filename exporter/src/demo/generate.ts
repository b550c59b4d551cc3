import type { NormalizedEvent } from '@dora-guarantee/scoring';
import type { SecretRef } from '../config/schema';
import { demoCalendar, demoSprints } from './calendar';
import { demoConfigDocument } from './config';
import { DEMO_PARTS } from './parts';
import { createRandom } from './random';
import { DEMO_SQUADS } from './squads';
import type { DemoContext, DemoPart } from './types';

export const DEFAULT_DEMO_SEED = 1;

export interface DemoOptions {
  seed?: number;
  /** The anchor instant (epoch ms): it falls in the sprint in progress; nothing happens after it. */
  now: number;
  /** See DemoConfigOptions.apiToken. */
  apiToken?: SecretRef | null;
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
}

export interface Demo {
  context: DemoContext;
  parts: readonly DemoPart[];
  /** The configuration document (what `buildConfig` takes). */
  config: Record<string, unknown>;
  /** Every part's events in time order (ties by id): the same seed and anchor give the same list. */
  events: NormalizedEvent[];
}

export function generateDemo(options: DemoOptions, parts: readonly DemoPart[] = DEMO_PARTS): Demo {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const calendar = demoCalendar(options.now);
  const context: DemoContext = {
    seed,
    now: options.now,
    calendar,
    sprints: demoSprints(calendar),
    squads: DEMO_SQUADS,
    random: (stream) => createRandom(seed, stream),
  };
  let config = demoConfigDocument({
    calendar,
    squads: DEMO_SQUADS,
    ...(options.apiToken !== undefined && { apiToken: options.apiToken }),
    ...(options.env && { env: options.env }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
  });
  for (const part of parts) if (part.config) config = { ...config, ...part.config(context) };
  const events = parts
    .flatMap((part) => part.events?.(context) ?? [])
    .map((event) => ({ at: Date.parse(event.time), event }))
    .sort((a, b) => a.at - b.at || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0))
    .map((t) => t.event);
  return { context, parts, config, events };
}

/** The events as NDJSON, one per line: the format `import` and the generic API take. */
export function toNdjson(events: readonly NormalizedEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}
