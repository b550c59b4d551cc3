import { buildConfig, type Config, loadConfigFile } from '../config/load';
import { DemoAnchorError, readDemoAnchor, writeDemoAnchor } from '../demo/anchor';
import { DEFAULT_DEMO_SEED, generateDemo } from '../demo/generate';
import { writeDemo } from '../demo/store';
import { iso } from '../demo/time';
import { demoApiToken } from '../demo/token';
import type { Logger } from '../logger';
import { SqliteEventStore } from '../store/sqlite/store';
import { UsageError } from './args';

/** Where `serve` and `demo` keep the demo when no --data is given (relative to the working directory). */
export const DEFAULT_DEMO_DATA_DIR = '.data/demo';

/** Loads --config and applies --data over it; every command that reads the store starts here. */
export function configFrom(values: { config?: string | undefined; data?: string | undefined }): Config {
  if (!values.config) throw new UsageError('--config FILE is required');
  const config = loadConfigFile(values.config);
  if (values.data) config.server = { ...config.server, dataDir: values.data };
  return config;
}

/** The demo's seed and anchor in a data directory; a directory of other data is refused, never mixed. */
export function demoAnchorFor(
  dataDir: string,
  store: SqliteEventStore,
  wanted: { seed?: number | undefined; now?: number | undefined },
): { seed: number; now: number; fresh: boolean } {
  let anchor;
  try {
    anchor = readDemoAnchor(dataDir);
  } catch (e) {
    if (e instanceof DemoAnchorError) throw new UsageError(e.message);
    throw e;
  }
  if (anchor) {
    const now = Date.parse(anchor.now);
    if (
      (wanted.seed !== undefined && wanted.seed !== anchor.seed) ||
      (wanted.now !== undefined && wanted.now !== now)
    ) {
      throw new UsageError(
        `${dataDir} already holds the demo for seed ${anchor.seed} anchored at ${anchor.now}; use another --data directory or delete this one`,
      );
    }
    return { seed: anchor.seed, now, fresh: false };
  }
  if (store.eventCount() > 0) {
    throw new UsageError(`${dataDir} holds events the demo did not write; use a fresh --data directory for the demo`);
  }
  const seed = wanted.seed ?? DEFAULT_DEMO_SEED;
  const now = wanted.now ?? Date.parse(iso(Date.now()));
  writeDemoAnchor(dataDir, { seed, now: iso(now) });
  return { seed, now, fresh: true };
}

/**
 * `serve` without --config: the demo configuration on a local data directory, with the demo history written
 * first when the store is empty, so a fresh clone shows a populated exporter.
 */
export async function demoServeConfig(dataDir: string, logger: Logger, env = process.env): Promise<Config> {
  const store = new SqliteEventStore(dataDir);
  let config: Config;
  try {
    const { seed, now } = demoAnchorFor(dataDir, store, {});
    const token = demoApiToken(dataDir, env);
    const demo = generateDemo({ seed, now, apiToken: token.ref, env, dataDir });
    config = buildConfig(demo.config, env);
    if (store.eventCount() === 0) {
      const written = await writeDemo(demo, { dataDir, store, config });
      logger.info(
        { dataDir, seed, anchor: iso(now), events: written.newEvents, parts: written.parts },
        'demo history written',
      );
    }
    if (token.file) {
      logger.info(
        { tokenFile: token.file },
        `demo API token ${token.created ? 'written to' : 'read from'} the file; send it as a bearer token`,
      );
    }
    logger.info({ dataDir, seed, anchor: iso(now) }, 'no --config: running the demo configuration');
  } finally {
    store.close();
  }
  return config;
}
