import { writeFileSync } from 'node:fs';
import { isRfc3339 } from '@dora-guarantee/scoring';
import { stringify } from 'yaml';
import { buildConfig } from '../config/load';
import { DEMO_SQUADS } from '../demo/squads';
import { generateDemo, toNdjson } from '../demo/generate';
import { writeDemo } from '../demo/store';
import { iso, seconds } from '../demo/time';
import { SqliteEventStore } from '../store/sqlite/store';
import { UsageError, flags } from './args';
import { DEFAULT_DEMO_DATA_DIR, demoAnchorFor } from './context';

function seedFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new UsageError(`--seed must be a whole number ≥ 0, got "${value}"`);
  return n;
}

function nowFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!isRfc3339(value))
    throw new UsageError(`--now must be an RFC 3339 timestamp such as 2026-06-01T10:00:00Z, got "${value}"`);
  return seconds(Date.parse(value));
}

/**
 * Writes the demo history (3 squads, 12 ended sprints and the current one) into the store of --data, through the
 * generic API's validation and team assignment, or with --out to an NDJSON file that `import` takes. The same
 * seed and anchor always give the same bytes; writing into a store twice adds nothing.
 */
export async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    data: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string' },
    'config-out': { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const seed = seedFlag(values.seed);
  const now = nowFlag(values.now);
  const stories = DEMO_SQUADS.map((s) => `  ${s.name} ${s.story}`).join('\n');

  if (values.out !== undefined) {
    const demo = generateDemo({ now: now ?? seconds(Date.now()), ...(seed !== undefined && { seed }) });
    // Only normalized events go to the file; parts that store other records (survey responses) need --data.
    writeFileSync(values.out, toNdjson(demo.events));
    if (values['config-out'] !== undefined) writeFileSync(values['config-out'], stringify(demo.config));
    process.stdout.write(
      `${values.out}: ${demo.events.length} events (seed ${demo.context.seed}, anchored at ${iso(demo.context.now)}, ` +
        `first sprint ${demo.context.calendar.firstSprintStart})\n${stories}\n`,
    );
    return 0;
  }

  const dataDir = values.data ?? DEFAULT_DEMO_DATA_DIR;
  const store = new SqliteEventStore(dataDir);
  try {
    const anchor = demoAnchorFor(dataDir, store, { seed, now });
    // Writing needs only the team map; no token is read because nothing is served.
    const demo = generateDemo({ seed: anchor.seed, now: anchor.now, apiToken: null, dataDir });
    const written = await writeDemo(demo, { dataDir, store, config: buildConfig(demo.config, {}) });
    if (values['config-out'] !== undefined) {
      writeFileSync(
        values['config-out'],
        stringify(generateDemo({ seed: anchor.seed, now: anchor.now, dataDir }).config),
      );
    }
    process.stdout.write(
      `${dataDir}: demo for seed ${anchor.seed} anchored at ${iso(anchor.now)} (first sprint ` +
        `${demo.context.calendar.firstSprintStart}): ${written.newEvents} new events, ${written.duplicateEvents} already stored\n` +
        Object.entries(written.parts)
          .map(([name, r]) => `${name}: ${r.added} new, ${r.existing} already stored\n`)
          .join('') +
        `${stories}\n`,
    );
  } finally {
    store.close();
  }
  return 0;
}
