import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { SqliteEventStore } from '../../src/store/sqlite/store';

const IDENTITIES = ['ann@corp.example', 'bob@corp.example', 'cid@corp.example', 'dee@corp.example', 'eli@corp.example'];

/** Runs the CLI in-process and returns its exit code and output. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('dora-guarantee surveys', () => {
  let dir: string;
  let config: string;
  let data: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const stored = () => {
    const store = new SqliteEventStore(data);
    try {
      return store.surveyMaxSeq();
    } finally {
      store.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-surveys-cli-'));
    data = join(dir, 'data');
    process.env.DORA_TEST_SURVEY_SALT = 'cli-test-salt';
    config = file(
      'config.yaml',
      [
        "calendar: { firstSprintStart: '2025-01-06', sprintLengthDays: 14 }",
        'teams:',
        '  - { name: atlas, services: [checkout] }',
        '  - { name: borealis, services: [payments] }',
        'surveys:',
        '  salt: { env: DORA_TEST_SURVEY_SALT }',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => {
    delete process.env.DORA_TEST_SURVEY_SALT;
    rmSync(dir, { recursive: true, force: true });
  });

  const args = (...rest: string[]) => [...rest, '--survey', 'developer-research', '--config', config, '--data', data];

  it('stores nothing of a file with a malformed row, and names the rows', async () => {
    const bad = file(
      'bad.csv',
      'Timestamp,Team,Email,sat_overall\n' +
        `2025-01-08 10:00:00,atlas,${IDENTITIES[0]},5\n` +
        `2025-01-08 10:00:00,atlas,${IDENTITIES[1]},often\n` +
        `2025-01-08 10:00:00,nobody,${IDENTITIES[2]},4\n`,
    );
    const run = await cli('surveys', 'import', bad, ...args());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `${bad}: row 3, column "sat_overall": not an answer (expected an integer from 1 (Strongly disagree) to 5 (Strongly agree) or its label)\n` +
        `${bad}: row 4, column "Team": not a configured team (known: atlas, borealis)\n` +
        'nothing was imported\n',
    );
    expect(stored()).toBe(0);
  });

  it('imports a file, counts a second answer by the same person once and suppresses the small team', async () => {
    // Atlas: five people (sat 5, 5, 4, 4, 2 → 1, 1, .75, .75, .25 → 0.75); Ann answers twice. Borealis: two.
    const rows = [
      `2025-01-08 10:00:00,atlas,${IDENTITIES[0]},5`,
      `2025-01-08 11:00:00,atlas,${IDENTITIES[1]},5`,
      `2025-01-09 10:00:00,atlas,${IDENTITIES[2]},4`,
      `2025-01-09 11:00:00,atlas,${IDENTITIES[3]},Agree`,
      `2025-01-10 10:00:00,atlas,${IDENTITIES[4]},Disagree`,
      `2025-01-11 10:00:00,atlas,${IDENTITIES[0]!.toUpperCase()},1`,
      '2025-01-08 10:00:00,borealis,fay@corp.example,1',
      '2025-01-08 10:00:00,borealis,gus@corp.example,2',
    ];
    const good = file('good.csv', `Timestamp,Team,Email,sat_overall\n${rows.join('\n')}\n`);
    const run = await cli('surveys', 'import', good, ...args());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${good}: 8 responses to survey "developer-research" read from 1 question columns\n`);
    expect(run.stdout).toContain(
      '8 new, 0 already stored; 1 new by a respondent who already answered in that sprint (counted once)\n',
    );
    const lines = run.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^atlas\s+2025-01-06\s+published\s+5\s+0\.75\s+-\s+-\s+-\s+-$/));
    expect(lines).toContainEqual(expect.stringMatching(/^borealis\s+2025-01-06\s+suppressed\s+-$/));
    for (const identity of [...IDENTITIES, 'fay@corp.example', 'gus@corp.example'])
      expect(run.stdout.toLowerCase()).not.toContain(identity);

    const again = await cli('surveys', 'import', good, ...args());
    expect(again.stdout).toContain('0 new, 8 already stored\n');
    expect(stored()).toBe(8);
  });

  it('shows per-sprint results with suppressed periods reduced to their status', async () => {
    const run = await cli('surveys', 'results', '--json', ...args());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      survey: 'developer-research',
      minRespondents: 5,
      teams: [
        {
          team: 'atlas',
          sprints: [
            {
              sprint: '2025-01-06',
              status: 'published',
              respondents: 5,
              dimensions: { satisfaction: 0.75 },
              capabilities: {},
            },
          ],
        },
        { team: 'borealis', sprints: [{ sprint: '2025-01-06', status: 'suppressed' }] },
      ],
    });
    const text = await cli('surveys', 'results', '--team', 'borealis', ...args());
    expect(text.stdout).not.toMatch(/\b[0-9]\.[0-9]{2}\b/);
    expect(text.stdout).toMatch(/^borealis\s+2025-01-06\s+suppressed\s+-$/m);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const noSurvey = await cli('surveys', 'results', '--config', config, '--data', data);
    expect(noSurvey.code).toBe(2);
    expect(noSurvey.stderr).toContain('--survey ID is required');
    const unknown = await cli('surveys', 'results', '--survey', 'nope', '--config', config, '--data', data);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no survey "nope" (known: developer-research)');
    const noSub = await cli('surveys');
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toContain('surveys needs a subcommand: import or results');
  });
});
