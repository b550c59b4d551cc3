import {
  type ContractParameters,
  DEFAULT_CONTRACT,
  type MetricKey,
  type MetricWeights,
  METRICS,
  contractProblems,
} from '@dora-guarantee/scoring';
import type { Labels } from '@grafana/data';

/** The `weight_*` label of `dora_guarantee_info` for each metric. */
export const WEIGHT_LABELS: Record<MetricKey, string> = {
  deploymentFrequency: 'weight_deployment_frequency',
  leadTime: 'weight_lead_time',
  changeFailureRate: 'weight_change_failure_rate',
  recoveryTime: 'weight_recovery_time',
  reworkRate: 'weight_rework_rate',
};

export interface DataContract {
  contract: ContractParameters;
  /** False when the team has no `dora_guarantee_info`: the contract is then docs/scoring.md's defaults. */
  fromData: boolean;
  /** Labels that were missing or unusable, each replaced by its default. */
  problems: string[];
}

function numberLabel(labels: Labels, name: string, fallback: number, problems: string[]): number {
  const raw = labels[name];
  if (raw === undefined || raw.trim() === '') {
    problems.push(`${name} missing`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    problems.push(`${name}="${raw}" is not a number`);
    return fallback;
  }
  return n;
}

/** The contract a team's `dora_guarantee_info` labels publish. */
export function contractFromInfo(labels: Labels | undefined): DataContract {
  if (!labels) return { contract: DEFAULT_CONTRACT, fromData: false, problems: [] };
  const problems: string[] = [];
  const weights = {} as MetricWeights;
  for (const metric of METRICS) {
    weights[metric] = numberLabel(labels, WEIGHT_LABELS[metric], DEFAULT_CONTRACT.weights[metric], problems);
  }
  const contract: ContractParameters = {
    preset: labels.preset || DEFAULT_CONTRACT.preset,
    weights,
    rampUpSprints: numberLabel(labels, 'ramp_up_sprints', DEFAULT_CONTRACT.rampUpSprints, problems),
    lowScoreBelow: numberLabel(labels, 'low_score_below', DEFAULT_CONTRACT.lowScoreBelow, problems),
    consecutiveLowForCredit: numberLabel(
      labels,
      'consecutive_low_for_credit',
      DEFAULT_CONTRACT.consecutiveLowForCredit,
      problems,
    ),
  };
  if (!labels.preset) problems.push('preset missing');
  const invalid = contractProblems(contract);
  // A contract the model would reject cannot be half-used: fall back to the defaults as a whole, loudly.
  if (invalid.length > 0) return { contract: DEFAULT_CONTRACT, fromData: false, problems: [...problems, ...invalid] };
  return { contract, fromData: true, problems };
}

/** What-if values from the panel options; an absent field keeps the contract's value. */
export interface ContractOverrides {
  preset?: string;
  weights?: MetricWeights;
  rampUpSprints?: number;
  lowScoreBelow?: number;
  consecutiveLowForCredit?: number;
}

export function applyOverrides(base: ContractParameters, overrides: ContractOverrides): ContractParameters {
  return {
    preset: overrides.preset ?? base.preset,
    weights: overrides.weights ?? base.weights,
    rampUpSprints: overrides.rampUpSprints ?? base.rampUpSprints,
    lowScoreBelow: overrides.lowScoreBelow ?? base.lowScoreBelow,
    consecutiveLowForCredit: overrides.consecutiveLowForCredit ?? base.consecutiveLowForCredit,
  };
}

/** Each parameter where `effective` departs from `contract`, in words for the what-if note. */
export function contractDifferences(contract: ContractParameters, effective: ContractParameters): string[] {
  const out: string[] = [];
  if (effective.preset !== contract.preset) out.push(`preset ${effective.preset} (contract: ${contract.preset})`);
  for (const metric of METRICS) {
    if (effective.weights[metric] !== contract.weights[metric]) {
      out.push(`weight of ${metric} ${effective.weights[metric]} (contract: ${contract.weights[metric]})`);
    }
  }
  const scalar = [
    ['low score below', 'lowScoreBelow'],
    ['ramp-up sprints', 'rampUpSprints'],
    ['consecutive lows for credit', 'consecutiveLowForCredit'],
  ] as const;
  for (const [words, key] of scalar) {
    if (effective[key] !== contract[key]) out.push(`${words} ${effective[key]} (contract: ${contract[key]})`);
  }
  return out;
}
