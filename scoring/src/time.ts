export const SECOND_MS = 1000;
export const HOUR_SECONDS = 3600;
export const DAY_SECONDS = 86_400;
export const DAY_MS = DAY_SECONDS * SECOND_MS;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an RFC 3339 timestamp to epoch milliseconds; rejects anything looser (no bare dates, no locale forms). */
export function parseTime(value: string): number {
  if (!RFC3339.test(value)) throw new RangeError(`not an RFC 3339 timestamp: ${JSON.stringify(value)}`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${JSON.stringify(value)}`);
  return ms;
}

export function isRfc3339(value: string): boolean {
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
