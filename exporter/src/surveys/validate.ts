import { isRfc3339, parseTime, sprintAt } from '@dora-guarantee/scoring';
import { z } from 'zod';
import type { Config, TeamConfig } from '../config/load';
import type { Problem } from '../sources/types';
import type { SurveyResponseRecord } from '../store/types';
import { anonymousKey, respondentKey } from './respondent';
import { expectedAnswer, isValidAnswer } from './scale';
import type { SurveyDefinition } from './types';

export const MAX_RESPONSES_PER_REQUEST = 5000;
/** Clocks of form tools and clients drift; a response a few minutes "in the future" is still accepted. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The API's shape of one response (docs/surveys.md). Strict: a misspelt field is an error, not a lost answer. */
const responseSchema = z
  .object({
    team: z.string().min(1).max(64),
    time: z.string().refine(isRfc3339, { message: 'must be an RFC 3339 timestamp, e.g. 2026-06-03T10:00:00Z' }),
    respondent: z.string().min(1).max(320).optional(),
    answers: z.record(z.string(), z.unknown()),
  })
  .strict();

export interface PlacementContext {
  config: Config;
  survey: SurveyDefinition;
  now: number;
}

/** Fields of a response already read from its format (JSON or a CSV row). */
export interface ResponseFields {
  team: TeamConfig;
  time: number;
  respondent?: string | undefined;
  answers: Record<string, number>;
}

/**
 * Checks what any response must satisfy whatever its format and turns it into a record to store. The problems
 * name fields, never values: an answer or an identity must not reach a log or an error message.
 */
export function placeResponse(
  ctx: PlacementContext,
  fields: ResponseFields,
  problem: (field: string, message: string) => void,
): SurveyResponseRecord | undefined {
  let ok = true;
  const fail = (field: string, message: string) => {
    ok = false;
    problem(field, message);
  };
  if (Object.keys(fields.answers).length === 0) fail('answers', 'no answer to any question of the survey');
  if (!sprintAt(fields.team.calendar, fields.time))
    fail(
      'time',
      `before team "${fields.team.name}"'s first sprint (${fields.team.calendar.firstSprintStart}); responses belong to sprints`,
    );
  else if (fields.time > ctx.now + CLOCK_SKEW_MS) fail('time', 'is in the future');
  const salt = ctx.config.surveys.salt;
  if (fields.respondent !== undefined && salt === undefined)
    fail(
      'respondent',
      'respondent identities need surveys.salt in the configuration (they are stored only as a keyed hash)',
    );
  if (!ok) return undefined;
  return {
    survey: ctx.survey.id,
    team: fields.team.name,
    time: fields.time,
    respondent:
      fields.respondent !== undefined && salt !== undefined
        ? respondentKey(salt, fields.respondent)
        : anonymousKey(fields.team.name, fields.time, fields.answers),
    answers: fields.answers,
  };
}

/** Validates a POSTed body (one response or an array); every problem is listed with its index, nothing is kept. */
export function parseResponses(
  ctx: PlacementContext,
  body: unknown,
): { records: SurveyResponseRecord[] } | { problems: Problem[] } {
  const values = Array.isArray(body) ? body : [body];
  if (values.length === 0) return { problems: [{ field: '(body)', message: 'no responses in the request' }] };
  if (values.length > MAX_RESPONSES_PER_REQUEST)
    return {
      problems: [
        { field: '(body)', message: `${values.length} responses in one request; at most ${MAX_RESPONSES_PER_REQUEST}` },
      ],
    };
  const questions = new Map(ctx.survey.questions.map((q) => [q.id, q]));
  const problems: Problem[] = [];
  const records: SurveyResponseRecord[] = [];
  values.forEach((value, index) => {
    const add = (field: string, message: string) => problems.push({ index, field, message });
    const parsed = responseSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        add(issue.path.length ? issue.path.map(String).join('.') : '(response)', issue.message);
      return;
    }
    const r = parsed.data;
    const team = ctx.config.teams.find((t) => t.name === r.team);
    if (!team) {
      add('team', `not a configured team (known: ${ctx.config.teams.map((t) => t.name).join(', ')})`);
      return;
    }
    const answers: Record<string, number> = {};
    let answersOk = true;
    for (const [id, answer] of Object.entries(r.answers)) {
      const question = questions.get(id);
      if (!question) {
        add(`answers.${id.slice(0, 64)}`, `not a question of survey "${ctx.survey.id}"`);
        answersOk = false;
      } else if (!isValidAnswer(question, answer)) {
        add(`answers.${id}`, `must be ${expectedAnswer(question)}`);
        answersOk = false;
      } else answers[id] = answer;
    }
    if (!answersOk) return;
    const record = placeResponse(ctx, { team, time: parseTime(r.time), respondent: r.respondent, answers }, add);
    if (record) records.push(record);
  });
  if (problems.length) return { problems: problems.slice(0, 100) };
  return { records };
}
