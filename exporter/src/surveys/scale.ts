import type { Question } from './types';

/** The 5-point agreement scale, 1 = Strongly disagree … 5 = Strongly agree. */
export const AGREEMENT_LABELS = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
] as const;

/** Labels the form tools print for the agreement scale, lower-cased, with the value each stands for. */
const LABEL_VALUES = new Map<string, number>([
  ...AGREEMENT_LABELS.map((l, i) => [l.toLowerCase(), i + 1] as [string, number]),
  ['neutral', 3],
  ['neither', 3],
  ['neither agree or disagree', 3],
  ['somewhat disagree', 2],
  ['somewhat agree', 4],
]);

export function answerRange(question: Question): { min: number; max: number } {
  return question.scale === 'enps' ? { min: 0, max: 10 } : { min: 1, max: 5 };
}

export function isValidAnswer(question: Question, value: unknown): value is number {
  const { min, max } = answerRange(question);
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** What a valid answer looks like, for error messages (which never repeat the answer given). */
export function expectedAnswer(question: Question): string {
  return question.scale === 'enps'
    ? 'an integer from 0 to 10'
    : 'an integer from 1 (Strongly disagree) to 5 (Strongly agree)';
}

/**
 * Reads an exported cell: a number, or for agreement items one of the scale's labels (Google Forms grids and
 * Microsoft Forms Likert questions export the label; linear scales and Typeform opinion scales the number).
 * Undefined when the cell is not a valid answer.
 */
export function answerFromCell(question: Question, cell: string): number | undefined {
  const text = cell.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return isValidAnswer(question, n) ? n : undefined;
  }
  if (question.scale === 'enps') return undefined;
  // "5 - Strongly agree" and "Strongly agree (5)" are common custom label forms.
  const numbered = /^(\d)\s*[-–:.)]\s*\p{L}|\p{L}\s*\((\d)\)$/u.exec(text);
  if (numbered) {
    const n = Number(numbered[1] ?? numbered[2]);
    return isValidAnswer(question, n) ? n : undefined;
  }
  return LABEL_VALUES.get(text.toLowerCase().replace(/\s+/g, ' '));
}

/**
 * An agreement answer on 0–1: (answer − 1) / 4, so Strongly disagree is 0 and Strongly agree is 1. A reversed
 * item is flipped, (5 − answer) / 4, so that 1 is always the good end.
 */
export function unitScore(question: Question, answer: number): number {
  return question.reversed ? (5 - answer) / 4 : (answer - 1) / 4;
}

/** eNPS: % promoters (9–10) − % detractors (0–6), −100…100. */
export function enps(answers: readonly number[]): number | null {
  if (answers.length === 0) return null;
  const promoters = answers.filter((a) => a >= 9).length;
  const detractors = answers.filter((a) => a <= 6).length;
  return (100 * (promoters - detractors)) / answers.length;
}
