import { isRfc3339, parseTime, zonedInstant } from '@dora-guarantee/scoring';

/**
 * Timestamps as form tools export them. Only the placement in a sprint depends on them, so day precision is what
 * matters; the forms below are the ones the tools write:
 * - RFC 3339 (`2026-06-03T10:15:00Z`);
 * - `2026-06-03 10:15:00` (Typeform "Submit Date (UTC)", spreadsheets);
 * - `2026/06/03 10:15:00 AM GMT+2` (the Google Forms CSV download);
 * - `6/3/2026 10:15:00` or `6/3/2026 10:15 AM` (Google Sheets and Microsoft Forms/Excel, US order; `dayFirst`
 *   reads 3/6/2026 as the 3rd of June, and `3.6.2026` is always day first).
 * A time without an offset is read in `timeZone`.
 */
const YMD =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(AM|PM)?)?\s*(?:(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?|Z)?$/i;
const DMY_OR_MDY = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

function hour24(hour: number, meridiem: string | undefined): number | undefined {
  if (meridiem === undefined) return hour <= 23 ? hour : undefined;
  if (hour < 1 || hour > 12) return undefined;
  const pm = meridiem.toUpperCase() === 'PM';
  return (hour % 12) + (pm ? 12 : 0);
}

function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (mi > 59 || s > 59) return undefined;
  return ms;
}

/** Epoch ms of an exported timestamp, or undefined when it is in none of the forms above. */
export function parseFormTime(text: string, timeZone: string, dayFirst = false): number | undefined {
  const value = text.trim();
  if (isRfc3339(value)) return parseTime(value);
  let m = YMD.exec(value);
  if (m) {
    const h = hour24(Number(m[4] ?? 0), m[7]);
    if (h === undefined) return undefined;
    const wall = wallClock(Number(m[1]), Number(m[2]), Number(m[3]), h, Number(m[5] ?? 0), Number(m[6] ?? 0));
    if (wall === undefined) return undefined;
    if (m[8] !== undefined) {
      const offset = (Number(m[9]) * 60 + Number(m[10] ?? 0)) * 60_000 * (m[8] === '-' ? -1 : 1);
      return wall - offset;
    }
    return /(GMT|UTC|Z)\s*$/i.test(value) ? wall : zonedInstant(wall, timeZone);
  }
  m = DMY_OR_MDY.exec(value);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    const [day, month] = dayFirst || m[2] === '.' ? [first, second] : [second, first];
    const h = hour24(Number(m[5] ?? 0), m[8]);
    if (h === undefined) return undefined;
    const wall = wallClock(Number(m[4]), month, day, h, Number(m[6] ?? 0), Number(m[7] ?? 0));
    return wall === undefined ? undefined : zonedInstant(wall, timeZone);
  }
  return undefined;
}
