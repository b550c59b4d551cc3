import { DEFAULT_WEIGHTS } from '@dora-guarantee/scoring';
import { PRESET_FROM_DATA, type SprintScoreOptions } from './types';

/** The exporter's default listen address (docs/metrics.md); dashboards usually override it with a variable. */
export const DEFAULT_EVIDENCE_BASE_URL = 'http://localhost:9470';

export const DEFAULT_OPTIONS: SprintScoreOptions = {
  preset: PRESET_FROM_DATA,
  overrideWeights: false,
  weights: { ...DEFAULT_WEIGHTS },
  sprintsShown: 13,
  layout: 'detailed',
  sortBy: 'credits',
  evidenceBaseUrl: DEFAULT_EVIDENCE_BASE_URL,
};
