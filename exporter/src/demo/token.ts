import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretRef } from '../config/schema';
import { DEMO_API_TOKEN_ENV } from './config';

export const DEMO_TOKEN_FILE = 'api-token';

export interface DemoToken {
  ref: SecretRef;
  /** Set when the token lives in a file of the data directory. */
  file?: string;
  created: boolean;
}

/**
 * The demo's API token: DORA_API_TOKEN when set; otherwise a random one kept in <data>/api-token (mode 0600) and
 * reused on later starts, so clients keep working. Only the file's path is ever logged.
 */
export function demoApiToken(dataDir: string, env: NodeJS.ProcessEnv): DemoToken {
  if (env[DEMO_API_TOKEN_ENV]) return { ref: { env: DEMO_API_TOKEN_ENV }, created: false };
  const file = join(dataDir, DEMO_TOKEN_FILE);
  let existing = '';
  try {
    existing = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (existing) {
    chmodSync(file, 0o600);
    return { ref: { file }, file, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  // The mode above is filtered by the umask and ignored when the file already existed (empty).
  chmodSync(file, 0o600);
  return { ref: { file }, file, created: true };
}
