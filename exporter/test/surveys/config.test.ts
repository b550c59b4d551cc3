import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, buildConfig, loadConfigFile } from '../../src/config/load';
import { DEFAULT_SURVEY } from '../../src/surveys/default-survey';

const base = (surveys?: unknown) => ({
  calendar: { firstSprintStart: '2026-06-01' },
  teams: [{ name: 'atlas', services: ['checkout'] }],
  ...(surveys !== undefined && { surveys }),
});

function problems(document: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    buildConfig(document, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a configuration error');
}

const pulse = {
  id: 'pulse',
  title: 'Pulse',
  questions: [
    { id: 'happy', text: 'I am happy here.', dimension: 'satisfaction' },
    { id: 'tired', text: 'I am tired.', dimension: 'wellbeing', reversed: true },
  ],
};

describe('surveys configuration', () => {
  it('ships the default survey with threshold 5 and no salt when the section is absent', () => {
    const c = buildConfig(base(), {});
    expect(c.surveys.minRespondents).toBe(5);
    expect(c.surveys.salt).toBeUndefined();
    expect(c.surveys.surveys.map((s) => s.id)).toEqual(['developer-research']);
    expect(c.surveys.metricsSurvey).toBe('developer-research');
  });

  it('reads the salt like any secret and shows /metrics the first defined survey', () => {
    const c = buildConfig(base({ salt: { env: 'SALT' }, minRespondents: 7, definitions: [pulse] }), { SALT: 's' });
    expect(c.surveys).toMatchObject({ minRespondents: 7, salt: 's', metricsSurvey: 'pulse' });
    expect(c.surveys.surveys.map((s) => s.id)).toEqual(['pulse', 'developer-research']);
    expect(problems(base({ salt: { env: 'SALT' } }))).toEqual(['surveys.salt: environment variable SALT is not set']);
  });

  it('loads survey files relative to the configuration file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dora-survey-config-'));
    try {
      mkdirSync(join(dir, 'surveys'));
      writeFileSync(
        join(dir, 'surveys', 'pulse.yaml'),
        'id: pulse\ntitle: Pulse\nquestions:\n  - { id: happy, text: I am happy here., dimension: satisfaction }\n',
      );
      writeFileSync(
        join(dir, 'config.yaml'),
        "calendar: { firstSprintStart: '2026-06-01' }\nteams: [{ name: atlas, services: [checkout] }]\n" +
          'surveys: { builtin: false, files: [surveys/pulse.yaml], metricsSurvey: pulse }\n',
      );
      const c = loadConfigFile(join(dir, 'config.yaml'), {});
      expect(c.surveys.surveys.map((s) => [s.id, s.questions.map((q) => q.id)])).toEqual([['pulse', ['happy']]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every problem in a survey definition', () => {
    const bad = {
      id: 'Bad Survey',
      title: 'x',
      questions: [
        { id: 'a', text: 'A', dimension: 'happiness' },
        { id: 'a', text: 'B', dimension: 'satisfaction', capability: 'documentation_quality' },
        { id: 'n1', text: 'N', scale: 'enps', dimension: 'satisfaction' },
        { id: 'n2', text: 'N', scale: 'enps' },
      ],
    };
    const found = problems(base({ definitions: [bad], minRespondents: 2, metricsSurvey: 'other' }));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^surveys\.minRespondents: /),
        expect.stringMatching(/^surveys\.definitions\[0\]\.id: lower-case letters/),
        expect.stringMatching(/^surveys\.definitions\[0\]\.questions\[0\]\.dimension: /),
        'surveys.definitions[0].questions[1]: give exactly one of "dimension" or "capability"',
        'surveys.definitions[0].questions[2]: an enps question has no dimension, capability or reversed flag',
      ]),
    );
  });

  it('refuses duplicate survey ids, an unknown metrics survey and unreadable files', () => {
    expect(problems(base({ definitions: [{ ...pulse, id: 'developer-research' }] }))).toEqual([
      'surveys: survey id "developer-research" is defined more than once',
    ]);
    expect(problems(base({ metricsSurvey: 'pulse' }))).toEqual([
      'surveys.metricsSurvey: no survey "pulse" is defined (known: developer-research)',
    ]);
    expect(problems(base({ files: ['/nonexistent/pulse.yaml'] }))).toEqual([
      'surveys.files[0]: cannot read survey file /nonexistent/pulse.yaml: ENOENT',
    ]);
  });

  it('keeps the default survey well-formed: every item cites its source, and all four dimensions are covered', () => {
    for (const q of DEFAULT_SURVEY.questions) expect(q.basedOn).toEqual(expect.any(String));
    const dimensions = new Set(DEFAULT_SURVEY.questions.map((q) => q.dimension).filter(Boolean));
    expect([...dimensions].sort()).toEqual(['collaboration', 'communication', 'satisfaction', 'wellbeing']);
    expect(buildConfig(base({ definitions: [{ ...DEFAULT_SURVEY, id: 'copy' }] }), {}).surveys.surveys).toHaveLength(2);
  });
});
