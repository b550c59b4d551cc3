import { METRICS, type MetricWeights, PRESET_IDS } from '@dora-guarantee/scoring';
import type { PanelModel } from '@grafana/data';
import { DEFAULT_OPTIONS } from './defaults';
import { type Layout, PRESET_FROM_DATA, type SortBy, type SprintScoreOptions } from './types';

const LAYOUTS: readonly Layout[] = ['compact', 'detailed'];
const SORTS: readonly SortBy[] = ['credits', 'score', 'name'];

function asNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function asInteger(value: unknown, min: number): number | undefined {
  const n = asNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= min ? n : undefined;
}

function weightsOf(value: unknown): MetricWeights {
  const saved = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const weights = { ...DEFAULT_OPTIONS.weights };
  for (const metric of METRICS) {
    const w = asNumber(saved[metric]);
    if (w !== undefined && w >= 0) weights[metric] = w;
  }
  return weights;
}

/**
 * Options as saved by any version of the panel — or written by hand in a provisioned dashboard, where numbers come
 * as strings and typos happen — made valid for this version. Anything unusable falls back to its default, which
 * for contract parameters means "from data", so a bad value never silently becomes a what-if.
 */
export function normalizeOptions(saved: Partial<Record<keyof SprintScoreOptions, unknown>>): SprintScoreOptions {
  const options: SprintScoreOptions = {
    preset: typeof saved.preset === 'string' && PRESET_IDS.includes(saved.preset) ? saved.preset : PRESET_FROM_DATA,
    overrideWeights: saved.overrideWeights === true || saved.overrideWeights === 'true',
    weights: weightsOf(saved.weights),
    sprintsShown: asInteger(saved.sprintsShown, 1) ?? DEFAULT_OPTIONS.sprintsShown,
    layout: LAYOUTS.includes(saved.layout as Layout) ? (saved.layout as Layout) : DEFAULT_OPTIONS.layout,
    sortBy: SORTS.includes(saved.sortBy as SortBy) ? (saved.sortBy as SortBy) : DEFAULT_OPTIONS.sortBy,
    evidenceBaseUrl:
      typeof saved.evidenceBaseUrl === 'string' && saved.evidenceBaseUrl.trim() !== ''
        ? saved.evidenceBaseUrl
        : DEFAULT_OPTIONS.evidenceBaseUrl,
  };
  const low = asNumber(saved.lowScoreBelow);
  if (low !== undefined && low >= 0 && low <= 100) options.lowScoreBelow = low;
  const rampUp = asInteger(saved.rampUpSprints, 0);
  if (rampUp !== undefined) options.rampUpSprints = rampUp;
  const consecutive = asInteger(saved.consecutiveLowForCredit, 1);
  if (consecutive !== undefined) options.consecutiveLowForCredit = consecutive;
  return options;
}

/**
 * Grafana calls this when a panel was saved by another plugin version (or by none: `pluginVersion` is empty for
 * hand-written dashboards). 1.x is the first version: there is nothing to rename yet, only to validate. A later
 * version that renames an option adds the step here, keyed on `panel.pluginVersion`, before normalising.
 */
export function migrationHandler(panel: PanelModel<Partial<SprintScoreOptions>>): SprintScoreOptions {
  return normalizeOptions((panel.options ?? {}) as Partial<Record<keyof SprintScoreOptions, unknown>>);
}
