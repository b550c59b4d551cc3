import type { Measurements, SprintInput } from '@dora-guarantee/scoring';
import type { Labels } from '@grafana/data';
import type { Sample } from './frames';
import {
  COUNT_SOURCES,
  GUARANTEE_CREDITS,
  GUARANTEE_INFO,
  type MeasurementSource,
  SPRINT_END,
  SPRINT_EVENTS,
  SPRINT_FAMILY_PREFIX,
  SPRINT_INDEX,
  SPRINT_START,
  VALUE_SOURCES,
} from './metrics';

/** What the exporter published for one team, regrouped per sprint. */
export interface TeamSeries {
  team: string;
  /** Labels of the team's latest `dora_guarantee_info` series. */
  info?: Labels;
  /** `dora_guarantee_credits`: the exporter's total over the whole contract, not only the sprints published. */
  publishedCredits: number | null;
  sprints: SprintInput[];
  /** Sprints with some series but not the ones needed to place and judge them. */
  incompleteSprints: string[];
}

export interface Grouped {
  teams: TeamSeries[];
  /** Every `dora_*` family seen, to report which required ones a query left out. */
  families: Set<string>;
}

type SprintValues = Map<string, number>;

function sourceKey(family: string, quantile?: string): string {
  return quantile === undefined ? family : `${family}|${quantile}`;
}

function measurementOf(values: SprintValues, source: MeasurementSource): number | undefined {
  return values.get(sourceKey(source.family, source.quantile));
}

/** Builds the contract model's input for a sprint, or undefined when it lacks what placing and judging it needs. */
function sprintInput(name: string, values: SprintValues): SprintInput | undefined {
  const index = values.get(SPRINT_INDEX);
  const start = values.get(SPRINT_START);
  const end = values.get(SPRINT_END);
  const events = values.get(SPRINT_EVENTS);
  const frequency = values.get('dora_sprint_deployment_frequency_per_day');
  if (index === undefined || start === undefined || end === undefined || events === undefined) return undefined;
  if (frequency === undefined) return undefined;
  const m: Partial<Record<keyof Measurements, number | null>> = { events };
  for (const source of VALUE_SOURCES) m[source.key] = measurementOf(values, source) ?? null;
  for (const source of COUNT_SOURCES) m[source.key] = measurementOf(values, source) ?? 0;
  // Complete by construction: both loops cover every key but `events`, and deployment frequency is checked above.
  return { index, name, start: start * 1000, end: end * 1000, measurements: m as Measurements };
}

export function groupByTeam(samples: readonly Sample[]): Grouped {
  const families = new Set<string>();
  const sprintsByTeam = new Map<string, Map<string, SprintValues>>();
  const info = new Map<string, Sample>();
  const credits = new Map<string, number>();
  const teams = new Set<string>();

  for (const sample of samples) {
    families.add(sample.metric);
    const team = sample.labels.team;
    if (!team) continue;
    if (sample.metric === GUARANTEE_INFO) {
      teams.add(team);
      const previous = info.get(team);
      // A contract changed within the queried range leaves two info series; the newer one is in force.
      if (!previous || (sample.time ?? -Infinity) >= (previous.time ?? -Infinity)) info.set(team, sample);
    } else if (sample.metric === GUARANTEE_CREDITS) {
      teams.add(team);
      credits.set(team, sample.value);
    } else if (sample.metric.startsWith(SPRINT_FAMILY_PREFIX)) {
      const sprint = sample.labels.sprint;
      if (!sprint) continue;
      teams.add(team);
      let bySprint = sprintsByTeam.get(team);
      if (!bySprint) sprintsByTeam.set(team, (bySprint = new Map()));
      let values = bySprint.get(sprint);
      if (!values) bySprint.set(sprint, (values = new Map()));
      values.set(sourceKey(sample.metric, sample.labels.quantile), sample.value);
    }
  }

  const result: TeamSeries[] = [];
  for (const team of teams) {
    const sprints: SprintInput[] = [];
    const incompleteSprints: string[] = [];
    for (const [name, values] of sprintsByTeam.get(team) ?? []) {
      const input = sprintInput(name, values);
      if (input) sprints.push(input);
      else incompleteSprints.push(name);
    }
    sprints.sort((a, b) => a.index - b.index);
    result.push({
      team,
      info: info.get(team)?.labels,
      publishedCredits: credits.get(team) ?? null,
      sprints,
      incompleteSprints: incompleteSprints.sort(),
    });
  }
  return { teams: result, families };
}
