import type { Measurements, SprintInput } from '@dora-guarantee/scoring';
import type { DataFrame, Labels } from '@grafana/data';
import { visitSamples } from './frames';
import {
  GUARANTEE_CREDITS,
  GUARANTEE_INFO,
  SPRINT_END,
  SPRINT_EVENTS,
  SPRINT_FAMILIES,
  SPRINT_INDEX,
  SPRINT_START,
  sourceKey,
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

/** A value with the time it was sampled (-Infinity when the frame has no time): the latest one wins. */
interface Timed {
  value: number;
  time: number;
}

type SprintValues = Map<string, Timed>;

const SPRINT_FAMILY_SET = new Set<string>(SPRINT_FAMILIES);

/** Builds the contract model's input for a sprint, or undefined when it lacks what placing and judging it needs. */
function sprintInput(name: string, values: SprintValues): SprintInput | undefined {
  // A missing metric is "not defined" (null, docs/scoring.md §3); a missing count is only shown, so it reads 0.
  const metric = (family: string, quantile?: string) => values.get(sourceKey(family, quantile))?.value ?? null;
  const count = (family: string) => values.get(family)?.value ?? 0;
  const index = values.get(SPRINT_INDEX)?.value;
  const start = values.get(SPRINT_START)?.value;
  const end = values.get(SPRINT_END)?.value;
  const events = values.get(SPRINT_EVENTS)?.value;
  const frequency = values.get('dora_sprint_deployment_frequency_per_day')?.value;
  if (index === undefined || start === undefined || end === undefined || events === undefined) return undefined;
  if (frequency === undefined) return undefined;
  const measurements: Measurements = {
    deployments: count('dora_sprint_deployments'),
    deploymentFrequencyPerDay: frequency,
    changes: count('dora_sprint_changes'),
    leadTimeMedianSeconds: metric('dora_sprint_lead_time_seconds', '0.5'),
    leadTimeP90Seconds: metric('dora_sprint_lead_time_seconds', '0.9'),
    failedDeployments: count('dora_sprint_failed_deployments'),
    changeFailureRate: metric('dora_sprint_change_failure_ratio'),
    openFailures: count('dora_sprint_open_failures'),
    recoveryTimeMedianSeconds: metric('dora_sprint_failed_deployment_recovery_time_seconds', '0.5'),
    unplannedDeployments: count('dora_sprint_unplanned_deployments'),
    reworkRate: metric('dora_sprint_rework_ratio'),
    events,
  };
  return { index, name, start: start * 1000, end: end * 1000, measurements };
}

/** Keeps `value` unless an existing one is newer: a range query gives every step of a series. */
function keepLatest<K>(map: Map<K, Timed>, key: K, value: number, time: number) {
  const previous = map.get(key);
  if (!previous || time >= previous.time) map.set(key, { value, time });
}

/**
 * Regroups the exporter's series per team and sprint, keeping each series' latest value. Series are identified by
 * team, sprint and quantile: the same series scraped twice (another `instance` or `job`) is one series.
 */
export function groupByTeam(frames: readonly DataFrame[]): Grouped {
  const families = new Set<string>();
  const sprintsByTeam = new Map<string, Map<string, SprintValues>>();
  const info = new Map<string, { labels: Labels; time: number }>();
  const credits = new Map<string, Timed>();
  const teams = new Set<string>();

  visitSamples(frames, (metric, labels, value, sampled) => {
    families.add(metric);
    const team = labels.get('team');
    if (!team) return;
    const time = sampled ?? -Infinity;
    if (metric === GUARANTEE_INFO) {
      teams.add(team);
      const previous = info.get(team);
      // A contract changed within the queried range leaves two info series; the newer one is in force.
      if (!previous || time >= previous.time) info.set(team, { labels: labels.all(), time });
    } else if (metric === GUARANTEE_CREDITS) {
      teams.add(team);
      keepLatest(credits, team, value, time);
    } else if (SPRINT_FAMILY_SET.has(metric)) {
      const sprint = labels.get('sprint');
      if (!sprint) return;
      teams.add(team);
      let bySprint = sprintsByTeam.get(team);
      if (!bySprint) sprintsByTeam.set(team, (bySprint = new Map()));
      let values = bySprint.get(sprint);
      if (!values) bySprint.set(sprint, (values = new Map()));
      keepLatest(values, sourceKey(metric, labels.get('quantile')), value, time);
    }
  });

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
      publishedCredits: credits.get(team)?.value ?? null,
      sprints,
      incompleteSprints: incompleteSprints.sort(),
    });
  }
  return { teams: result, families };
}
