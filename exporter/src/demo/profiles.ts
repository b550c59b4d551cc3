import type { SprintQuality } from './squads';

export type FailureKind = 'rollback' | 'hotfix' | 'incident-window' | 'incident-explicit' | 'incident-hotfix';

type Range = readonly [number, number];

/**
 * Parameter ranges per sprint quality, chosen so that no draw can move a tier across a bound of the default
 * preset (dora-2023) — the squads' statuses do not depend on the seed. Worked bounds, per sprint of 14 days:
 * - elite: ≥ 16 deployments (≥ 1/day, Elite); every lead time < 1 day (Elite); at most one failure in ≥ 16
 *   (≤ 6.3 %, High or Elite); recovery < 1 h (Elite) → score ≥ 91.7.
 * - ok: 7–10 planned deployments plus remediations (High); lead times 8 h–4 days (High or Elite); at most one
 *   failure in ≥ 7 (≤ 14.3 %, Medium or better); recovery 2–12 h (High) → score ≥ 58.3, never low.
 * - low: 3–4 planned deployments (≥ 1/week, High); lead times 8–20 days (Medium); two failures (≥ 28 %, Low);
 *   recovery 26–46 h (Medium) → score 33.3, always low.
 */
export interface Profile {
  deployments: Range;
  /** Probability of each failure count: [P(0), P(1), P(2)]. */
  failures: readonly number[];
  failureKinds: readonly FailureKind[];
  changesPerDeployment: Range;
  leadTimeHours: Range;
  recoveryHours: Range;
  detectMinutes: Range;
  reviewHours: Range;
  changeLines: Range;
  pipelineMinutes: Range;
  pipelineFailure: number;
  automated: number;
  coverage: Range;
  testCount: Range;
  testFailure: number;
  migration: number;
  migrationFailure: number;
  /** Probability of an incident no deployment explains (e.g. a provider outage) in the sprint. */
  unlinkedIncident: number;
  /** Probability that a production deployment attempt fails (never reaches production) before it succeeds. */
  failedAttempt: number;
}

export const PROFILES: Record<SprintQuality, Profile> = {
  elite: {
    deployments: [16, 22],
    failures: [0.5, 0.5],
    failureKinds: ['rollback', 'rollback', 'incident-window'],
    changesPerDeployment: [1, 2],
    leadTimeHours: [1.5, 16],
    recoveryHours: [0.2, 0.8],
    detectMinutes: [2, 8],
    reviewHours: [0.3, 5],
    changeLines: [10, 220],
    pipelineMinutes: [4, 10],
    pipelineFailure: 0.05,
    automated: 1,
    coverage: [0.84, 0.9],
    testCount: [900, 1100],
    testFailure: 0.02,
    migration: 0.1,
    migrationFailure: 0,
    unlinkedIncident: 0.2,
    failedAttempt: 0.02,
  },
  ok: {
    deployments: [7, 10],
    failures: [0.4, 0.6],
    failureKinds: ['incident-window', 'incident-window', 'incident-explicit', 'rollback', 'hotfix', 'incident-hotfix'],
    changesPerDeployment: [1, 3],
    leadTimeHours: [8, 96],
    recoveryHours: [2, 12],
    detectMinutes: [8, 45],
    reviewHours: [3, 40],
    changeLines: [40, 600],
    pipelineMinutes: [8, 18],
    pipelineFailure: 0.15,
    automated: 0.6,
    coverage: [0.68, 0.78],
    testCount: [500, 650],
    testFailure: 0.08,
    migration: 0.2,
    migrationFailure: 0.05,
    unlinkedIncident: 0.35,
    failedAttempt: 0.05,
  },
  low: {
    deployments: [3, 4],
    failures: [0, 0, 1],
    failureKinds: ['incident-window', 'incident-explicit', 'rollback', 'hotfix', 'incident-hotfix'],
    changesPerDeployment: [2, 3],
    leadTimeHours: [8 * 24, 20 * 24],
    recoveryHours: [26, 46],
    detectMinutes: [30, 180],
    reviewHours: [30, 160],
    changeLines: [300, 1800],
    pipelineMinutes: [15, 25],
    pipelineFailure: 0.35,
    automated: 0.2,
    coverage: [0.5, 0.62],
    testCount: [380, 480],
    testFailure: 0.2,
    migration: 0.35,
    migrationFailure: 0.25,
    unlinkedIncident: 0.4,
    failedAttempt: 0.25,
  },
};

/** Draws an index from a list of probabilities (which sum to 1). */
export function drawCount(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i] as number;
    if (u < acc) return i;
  }
  return probabilities.length - 1;
}
