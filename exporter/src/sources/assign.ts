import { type NormalizedEvent, parseTime } from '@dora-guarantee/scoring';
import { type TeamDirectory, UNASSIGNED } from '../config/directory';
import type { AssignedEvent } from '../store/types';

export interface Assigned {
  assigned: AssignedEvent[];
  /** Events the configuration could not place in a team (counted as hostile or misconfigured input). */
  unassigned: number;
}

/**
 * Gives every event a configured team (or "unassigned") and, where a repository maps to a service, that service.
 * An explicit team wins when the configuration knows it; an unknown one is treated like an unknown service.
 * A resolution that names only its incident takes the team of the incident it resolves; if that incident is not
 * known yet, the store still joins the two by incident id when it reads a team's history.
 */
export function assignEvents(
  events: readonly NormalizedEvent[],
  directory: TeamDirectory,
  teamOfIncident: (incident: string) => string | undefined,
): Assigned {
  let unassigned = 0;
  const openedHere = new Map<string, string>();
  const assigned = events.map((event): AssignedEvent => {
    const time = parseTime(event.time);
    if (event.type === 'incident.resolved' && event.team === undefined) {
      const team = openedHere.get(event.incident) ?? teamOfIncident(event.incident) ?? UNASSIGNED;
      return { event: { ...event, team }, time };
    }
    const service = 'service' in event ? event.service : undefined;
    const repository = 'repository' in event ? event.repository : undefined;
    const mapped = directory.assign({ service, repository });
    let team: string;
    if (event.team !== undefined) team = directory.isTeam(event.team) ? event.team : UNASSIGNED;
    else team = mapped.team;
    if (team === UNASSIGNED) unassigned++;
    const withService = mapped.assigned && (service !== undefined || repository !== undefined);
    const placed = { ...event, team, ...(withService && { service: mapped.service }) } as NormalizedEvent & {
      team: string;
    };
    if (placed.type === 'incident.opened') openedHere.set(placed.incident, team);
    return { event: placed, time };
  });
  return { assigned, unassigned };
}
