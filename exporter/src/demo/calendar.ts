import { DAY_MS, type Sprint, type SprintCalendar, dateOfDayNumber, sprintByIndex } from '@dora-guarantee/scoring';
import { DEMO_CURRENT_SPRINT } from './squads';

export const DEMO_SPRINT_LENGTH_DAYS = 14;

/** 1970-01-01 was a Thursday: Monday is 0. */
function weekday(day: number): number {
  return (day + 3) % 7;
}

/**
 * The demo calendar for an anchor instant: sprints start on Mondays, and the anchor falls 7–13 days into sprint
 * DEMO_CURRENT_SPRINT, so the sprint in progress already has a week of data and 12 sprints have ended.
 */
export function demoCalendar(anchor: number): SprintCalendar {
  const anchorDay = Math.floor(anchor / DAY_MS);
  const weekBefore = anchorDay - 7;
  const currentStart = weekBefore - weekday(weekBefore);
  return {
    firstSprintStart: dateOfDayNumber(currentStart - DEMO_CURRENT_SPRINT * DEMO_SPRINT_LENGTH_DAYS),
    sprintLengthDays: DEMO_SPRINT_LENGTH_DAYS,
    timeZone: 'UTC',
  };
}

/** Sprints 0 to DEMO_CURRENT_SPRINT of the demo calendar. */
export function demoSprints(calendar: SprintCalendar): Sprint[] {
  return Array.from({ length: DEMO_CURRENT_SPRINT + 1 }, (_, i) => sprintByIndex(calendar, i));
}
