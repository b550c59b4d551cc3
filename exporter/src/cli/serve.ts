import { startExporter } from '../exporter';
import { createLogger } from '../logger';
import { flags, intFlag } from './args';
import { configFrom } from './context';

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = flags(argv, {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
  });
  const config = configFrom(values);
  const logger = createLogger();
  const port = intFlag(values.port, 'port');
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
