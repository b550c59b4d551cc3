import type { SurveyResponseRecord } from '../store/types';
import { enps, unitScore } from './scale';
import type { Dimension, SurveyDefinition } from './types';

/** A mean score on 0–1 and how many distinct people it rests on. */
export interface ScoreAggregate {
  score: number;
  respondents: number;
}

/** Everything computed for one team, survey and sprint. Internal: only anonymity.ts turns it into output. */
export interface PeriodAggregate {
  /** Distinct respondents (duplicates by the same respondent counted once). */
  respondents: number;
  dimensions: Partial<Record<Dimension, ScoreAggregate>>;
  capabilities: Record<string, ScoreAggregate>;
  enps?: ScoreAggregate;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Aggregates one period's responses, given in storage order. A respondent's first stored response is the one
 * that counts; later ones by the same respondent in the period are ignored. Each person weighs the same in a
 * score: their answers to a dimension's items are averaged first, then the people's means are averaged, so
 * skipping items does not change anyone's weight. Answers to questions the survey no longer has are ignored.
 */
export function aggregatePeriod(survey: SurveyDefinition, responses: readonly SurveyResponseRecord[]): PeriodAggregate {
  const questions = new Map(survey.questions.map((q) => [q.id, q]));
  const firsts = new Map<string, SurveyResponseRecord>();
  for (const r of responses) if (!firsts.has(r.respondent)) firsts.set(r.respondent, r);

  const perTarget = new Map<string, number[]>();
  const enpsAnswers: number[] = [];
  for (const response of firsts.values()) {
    const own = new Map<string, number[]>();
    for (const [id, answer] of Object.entries(response.answers)) {
      const question = questions.get(id);
      if (!question) continue;
      if (question.scale === 'enps') {
        enpsAnswers.push(answer);
        continue;
      }
      const key = question.dimension !== undefined ? `d:${question.dimension}` : `c:${question.capability}`;
      const list = own.get(key) ?? [];
      list.push(unitScore(question, answer));
      own.set(key, list);
    }
    for (const [key, scores] of own) {
      const list = perTarget.get(key) ?? [];
      list.push(mean(scores));
      perTarget.set(key, list);
    }
  }

  const result: PeriodAggregate = { respondents: firsts.size, dimensions: {}, capabilities: {} };
  for (const [key, people] of [...perTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const aggregate = { score: mean(people), respondents: people.length };
    if (key.startsWith('d:')) result.dimensions[key.slice(2) as Dimension] = aggregate;
    else result.capabilities[key.slice(2)] = aggregate;
  }
  const e = enps(enpsAnswers);
  if (e !== null) result.enps = { score: e, respondents: enpsAnswers.length };
  return result;
}
