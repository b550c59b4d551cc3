import type { MetricKey } from './tiers';
import { DEFAULT_PRESET, METRICS, PRESET_IDS } from './tiers';

export type MetricWeights = Record<MetricKey, number>;

export interface ContractParameters {
  preset: string;
  weights: MetricWeights;
  /** The first this many sprints are scored and shown but never counted. */
  rampUpSprints: number;
  /** A sprint scoring strictly below this is low. */
  lowScoreBelow: number;
  /** A run of at least this many consecutive low sprints grants credits. */
  consecutiveLowForCredit: number;
}

export const DEFAULT_WEIGHTS: MetricWeights = {
  deploymentFrequency: 1,
  leadTime: 1,
  changeFailureRate: 1,
  recoveryTime: 1,
  reworkRate: 0,
};

export const DEFAULT_CONTRACT: ContractParameters = {
  preset: DEFAULT_PRESET,
  weights: DEFAULT_WEIGHTS,
  rampUpSprints: 2,
  lowScoreBelow: 50,
  consecutiveLowForCredit: 2,
};

export function withDefaults(
  partial: Partial<Omit<ContractParameters, 'weights'>> & {
    weights?: Partial<MetricWeights>;
  },
): ContractParameters {
  return {
    ...DEFAULT_CONTRACT,
    ...partial,
    weights: { ...DEFAULT_WEIGHTS, ...partial.weights },
  };
}

/** Problems with a contract, each naming the parameter; empty when it is usable. */
export function contractProblems(c: ContractParameters): string[] {
  const problems: string[] = [];
  if (!PRESET_IDS.includes(c.preset)) problems.push(`preset: unknown "${c.preset}" (known: ${PRESET_IDS.join(', ')})`);
  for (const m of METRICS) {
    const w = c.weights[m];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) problems.push(`weights.${m}: must be a number ≥ 0`);
  }
  // Deployment frequency is the one metric defined in every sprint, so its weight guarantees every sprint a score.
  if (!(c.weights.deploymentFrequency > 0)) problems.push('weights.deploymentFrequency: must be > 0');
  if (!Number.isInteger(c.rampUpSprints) || c.rampUpSprints < 0) problems.push('rampUpSprints: must be an integer ≥ 0');
  if (!(c.lowScoreBelow >= 0 && c.lowScoreBelow <= 100)) problems.push('lowScoreBelow: must be between 0 and 100');
  if (!Number.isInteger(c.consecutiveLowForCredit) || c.consecutiveLowForCredit < 1) {
    problems.push('consecutiveLowForCredit: must be an integer ≥ 1');
  }
  return problems;
}
