import type { ContractParameters } from './contract';
import type { Measurements } from './measure';
import { type Tiers, scoreOf, tiersOf } from './score';

export type SprintStatus = 'in-progress' | 'ramp-up' | 'no-data' | 'low' | 'ok';
export const SPRINT_STATUSES: readonly SprintStatus[] = ['in-progress', 'ramp-up', 'no-data', 'low', 'ok'];

export interface SprintInput {
  /** 0 for the contract's first sprint. */
  index: number;
  name: string;
  start: number;
  end: number;
  measurements: Measurements;
}

export interface SprintResult extends SprintInput {
  tiers: Tiers;
  /** Null for a no-data sprint. Provisional while in progress. */
  score: number | null;
  status: SprintStatus;
  /** Part of a run of low sprints long enough to grant credits. */
  credited: boolean;
  /** Part of the current run of low sprints that is not yet long enough to grant credits. */
  atRisk: boolean;
}

export interface GuaranteeResult {
  sprints: SprintResult[];
  /** Credits owed: the total length of every run of ≥ consecutiveLowForCredit low sprints. */
  credits: number;
  /** The run of consecutive low sprints that ends with the latest ended sprint (0 if that one is not low). */
  lowStreak: number;
  /** The next ended sprint being low would grant credits. */
  atRisk: boolean;
  /** Credits that a low next sprint would add. */
  creditsIfNextLow: number;
}

export function statusOf(
  sprint: SprintInput,
  score: number | null,
  contract: ContractParameters,
  asOf: number,
): SprintStatus {
  if (sprint.end > asOf) return 'in-progress';
  if (sprint.index < contract.rampUpSprints) return 'ramp-up';
  if (sprint.measurements.events === 0 || score === null) return 'no-data';
  return score < contract.lowScoreBelow ? 'low' : 'ok';
}

/** Scores every sprint and applies the credit rule (docs/scoring.md). Sprints may come in any order. */
export function evaluateGuarantee(
  inputs: readonly SprintInput[],
  contract: ContractParameters,
  asOf: number,
): GuaranteeResult {
  const sprints: SprintResult[] = [...inputs]
    .sort((a, b) => a.index - b.index)
    .map((input) => {
      const tiers = tiersOf(input.measurements, contract.preset);
      const provisional = scoreOf(tiers, contract.weights);
      const status = statusOf(input, provisional, contract, asOf);
      return {
        ...input,
        tiers: status === 'no-data' ? {} : tiers,
        score: status === 'no-data' ? null : provisional,
        status,
        credited: false,
        atRisk: false,
      };
    });

  let credits = 0;
  let run: SprintResult[] = [];
  const closeRun = () => {
    if (run.length >= contract.consecutiveLowForCredit) {
      credits += run.length;
      for (const s of run) s.credited = true;
    }
  };
  let previousIndex: number | undefined;
  for (const sprint of sprints) {
    const counted = sprint.status === 'low' || sprint.status === 'ok' || sprint.status === 'no-data';
    if (!counted) continue;
    // A sprint missing from the input breaks a run as a no-data sprint would.
    if (previousIndex !== undefined && sprint.index !== previousIndex + 1) {
      closeRun();
      run = [];
    }
    previousIndex = sprint.index;
    if (sprint.status === 'low') {
      run.push(sprint);
    } else {
      closeRun();
      run = [];
    }
  }
  closeRun();

  const lowStreak = run.length;
  const n = contract.consecutiveLowForCredit;
  const creditsIfNextLow = lowStreak + 1 < n ? 0 : lowStreak + 1 === n ? n : 1;
  const atRisk = lowStreak > 0 && creditsIfNextLow > 0;
  if (atRisk && lowStreak < n) for (const s of run) s.atRisk = true;

  return { sprints, credits, lowStreak, atRisk, creditsIfNextLow };
}
