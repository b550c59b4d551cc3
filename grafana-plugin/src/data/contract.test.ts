import { DEFAULT_CONTRACT } from '@dora-guarantee/scoring';
import { applyOverrides, contractDifferences, contractFromInfo } from './contract';

const INFO = {
  team: 'a',
  preset: 'dora-2021',
  ramp_up_sprints: '1',
  low_score_below: '60',
  consecutive_low_for_credit: '3',
  weight_deployment_frequency: '2',
  weight_lead_time: '1',
  weight_change_failure_rate: '1',
  weight_recovery_time: '0.5',
  weight_rework_rate: '0',
};

describe('contractFromInfo', () => {
  it('reads every parameter from the labels', () => {
    expect(contractFromInfo(INFO)).toEqual({
      fromData: true,
      problems: [],
      contract: {
        preset: 'dora-2021',
        rampUpSprints: 1,
        lowScoreBelow: 60,
        consecutiveLowForCredit: 3,
        weights: { deploymentFrequency: 2, leadTime: 1, changeFailureRate: 1, recoveryTime: 0.5, reworkRate: 0 },
      },
    });
  });

  it('uses the defaults without an info series, and says so', () => {
    expect(contractFromInfo(undefined)).toEqual({ contract: DEFAULT_CONTRACT, fromData: false, problems: [] });
  });

  it('replaces a missing label by its default and names it', () => {
    const { ramp_up_sprints: _omit, ...rest } = INFO;
    const result = contractFromInfo(rest);
    expect(result.contract.rampUpSprints).toBe(DEFAULT_CONTRACT.rampUpSprints);
    expect(result.contract.lowScoreBelow).toBe(60);
    expect(result.problems).toEqual(['ramp_up_sprints missing']);
  });

  it('rejects a contract the model would reject as a whole', () => {
    const result = contractFromInfo({ ...INFO, preset: 'dora-1999' });
    expect(result.fromData).toBe(false);
    expect(result.contract).toEqual(DEFAULT_CONTRACT);
    expect(result.problems.join()).toMatch(/unknown "dora-1999"/);
  });
});

describe('overrides', () => {
  it('changes only what is overridden and lists each difference', () => {
    const effective = applyOverrides(DEFAULT_CONTRACT, { lowScoreBelow: 70, preset: 'dora-2024' });
    expect(effective).toEqual({ ...DEFAULT_CONTRACT, lowScoreBelow: 70, preset: 'dora-2024' });
    expect(contractDifferences(DEFAULT_CONTRACT, effective)).toEqual([
      'preset dora-2024 (contract: dora-2023)',
      'low score below 70 (contract: 50)',
    ]);
  });

  it('reports no difference for an override equal to the contract', () => {
    const effective = applyOverrides(DEFAULT_CONTRACT, { rampUpSprints: DEFAULT_CONTRACT.rampUpSprints });
    expect(contractDifferences(DEFAULT_CONTRACT, effective)).toEqual([]);
  });
});
