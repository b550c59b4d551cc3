import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { ParsedConfig, SecretRef } from '../config/schema';
import { DEFAULT_SURVEY } from './default-survey';
import { surveyDefinitionSchema } from './schema';
import type { SurveyDefinition, SurveysConfig } from './types';

type Section = NonNullable<ParsedConfig['surveys']>;

function issues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(survey)'}: ${i.message}`);
}

/**
 * Resolves the `surveys` section: inline definitions, then the survey files (relative to the configuration
 * file), then the built-in survey. Problems are pushed with their config path; the salt is read like any secret.
 */
export function resolveSurveys(
  section: Section | undefined,
  secret: (ref: SecretRef, key: string) => string,
  baseDir: string,
  problems: string[],
): SurveysConfig {
  const s = section ?? { minRespondents: 5, builtin: true, definitions: [], files: [] };
  const surveys: SurveyDefinition[] = [...s.definitions];
  s.files.forEach((file, i) => {
    const path = isAbsolute(file) ? file : resolve(baseDir, file);
    const key = `surveys.files[${i}]`;
    let document: unknown;
    try {
      document = parseYaml(readFileSync(path, 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(`${key}: cannot read survey file ${path}: ${code ?? (e as Error).message}`);
      return;
    }
    const parsed = surveyDefinitionSchema.safeParse(document);
    if (!parsed.success) for (const p of issues(parsed.error)) problems.push(`${key} (${path}): ${p}`);
    else surveys.push(parsed.data);
  });
  if (s.builtin) surveys.push(DEFAULT_SURVEY);

  const ids = surveys.map((d) => d.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push(`surveys: survey id "${id}" is defined more than once`);
  });
  const metricsSurvey = s.metricsSurvey ?? ids[0];
  if (s.metricsSurvey !== undefined && !ids.includes(s.metricsSurvey))
    problems.push(
      `surveys.metricsSurvey: no survey "${s.metricsSurvey}" is defined (known: ${ids.join(', ') || 'none'})`,
    );

  return {
    minRespondents: s.minRespondents,
    ...(s.salt && { salt: secret(s.salt as SecretRef, 'surveys.salt') }),
    surveys,
    ...(metricsSurvey !== undefined && { metricsSurvey }),
  };
}
