import type { SprintResult } from '@dora-guarantee/scoring';

export function formatScore(score: number | null): string {
  return score === null ? '–' : Math.round(score).toString();
}

/** The sprint's standing in words, also its accessible name: colour alone must not carry the meaning. */
export function statusText(s: SprintResult): string {
  const score = s.score === null ? 'no score' : `score ${formatScore(s.score)}`;
  const flags = [s.credited ? 'credited' : '', s.atRisk ? 'at risk' : ''].filter(Boolean);
  const provisional = s.status === 'in-progress' ? ' (provisional)' : '';
  return `${s.name}: ${s.status}${flags.length ? ` (${flags.join(', ')})` : ''}, ${score}${provisional}`;
}
