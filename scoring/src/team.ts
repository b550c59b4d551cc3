import { type Sprint, type SprintCalendar, sprintsUntil } from './calendar';
import type { ContractParameters } from './contract';
import type { NormalizedEvent } from './events';
import { type GuaranteeResult, type SprintInput, evaluateGuarantee } from './guarantee';
import type { LinkOptions } from './link';
import {
  type PeriodFacts,
  type TeamHistory,
  buildHistory,
  measurementsFrom,
  periodFacts,
  sprintPeriod,
} from './measure';

/** Sprint inputs up to the one containing `asOf`, from each sprint's facts (however they were obtained). */
export function sprintInputs(
  calendar: SprintCalendar,
  asOf: number,
  factsOf: (sprint: Sprint) => PeriodFacts,
): SprintInput[] {
  return sprintsUntil(calendar, asOf).map((sprint) => ({
    index: sprint.index,
    name: sprint.name,
    start: sprint.start,
    end: sprint.end,
    measurements: measurementsFrom(factsOf(sprint), sprintPeriod(sprint, asOf).days, asOf),
  }));
}

/** Measures every sprint of the calendar up to the one containing `asOf`. */
export function measureSprints(history: TeamHistory, calendar: SprintCalendar, asOf: number): SprintInput[] {
  return sprintInputs(calendar, asOf, (sprint) => periodFacts(history, sprint));
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
