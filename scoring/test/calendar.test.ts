import fc from 'fast-check';
import { dayNumber, isValidTimeZone, sprintAt, sprintByIndex, sprintByName, sprintsUntil } from '../src';

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];

describe('sprint calendar', () => {
  it('places every instant in exactly one sprint, and sprints tile time without gaps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 5 * 365 * 86_400_000 }),
        (timeZone, sprintLengthDays, offset) => {
          const calendar = { firstSprintStart: '2025-01-06', sprintLengthDays, timeZone };
          const t = sprintByIndex(calendar, 0).start + offset;
          const sprint = sprintAt(calendar, t)!;
          expect(sprint.start).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(sprint.end);
          expect(sprintByIndex(calendar, sprint.index + 1).start).toBe(sprint.end);
          expect(sprintByName(calendar, sprint.name)).toEqual(sprint);
        },
      ),
    );
  });

  it('starts sprints at local midnight and names them by their local start date', () => {
    const calendar = { firstSprintStart: '2026-10-19', sprintLengthDays: 14, timeZone: 'America/New_York' };
    // 2026-11-01 is the end of daylight saving time in New York: EDT (−4) before, EST (−5) after.
    expect(new Date(sprintByIndex(calendar, 0).start).toISOString()).toBe('2026-10-19T04:00:00.000Z');
    expect(new Date(sprintByIndex(calendar, 1).start).toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(sprintByIndex(calendar, 1).name).toBe('2026-11-02');
  });

  it('has no sprint before the contract starts', () => {
    const calendar = { firstSprintStart: '2026-06-01', sprintLengthDays: 14 };
    expect(sprintAt(calendar, Date.parse('2026-05-31T23:59:59Z'))).toBeUndefined();
    expect(sprintsUntil(calendar, Date.parse('2026-05-31T00:00:00Z'))).toEqual([]);
    expect(sprintsUntil(calendar, Date.parse('2026-06-29T00:00:00Z')).map((s) => s.name)).toEqual([
      '2026-06-01',
      '2026-06-15',
      '2026-06-29',
    ]);
  });

  it('only knows sprint names on the cadence', () => {
    const calendar = { firstSprintStart: '2026-06-01', sprintLengthDays: 14 };
    expect(sprintByName(calendar, '2026-06-15')?.index).toBe(1);
    expect(sprintByName(calendar, '2026-06-16')).toBeUndefined();
    expect(sprintByName(calendar, '2026-05-18')).toBeUndefined();
  });

  it('rejects impossible dates and zones', () => {
    expect(() => dayNumber('2026-02-30')).toThrow(/no such date/);
    expect(() => dayNumber('2026-2-3')).toThrow(/YYYY-MM-DD/);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
