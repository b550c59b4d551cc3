import { parseArgs } from 'node:util';

export class UsageError extends Error {}

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>;

/** Parses a command's flags; an unknown flag or a missing value is a usage error that names it. */
export function flags<S extends Spec>(argv: string[], spec: S) {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--${name} must be an integer 0-65535, got "${value}"`);
  return n;
}
