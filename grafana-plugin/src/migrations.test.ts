import type { PanelModel } from '@grafana/data';
import { DEFAULT_OPTIONS } from './defaults';
import { migrationHandler, normalizeOptions } from './migrations';
import type { SprintScoreOptions } from './types';

const panel = (options: unknown, pluginVersion?: string) =>
  ({ id: 1, type: 'doraguarantee-sprintscore-panel', options, pluginVersion, fieldConfig: {} }) as PanelModel<
    Partial<SprintScoreOptions>
  >;

describe('migrationHandler', () => {
  it('gives a panel saved without options every default, contract parameters from data', () => {
    expect(migrationHandler(panel(undefined, ''))).toEqual(DEFAULT_OPTIONS);
  });

  it('keeps valid 1.0 options as they are', () => {
    const saved: SprintScoreOptions = {
      preset: 'dora-2024',
      overrideWeights: true,
      weights: { deploymentFrequency: 2, leadTime: 1, changeFailureRate: 0, recoveryTime: 1, reworkRate: 1 },
      lowScoreBelow: 60,
      rampUpSprints: 0,
      consecutiveLowForCredit: 3,
      sprintsShown: 26,
      layout: 'compact',
      sortBy: 'name',
      evidenceBaseUrl: '${exporter}',
    };
    expect(migrationHandler(panel(saved, '1.0.0'))).toEqual(saved);
  });

  it('reads numbers written as strings in a hand-written dashboard', () => {
    const migrated = migrationHandler(
      panel({ lowScoreBelow: '55', rampUpSprints: '1', sprintsShown: '8', weights: { leadTime: '2' } }, ''),
    );
    expect(migrated).toMatchObject({ lowScoreBelow: 55, rampUpSprints: 1, sprintsShown: 8 });
    expect(migrated.weights.leadTime).toBe(2);
  });

  it('turns unusable values into their defaults, never into a what-if', () => {
    const migrated = normalizeOptions({
      preset: 'dora-1999',
      lowScoreBelow: 'fifty',
      rampUpSprints: -1,
      consecutiveLowForCredit: 0.5,
      sprintsShown: 0,
      layout: 'huge',
      sortBy: 'mood',
      evidenceBaseUrl: '  ',
      weights: { deploymentFrequency: -3 },
    });
    expect(migrated).toEqual(DEFAULT_OPTIONS);
  });

  it('is idempotent', () => {
    const once = migrationHandler(panel({ lowScoreBelow: '40', layout: 'compact' }, ''));
    expect(migrationHandler(panel(once, '1.0.0'))).toEqual(once);
  });
});
