import type { SurveyResponseRecord } from '../store/types';
import { DEFAULT_SURVEY } from '../surveys/default-survey';
import { anonymousKey } from '../surveys/respondent';
import type { Dimension } from '../surveys/types';
import type { Random } from './random';
import type { DemoSquad } from './squads';
import { DAY, HOUR, MINUTE } from './time';
import type { DemoContext, DemoPart } from './types';

/** Demo survey rounds use the shipped survey; the demo config keeps the default threshold explicit. */
export const DEMO_MIN_RESPONDENTS = 5;

interface SquadMood {
  /** People in the squad; most of them answer each round. */
  size: number;
  /** Level 0–1 of each dimension in a sprint, before personal and item noise. */
  dimension(d: Dimension, sprint: number): number;
  /** Level 0–1 of each capability; capabilities change slowly, so it does not depend on the sprint. */
  capability: Record<string, number>;
  /** Rounds with fewer respondents than usual (holidays): sprint → respondents. */
  thinRounds?: Record<number, number>;
}

/**
 * The story the survey tells next to the delivery history (squads.ts):
 * - borealis feels it first: satisfaction and well-being fall from sprint 9, two sprints before its low sprint
 *   11, while its delivery metrics are still ok — the early warning the survey is for;
 * - atlas is lukewarm and dips while its low sprints 5–7 happen, not before;
 * - cosmos is content and strong on every capability; in sprint 8 only 3 people answered (holidays), which is
 *   below the anonymity threshold, so that sprint is suppressed.
 */
const MOODS: Record<string, SquadMood> = {
  atlas: {
    size: 7,
    dimension: (d, s) =>
      ({ satisfaction: 0.6, wellbeing: 0.55, communication: 0.6, collaboration: 0.62 })[d] -
      (s >= 5 && s <= 7 ? 0.12 : 0),
    capability: {
      documentation_quality: 0.45,
      loosely_coupled_architecture: 0.4,
      flexible_infrastructure: 0.55,
      code_maintainability: 0.5,
      continuous_delivery: 0.5,
    },
  },
  borealis: {
    size: 6,
    dimension: (d, s) => {
      const drop = [0, 0.18, 0.3, 0.36, 0.38][Math.max(0, Math.min(4, s - 8))] as number;
      const base = { satisfaction: 0.74, wellbeing: 0.7, communication: 0.72, collaboration: 0.7 }[d];
      const weight = { satisfaction: 1, wellbeing: 0.9, communication: 0.5, collaboration: 0.4 }[d];
      return base - drop * weight;
    },
    capability: {
      documentation_quality: 0.62,
      loosely_coupled_architecture: 0.58,
      flexible_infrastructure: 0.6,
      code_maintainability: 0.6,
      continuous_delivery: 0.62,
    },
  },
  cosmos: {
    size: 8,
    dimension: (d) => ({ satisfaction: 0.82, wellbeing: 0.78, communication: 0.8, collaboration: 0.84 })[d],
    capability: {
      documentation_quality: 0.78,
      loosely_coupled_architecture: 0.82,
      flexible_infrastructure: 0.85,
      code_maintainability: 0.75,
      continuous_delivery: 0.9,
    },
    thinRounds: { 8: 3 },
  },
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function roundOf(ctx: DemoContext, squad: DemoSquad, rng: Random): SurveyResponseRecord[] {
  const mood = MOODS[squad.name];
  if (!mood) return [];
  const out: SurveyResponseRecord[] = [];
  for (const sprint of ctx.sprints) {
    const count = mood.thinRounds?.[sprint.index] ?? clamp(mood.size - rng.int(0, 2), DEMO_MIN_RESPONDENTS, mood.size);
    for (let person = 0; person < count; person++) {
      // The survey is sent on day 9 of the sprint; people answer over the next three days.
      const time = sprint.start + 9 * DAY + Math.floor((rng.between(0, 72) * HOUR) / MINUTE) * MINUTE;
      const personal = rng.between(-0.12, 0.12);
      const answers: Record<string, number> = {};
      for (const q of DEFAULT_SURVEY.questions) {
        if (q.scale === 'enps') {
          const level = mood.dimension('satisfaction', sprint.index) + personal + rng.between(-0.1, 0.1);
          answers[q.id] = clamp(Math.round(10 * level + 0.5), 0, 10);
          continue;
        }
        // Some people skip a statement they cannot judge.
        if (rng.chance(0.05)) continue;
        const base =
          q.dimension !== undefined
            ? mood.dimension(q.dimension, sprint.index)
            : (mood.capability[q.capability as string] ?? 0.5);
        const level = clamp(base + personal + rng.between(-0.15, 0.15), 0, 1);
        // A reversed statement is agreed with when things are bad: its answer mirrors the level.
        answers[q.id] = q.reversed ? Math.round(5 - 4 * level) : Math.round(1 + 4 * level);
      }
      if (time >= ctx.now) continue;
      out.push({
        survey: DEFAULT_SURVEY.id,
        team: squad.name,
        time,
        respondent: anonymousKey(squad.name, time, answers),
        answers,
      });
    }
  }
  return out;
}

/** Every squad's survey responses, one round per sprint (the current one only up to the anchor). Pure. */
export function demoSurveyResponses(ctx: DemoContext): SurveyResponseRecord[] {
  return ctx.squads.flatMap((squad) => roundOf(ctx, squad, ctx.random(`surveys/${squad.name}`)));
}

/** The survey rounds as a demo part: anonymous responses, so writing the same demo twice adds nothing. */
export const surveyRounds: DemoPart = {
  name: 'survey-rounds',
  config: () => ({ surveys: { minRespondents: DEMO_MIN_RESPONDENTS } }),
  write: async (ctx, target) => {
    const { stored, repeated } = target.store.appendSurveyResponses(demoSurveyResponses(ctx));
    return { added: stored, existing: repeated };
  },
};
