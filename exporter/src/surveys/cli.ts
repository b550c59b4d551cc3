import { readFileSync } from 'node:fs';
import { isValidTimeZone } from '@dora-guarantee/scoring';
import { UsageError, flags } from '../cli/args';
import { configFrom } from '../cli/context';
import type { Config } from '../config/load';
import { SqliteEventStore } from '../store/sqlite/store';
import type { EventStore } from '../store/types';
import { CsvImportError, readSurveyCsv } from './csv';
import { countDuplicates } from './duplicates';
import { DIMENSIONS, type SurveyDefinition } from './types';
import { type SurveyPeriod, SurveyResults } from './results';

export const SURVEYS_USAGE = `surveys import FILE.csv --survey ID --config FILE [--data DIR] [--team-column NAME] [--time-column NAME]
          [--team NAME] [--respondent-column NAME | --ignore-respondent] [--time-zone TZ] [--day-first] [--dry-run]
          import a Google Forms / Microsoft Forms / Typeform CSV export; all rows or none
  surveys results --survey ID --config FILE [--data DIR] [--team NAME] [--json]
          per team and sprint: respondents, dimension and capability scores (0-1), eNPS; suppressed below threshold`;

const MAX_PROBLEMS_SHOWN = 100;

function surveyOf(config: Config, id: string | undefined): SurveyDefinition {
  if (!id) throw new UsageError('--survey ID is required');
  const survey = config.surveys.surveys.find((s) => s.id === id);
  if (!survey)
    throw new UsageError(`no survey "${id}" (known: ${config.surveys.surveys.map((s) => s.id).join(', ') || 'none'})`);
  return survey;
}

const fixed = (n: number | undefined, digits = 2) => (n === undefined ? '-' : n.toFixed(digits));

/** One line per period: a suppressed one shows nothing but that it is suppressed. */
function periodLine(team: string, p: SurveyPeriod, columns: readonly string[], value: (name: string) => string) {
  const r = p.result;
  const cells =
    r.status === 'published' ? [String(r.respondents), ...columns.map(value)] : ['-', ...columns.map(() => '')];
  return [team, p.sprint.name, r.status, ...cells];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function capabilitiesOf(survey: SurveyDefinition): string[] {
  return [...new Set(survey.questions.flatMap((q) => (q.capability !== undefined ? [q.capability] : [])))];
}

function resultsText(
  config: Config,
  store: EventStore,
  survey: SurveyDefinition,
  teams: string[],
  now: number,
): string {
  const results = new SurveyResults(config, store);
  const caps = capabilitiesOf(survey);
  const dims = ['satisfaction', 'wellbeing', 'communication', 'collaboration', 'enps'];
  const head = ['team', 'sprint', 'status', 'respondents'];
  const scores: string[][] = [[...head, ...dims]];
  const capabilities: string[][] = [[...head, ...caps]];
  for (const team of teams) {
    for (const p of results.periodsOf(survey.id, team, now)) {
      const r = p.result.status === 'published' ? p.result : undefined;
      scores.push(
        periodLine(team, p, dims, (d) =>
          d === 'enps' ? fixed(r?.enps, 0) : fixed(r?.dimensions[d as (typeof DIMENSIONS)[number]]),
        ),
      );
      capabilities.push(periodLine(team, p, caps, (c) => fixed(r?.capabilities[c])));
    }
  }
  if (scores.length === 1) return `no responses to survey "${survey.id}" yet\n`;
  return (
    `survey "${survey.id}", scores on 0-1 ((answer-1)/4, reversed items flipped); periods with fewer than ` +
    `${config.surveys.minRespondents} respondents are suppressed; a sprint in progress is collecting\n\n` +
    `${table(scores)}\n\n${caps.length ? `${table(capabilities)}\n` : ''}`
  );
}

function resultsJson(config: Config, store: EventStore, survey: SurveyDefinition, teams: string[], now: number) {
  const results = new SurveyResults(config, store);
  return {
    survey: survey.id,
    minRespondents: config.surveys.minRespondents,
    teams: teams.map((team) => ({
      team,
      sprints: results.periodsOf(survey.id, team, now).map((p) => ({ sprint: p.sprint.name, ...p.result })),
    })),
  };
}

async function importCsv(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    config: { type: 'string' },
    data: { type: 'string' },
    survey: { type: 'string' },
    'team-column': { type: 'string' },
    'time-column': { type: 'string' },
    'respondent-column': { type: 'string' },
    'ignore-respondent': { type: 'boolean' },
    team: { type: 'string' },
    'time-zone': { type: 'string' },
    'day-first': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('give the CSV file to import');
  if (values['time-zone'] !== undefined && !isValidTimeZone(values['time-zone']))
    throw new UsageError(`--time-zone "${values['time-zone']}" is not an IANA time zone`);
  if (values['respondent-column'] !== undefined && values['ignore-respondent'])
    throw new UsageError('give --respondent-column or --ignore-respondent, not both');
  const config = configFrom(values);
  const survey = surveyOf(config, values.survey);

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return 1;
  }
  let parsed;
  try {
    parsed = readSurveyCsv(text, {
      config,
      survey,
      now: Date.now(),
      teamColumn: values['team-column'],
      team: values.team,
      timeColumn: values['time-column'],
      respondentColumn: values['respondent-column'],
      ignoreRespondent: values['ignore-respondent'],
      timeZone: values['time-zone'],
      dayFirst: values['day-first'],
    });
  } catch (e) {
    if (!(e instanceof CsvImportError)) throw e;
    const shown = e.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `${file}: ${p}`);
    const more = e.problems.length - shown.length;
    process.stderr.write(
      `${shown.join('\n')}\n${more > 0 ? `… and ${more} more problems\n` : ''}nothing was imported\n`,
    );
    return 1;
  }

  const store = new SqliteEventStore(config.server.dataDir);
  try {
    const duplicates = countDuplicates(config, store, parsed.records);
    const written = values['dry-run'] ? { stored: 0, repeated: 0 } : store.appendSurveyResponses(parsed.records);
    const lines = [
      `${file}: ${parsed.records.length} responses to survey "${survey.id}" read from ${parsed.questionColumns} question columns` +
        (parsed.emptyRows ? `; ${parsed.emptyRows} rows without any answer skipped` : ''),
      values['dry-run']
        ? 'dry run: nothing was stored'
        : `${written.stored} new, ${written.repeated} already stored` +
          // Every response already stored is also a duplicate; what is left are new rows that will not count.
          (duplicates > written.repeated
            ? `; ${duplicates - written.repeated} new by a respondent who already answered in that sprint (counted once)`
            : ''),
    ];
    if (parsed.ignoredColumns.length)
      lines.push(`columns not read: ${parsed.ignoredColumns.map((c) => JSON.stringify(c)).join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (!values['dry-run']) {
      const teams = [...new Set(parsed.records.map((r) => r.team))];
      process.stdout.write(`\n${resultsText(config, store, survey, teams, Date.now())}`);
    }
  } finally {
    store.close();
  }
  return 0;
}

async function showResults(argv: string[]): Promise<number> {
  const { values } = flags(argv, {
    config: { type: 'string' },
    data: { type: 'string' },
    survey: { type: 'string' },
    team: { type: 'string' },
    json: { type: 'boolean' },
  });
  const config = configFrom(values);
  const survey = surveyOf(config, values.survey);
  if (values.team !== undefined && !config.teams.some((t) => t.name === values.team))
    throw new UsageError(`--team "${values.team}" is not a configured team`);
  const teams = values.team !== undefined ? [values.team] : config.teams.map((t) => t.name);
  const store = new SqliteEventStore(config.server.dataDir);
  try {
    const now = Date.now();
    process.stdout.write(
      values.json
        ? `${JSON.stringify(resultsJson(config, store, survey, teams, now), null, 2)}\n`
        : resultsText(config, store, survey, teams, now),
    );
  } finally {
    store.close();
  }
  return 0;
}

/** `dora-guarantee surveys import|results`. */
export async function surveysCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return importCsv(rest);
  if (sub === 'results') return showResults(rest);
  throw new UsageError(`surveys needs a subcommand: import or results${sub ? ` (got "${sub}")` : ''}`);
}
