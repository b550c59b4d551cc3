import fc from 'fast-check';
import {
  type ContractParameters,
  type Measurements,
  type MetricKey,
  type SprintInput,
  type Tier,
  DEFAULT_CONTRACT,
  METRICS,
  TIERS,
  evaluateGuarantee,
  evaluateTeam,
  parseTime,
  scoreOf,
  tiersOf,
  withDefaults,
} from '../src';
import { goldenVectors } from './golden';

const DAY = 86_400_000;

/** A dora-2023 value that falls in each tier, per metric. */
const valueIn: Record<MetricKey, Record<Tier, number>> = {
  deploymentFrequency: { elite: 2, high: 0.5, medium: 0.1, low: 0 },
  leadTime: { elite: 3600, high: 2 * 86400, medium: 10 * 86400, low: 90 * 86400 },
  changeFailureRate: { elite: 0, high: 0.08, medium: 0.12, low: 0.5 },
  recoveryTime: { elite: 600, high: 7200, medium: 3 * 86400, low: 30 * 86400 },
  reworkRate: { elite: 0, high: 0.08, medium: 0.12, low: 0.5 },
};

type SprintPlan = { events: number; tiers: Partial<Record<MetricKey, Tier>> };

function measurementsOf(plan: SprintPlan): Measurements {
  const v = (m: MetricKey) => (plan.tiers[m] === undefined ? null : valueIn[m][plan.tiers[m] as Tier]);
  return {
    deployments: 0,
    deploymentFrequencyPerDay: v('deploymentFrequency') ?? 0,
    changes: 0,
    leadTimeMedianSeconds: v('leadTime'),
    leadTimeP90Seconds: v('leadTime'),
    failedDeployments: 0,
    changeFailureRate: v('changeFailureRate'),
    openFailures: 0,
    recoveryTimeMedianSeconds: v('recoveryTime'),
    unplannedDeployments: 0,
    reworkRate: v('reworkRate'),
    events: plan.events,
  };
}

const tierArb = fc.constantFrom(...TIERS);
const sprintPlanArb: fc.Arbitrary<SprintPlan> = fc.record({
  events: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
  tiers: fc.record({
    deploymentFrequency: tierArb,
    leadTime: fc.option(tierArb, { nil: undefined }),
    changeFailureRate: fc.option(tierArb, { nil: undefined }),
    recoveryTime: fc.option(tierArb, { nil: undefined }),
    reworkRate: fc.option(tierArb, { nil: undefined }),
  }),
});

const contractArb: fc.Arbitrary<ContractParameters> = fc
  .record({
    rampUpSprints: fc.integer({ min: 0, max: 3 }),
    lowScoreBelow: fc.integer({ min: 0, max: 100 }),
    consecutiveLowForCredit: fc.integer({ min: 1, max: 4 }),
    weights: fc.record({
      deploymentFrequency: fc.integer({ min: 1, max: 3 }),
      leadTime: fc.integer({ min: 0, max: 3 }),
      changeFailureRate: fc.integer({ min: 0, max: 3 }),
      recoveryTime: fc.integer({ min: 0, max: 3 }),
      reworkRate: fc.integer({ min: 0, max: 3 }),
    }),
  })
  .map((c) => withDefaults(c));

const START = Date.parse('2026-01-05T00:00:00Z');
function inputsOf(plans: SprintPlan[]): SprintInput[] {
  return plans.map((plan, index) => ({
    index,
    name: `s${index}`,
    start: START + index * 14 * DAY,
    end: START + (index + 1) * 14 * DAY,
    measurements: measurementsOf(plan),
  }));
}
const ASOF_AFTER_ALL = START + 1000 * 14 * DAY;

const worse: Record<Tier, Tier | undefined> = { elite: 'high', high: 'medium', medium: 'low', low: undefined };

describe('contract invariants', () => {
  it('the score stays within 0–100 for any measurements and weights', () => {
    fc.assert(
      fc.property(
        sprintPlanArb,
        contractArb,
        fc.record({
          deploymentFrequencyPerDay: fc.double({ min: 0, max: 1e6, noNaN: true }),
          leadTimeMedianSeconds: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: null }),
          changeFailureRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
          recoveryTimeMedianSeconds: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: null }),
          reworkRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        }),
        (plan, contract, values) => {
          const m = { ...measurementsOf(plan), ...values };
          const score = scoreOf(tiersOf(m, contract.preset), contract.weights);
          expect(score).not.toBeNull();
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('credits never decrease when a sprint’s score drops', () => {
    fc.assert(
      fc.property(
        fc.array(sprintPlanArb, { minLength: 1, maxLength: 14 }),
        contractArb,
        fc.nat(),
        fc.constantFrom(...METRICS),
        (plans, contract, pick, metric) => {
          const index = pick % plans.length;
          const tier = plans[index]!.tiers[metric];
          fc.pre(tier !== undefined && worse[tier] !== undefined);
          const dropped = plans.map((p, i) =>
            i === index ? { ...p, tiers: { ...p.tiers, [metric]: worse[tier as Tier] } } : p,
          );
          const before = evaluateGuarantee(inputsOf(plans), contract, ASOF_AFTER_ALL);
          const after = evaluateGuarantee(inputsOf(dropped), contract, ASOF_AFTER_ALL);
          const scoreBefore = before.sprints[index]!.score;
          const scoreAfter = after.sprints[index]!.score;
          if (scoreBefore !== null && scoreAfter !== null) expect(scoreAfter).toBeLessThanOrEqual(scoreBefore);
          expect(after.credits).toBeGreaterThanOrEqual(before.credits);
        },
      ),
    );
  });

  it('credits are 0 when no two consecutive ended sprints are low', () => {
    fc.assert(
      fc.property(fc.array(sprintPlanArb, { maxLength: 14 }), contractArb, fc.nat(), (plans, c, cut) => {
        const contract = { ...c, consecutiveLowForCredit: 2 };
        // Some sprints may still be in progress: put asOf inside one of them.
        const asOf = START + (cut % (plans.length + 1)) * 14 * DAY + DAY;
        const result = evaluateGuarantee(inputsOf(plans), contract, asOf);
        const statuses = result.sprints.map((s) => s.status);
        const twoLowInARow = statuses.some((s, i) => s === 'low' && statuses[i + 1] === 'low');
        if (!twoLowInARow) expect(result.credits).toBe(0);
        else expect(result.credits).toBeGreaterThanOrEqual(2);
      }),
    );
  });

  it('credits count exactly the credited sprints, and only low ones are credited', () => {
    fc.assert(
      fc.property(fc.array(sprintPlanArb, { maxLength: 20 }), contractArb, (plans, contract) => {
        const result = evaluateGuarantee(inputsOf(plans), contract, ASOF_AFTER_ALL);
        const credited = result.sprints.filter((s) => s.credited);
        expect(result.credits).toBe(credited.length);
        for (const s of credited) expect(s.status).toBe('low');
        for (const s of result.sprints.slice(0, contract.rampUpSprints)) expect(s.status).toBe('ramp-up');
      }),
    );
  });

  it('the order in which events arrive never changes a result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...goldenVectors), fc.integer(), (vector, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(vector.events, { minLength: vector.events.length }), {
          seed,
          numRuns: 1,
        })[0]!;
        const asOf = parseTime(vector.asOf);
        const a = evaluateTeam(vector.events, vector.calendar, vector.contract, vector.link, asOf);
        const b = evaluateTeam(shuffled, vector.calendar, vector.contract, vector.link, asOf);
        expect(b).toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it('the default contract is the one docs/scoring.md describes', () => {
    expect(DEFAULT_CONTRACT).toEqual({
      preset: 'dora-2023',
      weights: { deploymentFrequency: 1, leadTime: 1, changeFailureRate: 1, recoveryTime: 1, reworkRate: 0 },
      rampUpSprints: 2,
      lowScoreBelow: 50,
      consecutiveLowForCredit: 2,
    });
  });
});
