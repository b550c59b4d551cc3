import { type GuaranteeResult, type SprintResult, toIso } from '@dora-guarantee/scoring';
import type { TeamConfig } from '../config/load';

export function sprintJson(s: SprintResult) {
  return {
    sprint: s.name,
    index: s.index,
    start: toIso(s.start),
    end: toIso(s.end),
    status: s.status,
    score: s.score,
    credited: s.credited,
    atRisk: s.atRisk,
    measurements: s.measurements,
    tiers: s.tiers,
  };
}

export function contractJson(team: TeamConfig) {
  return { ...team.contract, calendar: { timeZone: 'UTC', ...team.calendar } };
}

export function totalsJson(g: GuaranteeResult) {
  return { credits: g.credits, lowStreak: g.lowStreak, atRisk: g.atRisk, creditsIfNextLow: g.creditsIfNextLow };
}
