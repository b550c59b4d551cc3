import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfig } from '../../src/config/load';
import { CsvImportError, type CsvOptions, readSurveyCsv } from '../../src/surveys/csv';
import { DEFAULT_SURVEY } from '../../src/surveys/default-survey';

const SALT = 'test-salt-for-respondents';
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const at = (iso: string) => Date.parse(iso);

function config(surveys: Record<string, unknown> = { salt: { env: 'SURVEY_SALT' } }) {
  return buildConfig(
    {
      calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
      teams: [
        { name: 'atlas', services: ['checkout'], calendar: { timeZone: 'Europe/Berlin' } },
        { name: 'borealis', services: ['payments'] },
      ],
      surveys,
    },
    { SURVEY_SALT: SALT },
  );
}

const options = (extra: Partial<CsvOptions> = {}): CsvOptions => ({
  config: config(),
  survey: DEFAULT_SURVEY,
  now: at('2026-07-01T00:00:00Z'),
  ...extra,
});

function problemsOf(text: string, opts: CsvOptions): string[] {
  try {
    readSurveyCsv(text, opts);
  } catch (e) {
    if (e instanceof CsvImportError) return e.problems;
    throw e;
  }
  throw new Error('expected the import to fail');
}

describe('readSurveyCsv', () => {
  it('imports a Google Forms export: BOM, CRLF, quoted commas and quotes, a multi-line comment, a grid column', () => {
    const result = readSurveyCsv(fixture('google-forms.csv'), options());
    expect(result.records.map(({ respondent: _r, ...rest }) => rest)).toEqual([
      {
        survey: 'developer-research',
        team: 'atlas',
        time: at('2026-06-10T07:15:02Z'),
        answers: { sat_overall: 5, wb_deploy_calm: 4, wb_exhausted: 2, enps: 9 },
      },
      // Bob skipped the grid statement: a missing answer, not an error.
      {
        survey: 'developer-research',
        team: 'atlas',
        time: at('2026-06-10T08:00:00Z'),
        answers: { sat_overall: 4, wb_exhausted: 1, enps: 7 },
      },
      {
        survey: 'developer-research',
        team: 'borealis',
        time: at('2026-06-11T14:30:00Z'),
        answers: { wb_deploy_calm: 3 },
      },
    ]);
    expect(result.questionColumns).toBe(4);
    // The free-text column is never read: comments can identify people.
    expect(result.ignoredColumns).toEqual(['Anything else you want to tell us?']);
  });

  it('stores only a keyed hash of the respondent: HMAC-SHA256 of the trimmed, lower-cased address', () => {
    const [ann] = readSurveyCsv(fixture('google-forms.csv'), options()).records;
    const expected = createHmac('sha256', SALT).update('ann@example.com').digest('hex');
    expect(ann?.respondent).toBe(`id:${expected}`);
    expect(JSON.stringify(readSurveyCsv(fixture('google-forms.csv'), options()).records)).not.toMatch(/example\.com/);
  });

  it("imports a Microsoft Forms export saved by Excel with ';', reading local times in the team's zone", () => {
    const result = readSurveyCsv(fixture('microsoft-forms.csv'), options());
    expect(result.records.map(({ team, time, answers }) => ({ team, time, answers }))).toEqual([
      // 9:03:10 in Berlin (UTC+2 in June), the completion time.
      { team: 'atlas', time: at('2026-06-10T07:03:10Z'), answers: { sat_tools: 4, doc_current: 5 } },
      { team: 'borealis', time: at('2026-06-10T09:07:45Z'), answers: { sat_tools: 2 } },
    ]);
    // "anonymous" in the Email column is no identity: each such response is one person.
    expect(result.records.every((r) => r.respondent.startsWith('anon:'))).toBe(true);
    expect(result.ignoredColumns).toEqual(['ID', 'Start time', 'Name']);
  });

  it('imports a Typeform export: a hidden team field, "Submit Date (UTC)" read as UTC, eNPS 0 and 10', () => {
    const result = readSurveyCsv(fixture('typeform.csv'), options());
    expect(result.records.map(({ team, time, answers }) => ({ team, time, answers }))).toEqual([
      { team: 'atlas', time: at('2026-06-10T08:02:00Z'), answers: { infra_self_service: 5, enps: 10 } },
      { team: 'atlas', time: at('2026-06-11T00:10:00Z'), answers: { infra_self_service: 2, enps: 0 } },
    ]);
    expect(result.ignoredColumns).toEqual(['#', 'Start Date (UTC)', 'Network ID']);
  });

  it('reports every malformed row by its row number and column, never repeating the cell', () => {
    expect(problemsOf(fixture('malformed.csv'), options())).toEqual([
      'row 3, column "Team": not a configured team (known: atlas, borealis)',
      'row 4, column "sat_overall": not an answer (expected an integer from 1 (Strongly disagree) to 5 (Strongly agree) or its label)',
      'row 5, column "Timestamp": not a timestamp this import reads',
      'row 6: 6 cells but the header has 5',
      'row 7, column "Timestamp": before team "borealis"\'s first sprint (2026-06-01); responses belong to sprints',
    ]);
  });

  it('counts rows as a spreadsheet does: a multi-line cell is one row, a blank line is a row', () => {
    const text =
      'Timestamp,Team,sat_overall,Note\n2026-06-10 10:00,atlas,5,"two\nlines"\n\n2026-06-10 10:00,atlas,9,\n';
    expect(problemsOf(text, options())).toEqual([
      'row 4, column "sat_overall": not an answer (expected an integer from 1 (Strongly disagree) to 5 (Strongly agree) or its label)',
    ]);
  });

  it('reports a file that is not CSV at all with its line', () => {
    const text = 'Timestamp,Team,sat_overall\n2026-06-10 10:00,atlas,"5\n';
    expect(problemsOf(text, options())).toEqual(['line 2: not readable as CSV (CSV_QUOTE_NOT_CLOSED)']);
  });

  it('names what is missing in the header, and accepts --team and explicit column names instead', () => {
    const text = 'When,Who,Squad name?,sat_overall\n2026-06-10 10:00,x,atlas,4\n';
    expect(problemsOf('When,sat_overall\n2026-06-10 10:00,4\n', options())).toEqual([
      'row 1: no team column (a header "Team" or "Squad"); name it with --team-column or give --team',
      'row 1: no timestamp column (e.g. "Timestamp"); name it with --time-column',
    ]);
    const explicit = readSurveyCsv(text, options({ timeColumn: 'when', teamColumn: 'Squad name' }));
    expect(explicit.records.map((r) => [r.team, r.answers])).toEqual([['atlas', { sat_overall: 4 }]]);
    const fixed = readSurveyCsv(
      'When,sat_overall\n2026-06-10 10:00,4\n',
      options({ timeColumn: 'When', team: 'borealis' }),
    );
    expect(fixed.records.map((r) => r.team)).toEqual(['borealis']);
    expect(problemsOf(text, options({ timeColumn: 'When', teamColumn: 'Crew' }))).toEqual([
      'row 1: no column "Crew" (given with --team-column)',
    ]);
  });

  it('refuses identities without a salt unless told to ignore them; rows without any answer are skipped', () => {
    const text =
      'Timestamp,Team,Email,sat_overall\n2026-06-10 10:00,atlas,dan@example.com,4\n2026-06-10 11:00,atlas,eve@example.com,\n';
    const unsalted = { ...options(), config: config({}) };
    const problems = problemsOf(text, unsalted);
    expect(problems).toEqual([
      'row 2, column "Email": respondent identities need surveys.salt in the configuration (they are stored only as a keyed hash); or import without identities (--ignore-respondent)',
    ]);
    expect(problems.join('\n')).not.toMatch(/example\.com/);
    const ignored = readSurveyCsv(text, { ...unsalted, ignoreRespondent: true });
    expect(ignored.records).toHaveLength(1);
    expect(ignored.emptyRows).toBe(1);
    expect(ignored.records[0]?.respondent).toMatch(/^anon:[0-9a-f]{64}$/);
  });

  it('refuses two columns for one question and a file without any question', () => {
    expect(problemsOf('Timestamp,Team,sat_overall,sat_overall\n', options())).toEqual([
      'row 1: columns 3 and 4 are both question "sat_overall"',
    ]);
    expect(problemsOf('Timestamp,Team,Favourite colour\n', options())).toEqual([
      'row 1: no column is a question of survey "developer-research" (headers must be question texts or ids)',
    ]);
  });
});
