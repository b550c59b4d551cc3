import type { MetricWeights } from '@dora-guarantee/scoring';

export type Layout = 'compact' | 'detailed';
export type SortBy = 'credits' | 'score' | 'name';

/** Value of `preset` that means "the preset the contract publishes". */
export const PRESET_FROM_DATA = '';

/**
 * Saved panel options. Contract fields left empty (undefined, or `PRESET_FROM_DATA`, or `overrideWeights` off) take
 * the team's contract from `dora_guarantee_info`; a value set here is a what-if override.
 */
export interface SprintScoreOptions {
  preset: string;
  overrideWeights: boolean;
  weights: MetricWeights;
  lowScoreBelow?: number;
  rampUpSprints?: number;
  consecutiveLowForCredit?: number;
  /** How many of the latest sprints get a cell; credits are always computed over every sprint in the data. */
  sprintsShown: number;
  layout: Layout;
  sortBy: SortBy;
  /** Base URL of the exporter's evidence API; may contain dashboard variables. */
  evidenceBaseUrl: string;
}
