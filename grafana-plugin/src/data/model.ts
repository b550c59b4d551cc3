import {
  type ContractParameters,
  type GuaranteeResult,
  type SprintResult,
  contractProblems,
  evaluateGuarantee,
} from '@dora-guarantee/scoring';
import type { DataFrame } from '@grafana/data';
import type { SortBy, SprintScoreOptions } from '../types';
import { type ContractOverrides, applyOverrides, contractDifferences, contractFromInfo } from './contract';
import { hasAnyValue } from './frames';
import { evidenceUrl } from './links';
import { GUARANTEE_FAMILY_PREFIX, REQUIRED_FAMILIES, SPRINT_FAMILY_PREFIX } from './metrics';
import { type TeamSeries, groupByTeam } from './teams';

export interface SprintView extends SprintResult {
  evidenceUrl: string;
}

export interface TeamView extends Omit<GuaranteeResult, 'sprints'> {
  team: string;
  /** Every sprint in the data, oldest first; the component shows the latest `sprintsShown`. */
  sprints: SprintView[];
  /** The contract as published (or the defaults when the team has none). */
  contract: ContractParameters;
  /** The contract the sprints were judged by: `contract` with the panel's what-if overrides. */
  effective: ContractParameters;
  contractFromData: boolean;
  /** Where `effective` departs from `contract`; non-empty means the figures are a what-if, not the contract. */
  whatIf: string[];
  /** The exporter's `dora_guarantee_credits`: whole contract, including sprints no longer published. */
  publishedCredits: number | null;
  /** Score of the latest ended sprint that has one, for sorting and the row summary. */
  latestScore: number | null;
  notes: string[];
}

export type PanelModel =
  | { kind: 'no-data' }
  | { kind: 'missing-series'; missing: string[]; found: string[] }
  | { kind: 'teams'; teams: TeamView[] };

export function overridesOf(options: SprintScoreOptions): ContractOverrides {
  const overrides: ContractOverrides = {};
  if (options.preset) overrides.preset = options.preset;
  if (options.overrideWeights) overrides.weights = options.weights;
  if (options.lowScoreBelow !== undefined) overrides.lowScoreBelow = options.lowScoreBelow;
  if (options.rampUpSprints !== undefined) overrides.rampUpSprints = options.rampUpSprints;
  if (options.consecutiveLowForCredit !== undefined) {
    overrides.consecutiveLowForCredit = options.consecutiveLowForCredit;
  }
  return overrides;
}

function latestEndedScore(sprints: readonly SprintResult[]): number | null {
  for (let i = sprints.length - 1; i >= 0; i--) {
    const s = sprints[i]!;
    if (s.status !== 'in-progress' && s.score !== null) return s.score;
  }
  return null;
}

function evaluateTeam(series: TeamSeries, overrides: ContractOverrides, options: SprintScoreOptions, asOf: number) {
  const data = contractFromInfo(series.info);
  const notes: string[] = [];
  if (!data.fromData) notes.push('No usable dora_guarantee_info for this team: judged by the default contract.');
  if (data.problems.length > 0) notes.push(`Contract labels: ${data.problems.join('; ')}.`);
  let effective = applyOverrides(data.contract, overrides);
  const invalid = contractProblems(effective);
  if (invalid.length > 0) {
    notes.push(`What-if ignored, the overrides make no valid contract: ${invalid.join('; ')}.`);
    effective = data.contract;
  }
  if (series.incompleteSprints.length > 0) {
    notes.push(`Left out for missing series: ${series.incompleteSprints.join(', ')}.`);
  }
  const result = evaluateGuarantee(series.sprints, effective, asOf);
  const whatIf = contractDifferences(data.contract, effective);
  if (whatIf.length === 0 && series.publishedCredits !== null && series.publishedCredits !== result.credits) {
    const earlier = series.publishedCredits - result.credits;
    notes.push(
      earlier > 0
        ? `The exporter counts ${series.publishedCredits} credits over the whole contract, ${earlier} from sprints not in the data.`
        : `The exporter counts ${series.publishedCredits} credits, fewer than the ${result.credits} computed here: check the exporter's contract.`,
    );
  }
  const team: TeamView = {
    ...result,
    team: series.team,
    // Tooltip details are described on hover (describeSprint), not here: a large panel has thousands of sprints.
    sprints: result.sprints.map((s) => ({
      ...s,
      evidenceUrl: evidenceUrl(options.evidenceBaseUrl, series.team, s.name),
    })),
    contract: data.contract,
    effective,
    contractFromData: data.fromData,
    whatIf,
    publishedCredits: series.publishedCredits,
    latestScore: latestEndedScore(result.sprints),
    notes,
  };
  return team;
}

const byName = (a: TeamView, b: TeamView) => a.team.localeCompare(b.team);

/** Worst first: the order a specialist triages in. */
const COMPARATORS: Record<SortBy, (a: TeamView, b: TeamView) => number> = {
  credits: (a, b) =>
    b.credits - a.credits || Number(b.atRisk) - Number(a.atRisk) || b.lowStreak - a.lowStreak || byName(a, b),
  score: (a, b) => (a.latestScore ?? Infinity) - (b.latestScore ?? Infinity) || byName(a, b),
  name: byName,
};

/**
 * Prometheus frames → one row per team with every sprint's tiers, score, status and the credits owed, judged by the
 * contract each team publishes (or the panel's what-if overrides). Pure: no React, no theme, `asOf` passed in.
 */
export function computePanelModel(frames: readonly DataFrame[], options: SprintScoreOptions, asOf: number): PanelModel {
  if (!hasAnyValue(frames)) return { kind: 'no-data' };
  const { teams, families } = groupByTeam(frames);
  const ours = [...families].filter((f) => f.startsWith(SPRINT_FAMILY_PREFIX) || f.startsWith(GUARANTEE_FAMILY_PREFIX));
  const missing = REQUIRED_FAMILIES.filter((f) => !families.has(f));
  if (missing.length > 0 || teams.length === 0) {
    return { kind: 'missing-series', missing: [...missing], found: ours.sort() };
  }
  const overrides = overridesOf(options);
  const views = teams.map((t) => evaluateTeam(t, overrides, options, asOf));
  return { kind: 'teams', teams: views.sort(COMPARATORS[options.sortBy] ?? COMPARATORS.credits) };
}
