import { createLogger } from '../logger';
import { startTelemetry } from '../telemetry';
import { flags, intFlag } from './args';
import { DEFAULT_DEMO_DATA_DIR, configFrom, demoServeConfig } from './context';

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = flags(argv, {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
  });
  const port = intFlag(values.port, 'port');
  const logger = createLogger();
  const config = values.config
    ? configFrom(values)
    : await demoServeConfig(values.data ?? DEFAULT_DEMO_DATA_DIR, logger);
  // Tracing starts before express and http are loaded, so that their instrumentations can patch them.
  const telemetry = await startTelemetry();
  // A require at this point, not a static import: tsx's CommonJS loader cannot resolve a dynamic import() of a .ts file.
  const { startExporter } = require('../exporter') as typeof import('../exporter');
  const exporter = await startExporter({
    config,
    logger,
    ...(port !== undefined && { port }),
    ...(values.host !== undefined && { host: values.host }),
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      void exporter
        .close()
        .then(() => telemetry?.shutdown())
        .then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
