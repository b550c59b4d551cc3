import { type Config, loadConfigFile } from '../config/load';
import { UsageError } from './args';

/** Loads --config and applies --data over it; every command that reads the store starts here. */
export function configFrom(values: { config?: string | undefined; data?: string | undefined }): Config {
  if (!values.config) throw new UsageError('--config FILE is required');
  const config = loadConfigFile(values.config);
  if (values.data) config.server = { ...config.server, dataDir: values.data };
  return config;
}
