import {
  DEFAULT_CONTRACT,
  METRICS,
  PRESETS,
  boundaryOf,
  contractProblems,
  getPreset,
  median,
  parseTime,
  percentile,
  tierOf,
  withDefaults,
} from '../src';

describe('percentiles', () => {
  it('interpolates between closest ranks', () => {
    expect(median([])).toBeUndefined();
    expect(median([5])).toBe(5);
    expect(median([1, 3])).toBe(2);
    expect(median([9, 1, 5])).toBe(5);
    expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46);
  });
});

describe('timestamps', () => {
  it('accept RFC 3339 only', () => {
    expect(parseTime('2026-06-01T10:00:00+02:00')).toBe(Date.parse('2026-06-01T08:00:00Z'));
    expect(() => parseTime('2026-06-01')).toThrow(/RFC 3339/);
    expect(() => parseTime('June 1, 2026')).toThrow(/RFC 3339/);
    expect(() => parseTime('2026-13-01T00:00:00Z')).toThrow();
  });
});

describe('tier presets', () => {
  it.each(Object.keys(PRESETS))('%s has an ordered rule for every metric', (id) => {
    const preset = getPreset(id);
    for (const metric of METRICS) {
      const rule = preset.metrics[metric];
      const [elite, high, medium] = (['elite', 'high', 'medium'] as const).map((t) => boundaryOf(rule, t).value);
      if ('atLeastOnceEveryDays' in rule) {
        expect(elite).toBeGreaterThanOrEqual(high!);
        expect(high).toBeGreaterThanOrEqual(medium!);
      } else {
        expect(elite).toBeLessThanOrEqual(high!);
        expect(high).toBeLessThanOrEqual(medium!);
      }
    }
  });

  it('judges a value on the documented side of each bound', () => {
    const p = getPreset('dora-2023').metrics;
    expect(tierOf(p.deploymentFrequency, 1)).toBe('elite');
    expect(tierOf(p.deploymentFrequency, 0.99)).toBe('high');
    expect(tierOf(p.deploymentFrequency, 1 / 30)).toBe('medium');
    expect(tierOf(p.deploymentFrequency, 1 / 31)).toBe('low');
    expect(tierOf(p.leadTime, 86399)).toBe('elite');
    expect(tierOf(p.leadTime, 30 * 86400)).toBe('low');
    expect(tierOf(p.changeFailureRate, 0.15)).toBe('medium');
    expect(tierOf(p.changeFailureRate, 0.1500001)).toBe('low');
    expect(tierOf(p.recoveryTime, 604799)).toBe('medium');
  });

  it('refuses an unknown preset by name', () => {
    expect(() => getPreset('dora-1999')).toThrow(/unknown tier preset "dora-1999"/);
  });
});

describe('contract parameters', () => {
  it('accepts the defaults', () => {
    expect(contractProblems(DEFAULT_CONTRACT)).toEqual([]);
  });

  it('names every bad parameter', () => {
    const problems = contractProblems(
      withDefaults({
        preset: 'nope',
        rampUpSprints: -1,
        lowScoreBelow: 101,
        consecutiveLowForCredit: 0,
        weights: { deploymentFrequency: 0, leadTime: -1 },
      }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'preset',
      'weights.leadTime',
      'weights.deploymentFrequency',
      'rampUpSprints',
      'lowScoreBelow',
      'consecutiveLowForCredit',
    ]);
  });
});
