import type { SurveyResponseRecord } from '../../src/store/types';
import { aggregatePeriod } from '../../src/surveys/aggregate';
import { publish } from '../../src/surveys/anonymity';
import { answerFromCell, enps, unitScore } from '../../src/surveys/scale';
import type { Question, SurveyDefinition } from '../../src/surveys/types';

const question = (id: string, extra: Partial<Question>): Question => ({
  id,
  text: id,
  reversed: false,
  scale: 'agreement',
  aliases: [],
  ...extra,
});

const survey: SurveyDefinition = {
  id: 'pulse',
  title: 'Pulse',
  questions: [
    question('happy', { dimension: 'satisfaction' }),
    question('tools', { dimension: 'satisfaction' }),
    question('drained', { dimension: 'wellbeing', reversed: true }),
    question('docs', { capability: 'documentation_quality' }),
    question('recommend', { scale: 'enps' }),
  ],
};

const response = (respondent: string, answers: Record<string, number>): SurveyResponseRecord => ({
  survey: 'pulse',
  team: 'atlas',
  time: 0,
  respondent,
  answers,
});

describe('scale', () => {
  it('maps the agreement scale linearly to 0-1 and flips reversed items', () => {
    const plain = question('q', { dimension: 'satisfaction' });
    const reversed = question('r', { dimension: 'wellbeing', reversed: true });
    expect([1, 2, 3, 4, 5].map((a) => unitScore(plain, a))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([1, 2, 3, 4, 5].map((a) => unitScore(reversed, a))).toEqual([1, 0.75, 0.5, 0.25, 0]);
  });

  it('computes eNPS as promoters minus detractors in percent', () => {
    // 2 promoters (9, 10), 2 passives (7, 8), 1 detractor (6): (2 - 1) / 5 = 20 %.
    expect(enps([9, 10, 7, 8, 6])).toBe(20);
    expect(enps([0, 6])).toBe(-100);
    expect(enps([])).toBeNull();
  });

  it('reads numbers and the labels form tools export, and refuses anything else', () => {
    const q = question('q', { dimension: 'satisfaction' });
    expect(answerFromCell(q, ' Strongly agree ')).toBe(5);
    expect(answerFromCell(q, 'strongly DISAGREE')).toBe(1);
    expect(answerFromCell(q, 'Neither agree nor disagree')).toBe(3);
    expect(answerFromCell(q, 'Neutral')).toBe(3);
    expect(answerFromCell(q, '4')).toBe(4);
    expect(answerFromCell(q, '5 - Strongly agree')).toBe(5);
    expect(answerFromCell(q, 'Agree (4)')).toBe(4);
    for (const bad of ['0', '6', '4.5', 'Yes', 'Agree strongly', '-1']) expect(answerFromCell(q, bad)).toBeUndefined();
    const nps = question('n', { scale: 'enps' });
    expect(answerFromCell(nps, '0')).toBe(0);
    expect(answerFromCell(nps, '10')).toBe(10);
    expect(answerFromCell(nps, '11')).toBeUndefined();
    expect(answerFromCell(nps, 'Agree')).toBeUndefined();
  });
});

describe('aggregatePeriod', () => {
  it("averages each person's items first, so skipping an item does not change a person's weight", () => {
    const a = aggregatePeriod(survey, [
      // Person A: happy 5 (1.0), tools 3 (0.5) → 0.75.
      response('A', { happy: 5, tools: 3 }),
      // Person B: happy 1 (0.0) only → 0.0.
      response('B', { happy: 1 }),
    ]);
    // Mean of the people's means (0.75 + 0) / 2, not of the three answers (1 + 0.5 + 0) / 3.
    expect(a.dimensions.satisfaction).toEqual({ score: 0.375, respondents: 2 });
    expect(a.respondents).toBe(2);
  });

  it('flips reversed items, keeps capabilities apart and computes eNPS over those who answered it', () => {
    const a = aggregatePeriod(survey, [
      response('A', { drained: 5, docs: 4, recommend: 10 }),
      response('B', { drained: 2, docs: 2 }),
    ]);
    // drained 5 → 0, drained 2 → 0.75.
    expect(a.dimensions.wellbeing).toEqual({ score: 0.375, respondents: 2 });
    expect(a.capabilities).toEqual({ documentation_quality: { score: 0.5, respondents: 2 } });
    expect(a.enps).toEqual({ score: 100, respondents: 1 });
    expect(a.dimensions.satisfaction).toBeUndefined();
  });

  it('counts a respondent once, with the first stored response, and ignores questions the survey lost', () => {
    const a = aggregatePeriod(survey, [
      response('A', { happy: 5 }),
      response('B', { happy: 1, removed: 5 }),
      response('A', { happy: 1 }),
    ]);
    expect(a.respondents).toBe(2);
    expect(a.dimensions.satisfaction).toEqual({ score: 0.5, respondents: 2 });
  });
});

describe('publish (anonymity)', () => {
  const people = (n: number, answers: Record<string, number>) =>
    Array.from({ length: n }, (_, i) => response(`p${i}`, answers));

  it('suppresses a period below the threshold entirely: no count, no score', () => {
    const result = publish(aggregatePeriod(survey, people(4, { happy: 5, recommend: 9 })), 5);
    expect(result).toEqual({ status: 'suppressed' });
  });

  it('publishes at the threshold and leaves out scores that rest on fewer people', () => {
    const answers = [...people(4, { happy: 4 }), response('last', { happy: 4, docs: 5, recommend: 10 })];
    expect(publish(aggregatePeriod(survey, answers), 5)).toEqual({
      status: 'published',
      respondents: 5,
      dimensions: { satisfaction: 0.75 },
      // One person answered docs and the eNPS question: publishing either would be that person's answer.
      capabilities: {},
    });
  });
});
