import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../config/load';
import { safeEqual } from '../sources/auth';

/** Serves the registry, behind a bearer token or basic auth when the config asks for one. */
export function metricsHandler(registry: Registry, options: Config['metrics']): RequestHandler {
  return async (req, res) => {
    if (options.bearerToken || options.basicAuth) {
      const header = req.headers.authorization ?? '';
      let ok = false;
      if (options.bearerToken) {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        ok = m !== null && safeEqual(m[1] as string, options.bearerToken);
      }
      if (!ok && options.basicAuth) {
        const m = /^Basic\s+(\S+)$/i.exec(header);
        const expected = `${options.basicAuth.username}:${options.basicAuth.password}`;
        ok = m !== null && safeEqual(Buffer.from(m[1] as string, 'base64').toString('utf8'), expected);
      }
      if (!ok) {
        if (options.basicAuth) res.set('WWW-Authenticate', 'Basic realm="dora-guarantee metrics"');
        res.status(401).json({ error: 'authentication required for /metrics' });
        return;
      }
    }
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
