import { type SprintCalendar, sprintsUntil } from './calendar';
import type { ContractParameters } from './contract';
import type { NormalizedEvent } from './events';
import { type GuaranteeResult, type SprintInput, evaluateGuarantee } from './guarantee';
import type { LinkOptions } from './link';
import { type TeamHistory, buildHistory, measure, sprintPeriod } from './measure';

/** Measures every sprint of the calendar up to the one containing `asOf`. */
export function measureSprints(history: TeamHistory, calendar: SprintCalendar, asOf: number): SprintInput[] {
  return sprintsUntil(calendar, asOf).map((sprint) => ({
    index: sprint.index,
    name: sprint.name,
    start: sprint.start,
    end: sprint.end,
    measurements: measure(history, sprintPeriod(sprint, asOf), asOf),
  }));
}

/** The whole contract for one team, from its events: what the exporter computes and the golden vectors pin. */
export function evaluateTeam(
  events: readonly NormalizedEvent[],
  calendar: SprintCalendar,
  contract: ContractParameters,
  link: LinkOptions,
  asOf: number,
): GuaranteeResult {
  return evaluateGuarantee(measureSprints(buildHistory(events, link), calendar, asOf), contract, asOf);
}
