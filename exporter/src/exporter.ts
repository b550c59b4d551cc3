import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createApp } from './app';
import type { Config } from './config/load';
import { type Logger, createLogger } from './logger';
import { registerCollectors } from './metrics/collectors';
import { createSelfMetrics } from './metrics/self';
import { SqliteEventStore } from './store/sqlite/store';
import type { EventStore } from './store/types';
import { createApiRouter } from './api/router';
import { TeamEvaluator } from './aggregate/evaluator';
import { surveysRouter } from './surveys/routes';

export interface RunningExporter {
  port: number;
  store: EventStore;
  registry: Registry;
  evaluator: TeamEvaluator;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger?: Logger;
  /** Overrides config.server.port (0 picks a free port). */
  port?: number;
  host?: string;
  dataDir?: string;
  /** Evaluation time for tests; the wall clock otherwise. */
  now?: () => number;
}

/** Assembles store, metrics, aggregation and HTTP app, and starts listening. */
export async function startExporter(options: StartOptions): Promise<RunningExporter> {
  const { config } = options;
  const logger = options.logger ?? createLogger();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const self = createSelfMetrics(registry);
  const store = new SqliteEventStore(options.dataDir ?? config.server.dataDir, {
    onCommit: (seconds) => self.storeWrite.observe(seconds),
  });
  // Seeded from the store: an exporter restarted during a source's silence would otherwise have no timestamp for it,
  // and the silence alert could never fire.
  for (const { source, receivedAt } of store.lastDeliveryTimes()) self.lastEvent.set({ source }, receivedAt / 1000);
  const now = options.now ?? Date.now;
  const evaluator = new TeamEvaluator(config, store, now);
  registerCollectors(registry, { config, store, evaluator, self, now, logger });

  const app = createApp({
    config,
    store,
    registry,
    self,
    logger,
    routers: [
      { path: '/api/v1', router: createApiRouter({ config, evaluator, store, now }) },
      { path: '/api/v1', router: surveysRouter({ config, store, logger, now }) },
    ],
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? config.server.port, options.host ?? config.server.host, (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, dataDir: options.dataDir ?? config.server.dataDir, teams: config.teams.length },
    'exporter listening',
  );
  // Linking a large history takes seconds (docs/benchmarks.md, "Exporter scrape"). Done right after listening, it
  // is over before Prometheus' first scrape, which would otherwise pay for it and could hit its scrape timeout;
  // requests arriving meanwhile wait in the listen backlog instead of being refused.
  const warmUp = setImmediate(() => {
    const started = performance.now();
    try {
      evaluator.refresh();
      logger.info({ teams: config.teams.length, ms: Math.round(performance.now() - started) }, 'evaluation warmed up');
    } catch (e) {
      // The first scrape computes it again and counts the failure as a collector error.
      logger.warn({ err: { message: (e as Error)?.message } }, 'evaluation warm-up failed');
    }
  });

  return {
    port,
    store,
    registry,
    evaluator,
    close: () =>
      new Promise<void>((resolve) => {
        clearImmediate(warmUp);
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
