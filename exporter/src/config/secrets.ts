import { readFileSync } from 'node:fs';
import type { SecretRef } from './schema';

export class SecretError extends Error {}

/** Reads a secret from its environment variable or file. The message names the source, never the value. */
export function readSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  if (ref.env !== undefined) {
    const value = env[ref.env];
    if (value === undefined || value === '') throw new SecretError(`environment variable ${ref.env} is not set`);
    return value;
  }
  let content: string;
  try {
    content = readFileSync(ref.file as string, 'utf8');
  } catch (e) {
    throw new SecretError(`cannot read secret file ${ref.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const value = content.replace(/\r?\n$/, '');
  if (value === '') throw new SecretError(`secret file ${ref.file} is empty`);
  return value;
}
