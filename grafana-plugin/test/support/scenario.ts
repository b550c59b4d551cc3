/**
 * A multi-team scenario assembled from golden vectors, every team lined up on one "now": the data for component,
 * browser and benchmark tests. Expected figures come from the vectors, never from the panel.
 */
import { goldenVectors, type GoldenVector } from '@dora-guarantee/scoring/test/golden';
import { type PromSeries, seriesForVector } from './exposition';

/** The instant every team's vector is shifted to, so that each keeps its own in-progress sprint. */
export const SCENARIO_AS_OF = Date.parse('2026-06-17T12:00:00Z');

export const SCENARIO_TEAMS: Record<string, string> = {
  checkout: 'run-of-three-low',
  payments: 'two-separate-runs',
  search: 'no-data-breaks-a-run',
  onboarding: 'low-in-progress-not-counted',
  platform: 'custom-weights-three-needed',
};

export function vectorNamed(name: string): GoldenVector {
  const v = goldenVectors.find((g) => g.name === name);
  if (!v) throw new Error(`no golden vector ${name}`);
  return v;
}

export function scenarioSeries(teams: Record<string, string> = SCENARIO_TEAMS): PromSeries[] {
  return Object.entries(teams).flatMap(([team, name]) => {
    const vector = vectorNamed(name);
    return seriesForVector(vector, team, { shiftMs: SCENARIO_AS_OF - Date.parse(vector.asOf) });
  });
}
