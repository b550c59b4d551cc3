import { type NormalizedEvent, parseTime } from '@dora-guarantee/scoring';
import { type TeamDirectory, UNASSIGNED } from '../config/directory';
import type { AssignedEvent } from '../store/types';

export interface Assigned {
  assigned: AssignedEvent[];
  /**
   * Of `assigned`, the events the configuration could not place in a team (counted as hostile or misconfigured
   * input). A resolution of an incident not known yet is not one: the store joins it to its incident later.
   */
  unmapped: ReadonlySet<AssignedEvent>;
}

/** How many of these events (say, what an append stored for the first time) the configuration could not place. */
export function countUnmapped(events: readonly AssignedEvent[], unmapped: ReadonlySet<AssignedEvent>): number {
  if (unmapped.size === 0) return 0;
  return events.reduce((n, e) => n + (unmapped.has(e) ? 1 : 0), 0);
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
  const unmapped = new Set<AssignedEvent>();
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
    const withService = mapped.assigned && (service !== undefined || repository !== undefined);
    const placed = { ...event, team, ...(withService && { service: mapped.service }) } as NormalizedEvent & {
      team: string;
    };
    if (placed.type === 'incident.opened') openedHere.set(placed.incident, team);
    const one = { event: placed, time };
    if (team === UNASSIGNED) unmapped.add(one);
    return one;
  });
  return { assigned, unmapped };
}
