export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Whole seconds: the demo's timestamps read like a provider's, and rounding never reorders the history. */
export function seconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

/** RFC 3339 in UTC without fractional seconds, e.g. 2026-06-01T09:30:00Z. */
export function iso(ms: number): string {
  return new Date(seconds(ms)).toISOString().replace('.000Z', 'Z');
}
