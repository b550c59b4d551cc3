import { DAY_MS } from './time';

/** A team's sprint cadence. Sprint 0 starts at local midnight of `firstSprintStart` in `timeZone`. */
export interface SprintCalendar {
  /** Calendar date `YYYY-MM-DD`; also the contract start (ramp-up counts from here). */
  firstSprintStart: string;
  sprintLengthDays: number;
  /** IANA time zone; UTC when absent. */
  timeZone?: string;
}

export interface Sprint {
  /** 0 for the first sprint of the contract. */
  index: number;
  /** The sprint's start date, `YYYY-MM-DD` in the calendar's time zone. */
  name: string;
  /** Inclusive start, epoch ms. */
  start: number;
  /** Exclusive end, epoch ms (the next sprint's start). */
  end: number;
  lengthDays: number;
}

export const DEFAULT_SPRINT_LENGTH_DAYS = 14;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` calendar date. */
export function dayNumber(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(m) - 1) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms / DAY_MS;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at `instant`, expressed as if it were UTC (epoch ms). */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day as number,
    parts.hour as number,
    parts.minute as number,
    parts.second as number,
  );
}

function isUtc(timeZone: string | undefined): boolean {
  return timeZone === undefined || timeZone === 'UTC' || timeZone === 'Etc/UTC';
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall` (wall-clock fields encoded as UTC epoch ms).
 * Two rounds settle the offset across a DST change; a wall time that does not exist maps to the first instant after.
 */
export function zonedInstant(wall: number, timeZone: string | undefined): number {
  if (isUtc(timeZone)) return wall;
  const tz = timeZone as string;
  let guess = wall - (wallClockAsUtc(wall, tz) - wall);
  guess = wall - (wallClockAsUtc(guess, tz) - guess);
  return guess;
}

/** The instant at which local midnight of `day` happens in `timeZone`. */
function localMidnight(day: number, timeZone: string | undefined): number {
  return zonedInstant(day * DAY_MS, timeZone);
}

/** The local calendar day (days since epoch) on which `instant` falls in `timeZone`. */
function localDay(instant: number, timeZone: string | undefined): number {
  const wall = isUtc(timeZone) ? instant : wallClockAsUtc(instant, timeZone as string);
  return Math.floor(wall / DAY_MS);
}

export function sprintByIndex(calendar: SprintCalendar, index: number): Sprint {
  const first = dayNumber(calendar.firstSprintStart);
  const length = calendar.sprintLengthDays;
  const startDay = first + index * length;
  return {
    index,
    name: dateOfDayNumber(startDay),
    start: localMidnight(startDay, calendar.timeZone),
    end: localMidnight(startDay + length, calendar.timeZone),
    lengthDays: length,
  };
}

/** The sprint that contains `instant`, or undefined before the contract's first sprint. */
export function sprintAt(calendar: SprintCalendar, instant: number): Sprint | undefined {
  const offset = localDay(instant, calendar.timeZone) - dayNumber(calendar.firstSprintStart);
  if (offset < 0) return undefined;
  return sprintByIndex(calendar, Math.floor(offset / calendar.sprintLengthDays));
}

/** Sprints from the first one up to and including the one containing `asOf` (none before the contract starts). */
export function sprintsUntil(calendar: SprintCalendar, asOf: number): Sprint[] {
  const current = sprintAt(calendar, asOf);
  if (!current) return [];
  const sprints: Sprint[] = [];
  for (let i = 0; i <= current.index; i++) sprints.push(sprintByIndex(calendar, i));
  return sprints;
}

export function sprintByName(calendar: SprintCalendar, name: string): Sprint | undefined {
  const offset = dayNumber(name) - dayNumber(calendar.firstSprintStart);
  if (offset < 0 || offset % calendar.sprintLengthDays !== 0) return undefined;
  return sprintByIndex(calendar, offset / calendar.sprintLengthDays);
}
