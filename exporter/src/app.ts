import express, { type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from './config/load';
import type { Logger } from './logger';
import { metricsHandler } from './metrics/handler';
import { type SelfMetrics, initialiseSourceSeries } from './metrics/self';
import { SOURCE_FACTORIES, enabledSources } from './sources';
import { type IngestionDeps, ingestionRouter } from './sources/route';
import type { EventStore } from './store/types';

export interface AppDeps {
  config: Config;
  store: EventStore;
  registry: Registry;
  self: SelfMetrics;
  logger: Logger;
  /** Extra routers (report API, surveys) mounted before the 404 fallback. */
  routers?: { path: string; router: express.Router }[];
}

export function createApp(deps: AppDeps): express.Express {
  const { config, store, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><title>dora-guarantee exporter</title><h1>dora-guarantee exporter</h1>' +
          '<ul><li><a href="/metrics">/metrics</a></li><li><a href="/api/v1/teams">/api/v1/teams</a></li>' +
          '<li><a href="/healthz">/healthz</a></li><li><a href="/readyz">/readyz</a></li></ul>',
      );
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const probe = store.probeWrite();
    if (probe.ok) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not ready', reason: `event store not writable: ${probe.reason}` });
  });
  app.get('/metrics', metricsHandler(deps.registry, config.metrics));

  const ingestion: Omit<IngestionDeps, 'maxBodyBytes'> = {
    store,
    directory: config.directory,
    metrics: deps.self,
    logger,
  };
  const enabled = new Set<string>();
  for (const source of enabledSources(config)) {
    enabled.add(source.name);
    initialiseSourceSeries(deps.self, source.name);
    app.use(source.path, ingestionRouter(source, { ...ingestion, maxBodyBytes: config.server.maxBodyBytes }));
  }
  for (const [name, { path }] of Object.entries(SOURCE_FACTORIES)) {
    if (enabled.has(name)) continue;
    app.post(path, (_req, res) => {
      const key = name === 'generic' ? 'api.tokens' : `sources.${name}`;
      res.status(404).json({ error: `the ${name} source is not enabled; configure ${key} to enable it` });
    });
  }
  for (const { path, router } of deps.routers ?? []) app.use(path, router);

  app.use((req, res) => {
    res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
  });
  // Express needs the four-argument signature to recognise an error handler.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; limit?: number };
    if (e.type === 'entity.too.large') {
      deps.self.rejections.inc({ source: sourceOf(req.path), reason: 'size' });
      deps.self.deliveries.inc({ source: sourceOf(req.path), outcome: 'rejected' });
      res.status(413).json({ error: `request body larger than ${e.limit} bytes` });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: `bad request: ${e.type ?? 'unreadable body'}` });
      return;
    }
    logger.error({ path: req.path, err: { message: (err as Error)?.message } }, 'unhandled error');
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}

function sourceOf(path: string): string {
  for (const [name, { path: p }] of Object.entries(SOURCE_FACTORIES)) if (path.startsWith(p)) return name;
  return 'unknown';
}
