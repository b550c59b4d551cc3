import { CsvError, parse } from 'csv-parse/sync';
import type { Config, TeamConfig } from '../config/load';
import type { SurveyResponseRecord } from '../store/types';
import { answerFromCell, expectedAnswer } from './scale';
import { parseFormTime } from './time';
import type { Question, SurveyDefinition } from './types';
import { placeResponse } from './validate';

export interface CsvOptions {
  config: Config;
  survey: SurveyDefinition;
  now: number;
  /** Header of the team column; by default a column named "Team", "Squad" or "Which team …". */
  teamColumn?: string | undefined;
  /** Every row belongs to this team (a form per team has no team column). */
  team?: string | undefined;
  /** Header of the timestamp column; by default "Timestamp", "Completion time", "Submit Date (UTC)", … */
  timeColumn?: string | undefined;
  /** Header of the respondent identity column; by default "Email", "Email Address", "Respondent". */
  respondentColumn?: string | undefined;
  /** Import without identities even when the file has them (no deduplication across submissions). */
  ignoreRespondent?: boolean | undefined;
  /** Zone of timestamps without an offset; by default each team's calendar zone. */
  timeZone?: string | undefined;
  dayFirst?: boolean | undefined;
}

export interface CsvImport {
  records: SurveyResponseRecord[];
  /** Headers that are neither a question nor a known column (free-text comments, names): never read. */
  ignoredColumns: string[];
  questionColumns: number;
  /** Rows with a team and a time but not a single answer (abandoned forms). */
  emptyRows: number;
}

/** A file with problems: each names its row (the header is row 1, as a spreadsheet shows it) and column. */
export class CsvImportError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const TEAM_HEADERS = /^(team|squad|team name|squad name|(which|what|your)\b.*\b(team|squad)\b.*)$/;
const TIME_HEADERS = new Set([
  'timestamp',
  'completion time',
  'submit date (utc)',
  'submitted at',
  'submitted',
  'time',
  'date',
  'end date',
]);
const RESPONDENT_HEADERS = new Set(['respondent', 'respondent id', 'email', 'email address', 'e-mail', 'username']);
/** What Microsoft Forms writes in its Email column for anonymous responses. */
const NO_IDENTITY = new Set(['', 'anonymous']);

/** Header text as compared: case, spacing and closing punctuation do not matter. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[\s.?:!*]+$/, '');
}

function questionIndex(survey: SurveyDefinition): Map<string, Question> {
  const index = new Map<string, Question>();
  for (const q of survey.questions)
    for (const name of [q.id, q.text, ...q.aliases]) index.set(normalizeHeader(name), q);
  return index;
}

/** A header is a question by id, text or alias; a Google Forms grid writes "Grid title [statement]". */
function questionOf(header: string, index: Map<string, Question>): Question | undefined {
  const h = normalizeHeader(header);
  const direct = index.get(h);
  if (direct) return direct;
  const grid = /\[([^\]]+)\]$/.exec(h);
  return grid ? index.get(normalizeHeader(grid[1] as string)) : undefined;
}

/**
 * The delimiter of the header row, counted outside quotes: Excel writes ";" in locales whose decimal separator
 * is a comma, and question texts often contain commas.
 */
function delimiterOf(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]!++;
  }
  const [best] = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return best && best[1] > 0 ? best[0] : ',';
}

function findColumn(
  headers: string[],
  given: string | undefined,
  flag: string,
  known: (h: string) => boolean,
  problems: string[],
): number | undefined {
  if (given !== undefined) {
    const i = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(given));
    if (i === -1) problems.push(`row 1: no column "${given}" (given with --${flag})`);
    return i === -1 ? undefined : i;
  }
  const i = headers.findIndex((h) => known(normalizeHeader(h)));
  return i === -1 ? undefined : i;
}

/**
 * Reads a form tool's CSV export into responses to store. The whole file is checked first: any malformed row
 * makes it throw CsvImportError listing every problem, and then nothing of the file is stored. Problems name rows
 * and columns but never repeat a cell, which could be someone's answer or address.
 */
export function readSurveyCsv(text: string, options: CsvOptions): CsvImport {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      // Blank lines stay records so that row numbers are the ones a spreadsheet shows.
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw new CsvImportError([`${line !== undefined ? `line ${line}: ` : ''}not readable as CSV (${e.code})`]);
    }
    throw e;
  }
  const [headers, ...data] = rows;
  if (!headers) throw new CsvImportError(['the file is empty']);

  const problems: string[] = [];
  const { config, survey } = options;
  const teamCol = options.team
    ? undefined
    : findColumn(headers, options.teamColumn, 'team-column', (h) => TEAM_HEADERS.test(h), problems);
  const timeCol = findColumn(headers, options.timeColumn, 'time-column', (h) => TIME_HEADERS.has(h), problems);
  const respondentCol = options.ignoreRespondent
    ? undefined
    : findColumn(headers, options.respondentColumn, 'respondent-column', (h) => RESPONDENT_HEADERS.has(h), problems);
  let fixedTeam: TeamConfig | undefined;
  if (options.team !== undefined) {
    fixedTeam = config.teams.find((t) => t.name === options.team);
    if (!fixedTeam) problems.push(`--team "${options.team}" is not a configured team`);
  } else if (teamCol === undefined && options.teamColumn === undefined)
    problems.push('row 1: no team column (a header "Team" or "Squad"); name it with --team-column or give --team');
  if (timeCol === undefined && options.timeColumn === undefined)
    problems.push('row 1: no timestamp column (e.g. "Timestamp"); name it with --time-column');

  const index = questionIndex(survey);
  const columns = new Map<number, Question>();
  const ignoredColumns: string[] = [];
  headers.forEach((header, i) => {
    if (i === teamCol || i === timeCol || i === respondentCol) return;
    const question = questionOf(header, index);
    if (!question) {
      if (header.trim() !== '') ignoredColumns.push(header.trim());
      return;
    }
    const other = [...columns].find(([, q]) => q.id === question.id);
    if (other) problems.push(`row 1: columns ${other[0] + 1} and ${i + 1} are both question "${question.id}"`);
    columns.set(i, question);
  });
  if (columns.size === 0)
    problems.push(`row 1: no column is a question of survey "${survey.id}" (headers must be question texts or ids)`);
  if (problems.length) throw new CsvImportError(problems);

  const teamByName = new Map(config.teams.map((t) => [t.name.toLowerCase(), t]));
  const utcColumn = timeCol !== undefined && /\(utc\)\s*$/i.test(headers[timeCol] as string);
  const records: SurveyResponseRecord[] = [];
  let emptyRows = 0;
  data.forEach((cells, i) => {
    const row = i + 2;
    const at = (column: number) => `row ${row}, column "${(headers[column] ?? '').trim() || column + 1}"`;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length > headers.length) {
      problems.push(`row ${row}: ${cells.length} cells but the header has ${headers.length}`);
      return;
    }
    let ok = true;
    const team = fixedTeam ?? teamByName.get((cells[teamCol as number] ?? '').trim().toLowerCase());
    if (!team) {
      ok = false;
      problems.push(
        `${at(teamCol as number)}: not a configured team (known: ${config.teams.map((t) => t.name).join(', ')})`,
      );
    }
    const timeText = (cells[timeCol as number] ?? '').trim();
    const zone = utcColumn ? 'UTC' : (options.timeZone ?? team?.calendar.timeZone ?? 'UTC');
    const time = timeText === '' ? undefined : parseFormTime(timeText, zone, options.dayFirst);
    if (time === undefined) {
      ok = false;
      problems.push(`${at(timeCol as number)}: ${timeText === '' ? 'empty' : 'not a timestamp this import reads'}`);
    }
    const answers: Record<string, number> = {};
    for (const [column, question] of columns) {
      const cell = cells[column] ?? '';
      if (cell.trim() === '') continue;
      const answer = answerFromCell(question, cell);
      if (answer === undefined) {
        ok = false;
        problems.push(
          `${at(column)}: not an answer (expected ${expectedAnswer(question)}${question.scale === 'agreement' ? ' or its label' : ''})`,
        );
      } else answers[question.id] = answer;
    }
    if (!ok || !team || time === undefined) return;
    if (Object.keys(answers).length === 0) {
      emptyRows++;
      return;
    }
    const identity = respondentCol === undefined ? '' : (cells[respondentCol] ?? '').trim();
    const record = placeResponse(
      { config, survey, now: options.now },
      { team, time, respondent: NO_IDENTITY.has(identity.toLowerCase()) ? undefined : identity, answers },
      (field, message) =>
        problems.push(
          field === 'respondent'
            ? `${at(respondentCol as number)}: ${message}; or import without identities (--ignore-respondent)`
            : field === 'time'
              ? `${at(timeCol as number)}: ${message}`
              : `row ${row}: ${message}`,
        ),
    );
    if (record) records.push(record);
  });
  if (problems.length) throw new CsvImportError(problems);
  return { records, ignoredColumns, questionColumns: columns.size, emptyRows };
}
