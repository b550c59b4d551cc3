import { startExporter } from '../exporter';
import { createLogger } from '../logger';
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
  const exporter = await startExporter({
    config,
    logger,
    ...(port !== undefined && { port }),
    ...(values.host !== undefined && { host: values.host }),
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      void exporter.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
