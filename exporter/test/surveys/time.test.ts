import { parseFormTime } from '../../src/surveys/time';

const at = (iso: string) => Date.parse(iso);

describe('parseFormTime', () => {
  it('reads the Google Forms CSV download form with its GMT offset', () => {
    expect(parseFormTime('2026/06/03 10:15:00 AM GMT+2', 'UTC')).toBe(at('2026-06-03T08:15:00Z'));
    expect(parseFormTime('2026/06/03 1:05:09 PM GMT-5', 'Europe/Berlin')).toBe(at('2026-06-03T18:05:09Z'));
    expect(parseFormTime('2026/06/03 12:30:00 AM GMT', 'Europe/Berlin')).toBe(at('2026-06-03T00:30:00Z'));
  });

  it('reads zone-less times in the given zone, across daylight saving', () => {
    expect(parseFormTime('2026-06-03 10:15:00', 'UTC')).toBe(at('2026-06-03T10:15:00Z'));
    expect(parseFormTime('2026-06-03 10:15:00', 'Europe/Berlin')).toBe(at('2026-06-03T08:15:00Z'));
    // Berlin is UTC+1 the day before the spring change and UTC+2 after it.
    expect(parseFormTime('2026-03-28 12:00:00', 'Europe/Berlin')).toBe(at('2026-03-28T11:00:00Z'));
    expect(parseFormTime('2026-03-29 03:30:00', 'Europe/Berlin')).toBe(at('2026-03-29T01:30:00Z'));
    expect(parseFormTime('2026-06-03', 'UTC')).toBe(at('2026-06-03T00:00:00Z'));
  });

  it('reads spreadsheet and Microsoft Forms dates month first unless told otherwise; dotted dates day first', () => {
    expect(parseFormTime('6/3/2026 10:15:00', 'UTC')).toBe(at('2026-06-03T10:15:00Z'));
    expect(parseFormTime('6/3/2026 10:15 PM', 'UTC')).toBe(at('2026-06-03T22:15:00Z'));
    expect(parseFormTime('6/3/2026 10:15:00', 'UTC', true)).toBe(at('2026-03-06T10:15:00Z'));
    expect(parseFormTime('3.6.2026 10:15', 'UTC')).toBe(at('2026-06-03T10:15:00Z'));
  });

  it('takes RFC 3339 as is', () => {
    expect(parseFormTime('2026-06-03T10:15:00+02:00', 'Asia/Tokyo')).toBe(at('2026-06-03T08:15:00Z'));
  });

  it('refuses impossible dates and anything else', () => {
    for (const bad of ['2026-02-30 10:00', '13/13/2026', 'yesterday', '2026/06/03 13:00 PM', '2026-06-03 24:10', ''])
      expect(parseFormTime(bad, 'UTC')).toBeUndefined();
  });
});
