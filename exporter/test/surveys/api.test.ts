import { createHmac } from 'node:crypto';
import { answerValidator, problems, schemaValidator } from '../api/openapi';
import { parseExposition, valueOf } from '../support/exposition';
import { SALT, type SurveyExporter, startSurveyExporter, surveyConfig } from './support';

const NOW = Date.parse('2026-06-20T12:00:00Z'); // sprint 0 (06-01..06-15) ended, sprint 1 in progress
const PATH = '/api/v1/surveys/developer-research/responses';
const IDENTITIES = ['ann@corp.example', 'bob@corp.example', 'cid@corp.example', 'dee@corp.example', 'eli@corp.example'];

/**
 * Atlas, sprint 0: five people. Expected, by hand:
 * - satisfaction (sat_overall): 5,4,3,2,5 → 1, .75, .5, .25, 1 → 3.5 / 5 = 0.7
 * - wellbeing (wb_exhausted, reversed): 1,2,3,4,2 → 1, .75, .5, .25, .75 → 3.25 / 5 = 0.65
 * - documentation_quality (doc_reliable): 4,4,3,2,5 → .75, .75, .5, .25, 1 → 3.25 / 5 = 0.65
 * - eNPS: 10, 9, 8, 6, 9 → 3 promoters, 1 detractor → (3 − 1) / 5 = 40
 */
const atlas = [
  [5, 1, 4, 10],
  [4, 2, 4, 9],
  [3, 3, 3, 8],
  [2, 4, 2, 6],
  [5, 2, 5, 9],
].map(([sat, wb, doc, nps], i) => ({
  team: 'atlas',
  time: `2026-06-1${i}T09:00:00Z`,
  respondent: IDENTITIES[i],
  answers: { sat_overall: sat, wb_exhausted: wb, doc_reliable: doc, enps: nps },
}));

/** Borealis, sprint 0: three people, below the threshold of 5. */
const borealis = ['fay@corp.example', 'gus@corp.example', 'hal@corp.example'].map((respondent, i) => ({
  team: 'borealis',
  time: `2026-06-0${i + 3}T09:00:00Z`,
  respondent,
  answers: { sat_overall: 1 + i, enps: 3 + i },
}));

/** The answer's problems against docs/openapi.yaml; [] when it matches. */
const undocumented = (path: string, method: 'get' | 'post', answer: { status: number; text: string }) =>
  problems(answerValidator(path, method, answer.status), JSON.parse(answer.text));
const RESPONSES = '/api/v1/surveys/{survey}/responses';

const responsesOf = (samples: ReturnType<typeof parseExposition>) => ({
  atlas: valueOf(samples, 'dora_survey_responses', { team: 'atlas' }),
  borealis: valueOf(samples, 'dora_survey_responses', { team: 'borealis' }),
  borealisSuppressed: valueOf(samples, 'dora_survey_suppressed', { team: 'borealis' }),
});

describe('survey API, metrics and report', () => {
  let x: SurveyExporter;
  beforeAll(async () => {
    x = await startSurveyExporter(surveyConfig({ salt: { env: 'SURVEY_SALT' }, minRespondents: 5 }), NOW);
  });
  afterAll(() => x.close());

  it('lists the surveys with each question, what it measures and whether it is reversed', async () => {
    const list = await x.get('/api/v1/surveys');
    expect(list.status).toBe(200);
    const { surveys } = JSON.parse(list.text);
    expect(surveys.map((s: { id: string }) => s.id)).toEqual(['developer-research']);
    expect(undocumented('/api/v1/surveys', 'get', list)).toEqual([]);
    const answer = await x.get('/api/v1/surveys/developer-research');
    expect(undocumented('/api/v1/surveys/{survey}', 'get', answer)).toEqual([]);
    const one = JSON.parse(answer.text);
    expect(one.minRespondents).toBe(5);
    expect(one.questions.find((q: { id: string }) => q.id === 'wb_exhausted')).toMatchObject({
      dimension: 'wellbeing',
      reversed: true,
      scale: 'agreement',
    });
    expect(one.questions.find((q: { id: string }) => q.id === 'doc_reliable')).toMatchObject({
      capability: 'documentation_quality',
      reversed: false,
    });
    expect(one.questions.find((q: { id: string }) => q.id === 'enps')).toMatchObject({ scale: 'enps' });
    const unknown = await x.get('/api/v1/surveys/nope');
    expect(unknown.status).toBe(404);
    expect(undocumented('/api/v1/surveys/{survey}', 'get', unknown)).toEqual([]);
  });

  it('the responses this test sends are what docs/openapi.yaml documents, and it tells a wrong one apart', () => {
    const validate = schemaValidator('SurveyResponse');
    for (const r of [...atlas, ...borealis]) expect(problems(validate, r)).toEqual([]);
    expect(problems(validate, { ...atlas[0], answers: {} })).not.toEqual([]);
    expect(problems(validate, { ...atlas[0], mood: 'great' })).not.toEqual([]);
    expect(problems(validate, { ...atlas[0], answers: { sat_overall: 'agree' } })).not.toEqual([]);
  });

  it('refuses unauthenticated posts, other media types and unknown surveys', async () => {
    const answers = [
      await x.post(PATH, atlas[0], { authorization: '' }),
      await x.post(PATH, atlas[0], { authorization: 'Bearer wrong' }),
      await x.post(PATH, 'team=atlas', { 'content-type': 'text/plain' }),
      await x.post('/api/v1/surveys/nope/responses', atlas[0]),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 415, 404]);
    for (const a of answers) expect(undocumented(RESPONSES, 'post', a)).toEqual([]);
    expect(x.exporter.store.surveyMaxSeq()).toBe(0);
  });

  it('answers 400 with every problem by index and field, and stores nothing of the request', async () => {
    const res = await x.post(PATH, [
      atlas[0],
      { ...atlas[1], team: 'zeppelin' },
      { ...atlas[2], answers: { sat_overall: 7, nonsense: 3 } },
      { ...atlas[3], time: 'yesterday' },
      { ...atlas[4], answers: {} },
      { ...atlas[4], mood: 'great' },
      { ...atlas[4], time: '2026-05-30T09:00:00Z' },
    ]);
    expect(res.status).toBe(400);
    expect(undocumented(RESPONSES, 'post', res)).toEqual([]);
    expect(JSON.parse(res.text).problems).toEqual([
      { index: 1, field: 'team', message: 'not a configured team (known: atlas, borealis, cosmos)' },
      {
        index: 2,
        field: 'answers.sat_overall',
        message: 'must be an integer from 1 (Strongly disagree) to 5 (Strongly agree)',
      },
      { index: 2, field: 'answers.nonsense', message: 'not a question of survey "developer-research"' },
      { index: 3, field: 'time', message: 'must be an RFC 3339 timestamp, e.g. 2026-06-03T10:00:00Z' },
      { index: 4, field: 'answers', message: 'no answer to any question of the survey' },
      { index: 5, field: '(response)', message: expect.stringContaining('mood') },
      {
        index: 6,
        field: 'time',
        message: `before team "atlas"'s first sprint (2026-06-01); responses belong to sprints`,
      },
    ]);
    expect(x.exporter.store.surveyMaxSeq()).toBe(0);
  });

  it('accepts one response or an array with 202 and counts a second answer by the same person once', async () => {
    const first = await x.post(PATH, atlas[0]);
    expect(first.status).toBe(202);
    expect(undocumented(RESPONSES, 'post', first)).toEqual([]);
    expect(JSON.parse(first.text)).toEqual({ status: 'accepted', responses: 1, counted: 1, duplicates: 0 });
    // Ann answers again in the same sprint (upper case, other answers): counted once, with her first answers.
    const again = {
      ...atlas[0],
      respondent: ' ANN@corp.example',
      time: '2026-06-14T09:00:00Z',
      answers: { sat_overall: 1 },
    };
    const rest = await x.post(PATH, [...atlas.slice(1), again, ...borealis]);
    expect(rest.status).toBe(202);
    expect(JSON.parse(rest.text)).toEqual({ status: 'accepted', responses: 8, counted: 7, duplicates: 1 });
    // In progress: sprint 1 is collecting and shows nothing.
    const late = await x.post(PATH, { ...atlas[1], time: '2026-06-16T09:00:00Z' });
    expect(JSON.parse(late.text)).toMatchObject({ counted: 1, duplicates: 0 });
  });

  it('publishes a team at the threshold on /metrics and suppresses one below it completely', async () => {
    const samples = parseExposition((await x.get('/metrics')).text);
    const atlasScore = (dimension: string) => valueOf(samples, 'dora_survey_score', { team: 'atlas', dimension });
    expect(atlasScore('satisfaction')).toBeCloseTo(0.7, 10);
    expect(atlasScore('wellbeing')).toBeCloseTo(0.65, 10);
    expect(atlasScore('communication')).toBeUndefined();
    expect(
      valueOf(samples, 'dora_capability_score', {
        team: 'atlas',
        capability: 'documentation_quality',
        source: 'survey',
      }),
    ).toBeCloseTo(0.65, 10);
    expect(valueOf(samples, 'dora_survey_responses', { team: 'atlas' })).toBe(5);
    expect(valueOf(samples, 'dora_survey_enps', { team: 'atlas' })).toBe(40);
    expect(valueOf(samples, 'dora_survey_suppressed', { team: 'atlas' })).toBe(0);

    expect(valueOf(samples, 'dora_survey_suppressed', { team: 'borealis' })).toBe(1);
    const leaked = samples.filter((s) => s.labels.team === 'borealis' && /^dora_(survey|capability)_/.test(s.name));
    expect(leaked.map((s) => s.name)).toEqual(['dora_survey_suppressed']);
    // No response at all: no series.
    expect(samples.filter((s) => s.labels.team === 'cosmos' && /^dora_survey_/.test(s.name))).toEqual([]);
  });

  it('puts the results next to the measurements in the sprint report, suppressed ones without numbers', async () => {
    const report = JSON.parse((await x.get('/api/v1/teams/atlas/sprints')).text);
    expect(report.sprints[0].surveys).toEqual({
      'developer-research': {
        status: 'published',
        respondents: 5,
        dimensions: { satisfaction: expect.closeTo(0.7, 10), wellbeing: expect.closeTo(0.65, 10) },
        capabilities: { documentation_quality: expect.closeTo(0.65, 10) },
        enps: 40,
      },
    });
    expect(report.sprints[1].surveys).toEqual({ 'developer-research': { status: 'collecting' } });
    const suppressed = JSON.parse((await x.get('/api/v1/teams/borealis/sprints')).text);
    expect(suppressed.sprints[0].surveys).toEqual({ 'developer-research': { status: 'suppressed' } });
    const none = JSON.parse((await x.get('/api/v1/teams/cosmos/sprints')).text);
    expect(none.sprints[0].surveys).toEqual({});
    // The survey never enters the score: without events, a surveyed sprint scores as an unsurveyed one.
    const { surveys: _a, ...atlasSprint } = report.sprints[0];
    const { surveys: _c, ...cosmosSprint } = none.sprints[0];
    expect(atlasSprint).toEqual(cosmosSprint);
  });

  it('keeps the results across a restart and updates them when late responses arrive', async () => {
    await x.restart();
    let samples = parseExposition((await x.get('/metrics')).text);
    expect(responsesOf(samples)).toEqual({ atlas: 5, borealis: undefined, borealisSuppressed: 1 });
    // Two late answers for the ended sprint 0: borealis reaches 5 people and is published.
    const late = ['ivy@corp.example', 'jon@corp.example'].map((respondent) => ({
      team: 'borealis',
      time: '2026-06-14T18:00:00Z',
      respondent,
      answers: { sat_overall: 5 },
    }));
    expect((await x.post(PATH, late)).status).toBe(202);
    samples = parseExposition((await x.get('/metrics')).text);
    expect(responsesOf(samples)).toEqual({ atlas: 5, borealis: 5, borealisSuppressed: 0 });
    // borealis satisfaction: 1, 2, 3, 5, 5 → 0, .25, .5, 1, 1 → 2.75 / 5 = 0.55
    expect(valueOf(samples, 'dora_survey_score', { team: 'borealis', dimension: 'satisfaction' })).toBeCloseTo(
      0.55,
      10,
    );
  });

  it('never shows a respondent identity or its hash: not in metrics, API answers, errors or logs', async () => {
    const identities = [...IDENTITIES, ...borealis.map((b) => b.respondent)];
    const hashes = identities.map((i) => createHmac('sha256', SALT).update(i).digest('hex'));
    const outputs = [
      (await x.get('/metrics')).text,
      (await x.get('/api/v1/surveys')).text,
      (await x.get('/api/v1/teams/atlas/sprints')).text,
      (await x.get('/api/v1/teams/borealis/sprints')).text,
      (await x.post(PATH, { ...atlas[0], team: 'zeppelin' })).text,
      (await x.post(PATH, `{"respondent": "${IDENTITIES[0]}", `)).text,
      (await x.post(PATH, atlas[0])).text,
      x.logs.join(''),
    ].join('\n');
    expect(x.logs.length).toBeGreaterThan(0);
    for (const secret of [...identities, ...hashes, SALT]) expect(outputs.toLowerCase()).not.toContain(secret);
  });
});

describe('survey API without a salt', () => {
  let x: SurveyExporter;
  beforeAll(async () => {
    x = await startSurveyExporter(surveyConfig({}), NOW);
  });
  afterAll(() => x.close());

  it('refuses respondent identities rather than store them unkeyed, and takes anonymous responses', async () => {
    const res = await x.post(PATH, atlas[0]);
    expect(res.status).toBe(400);
    expect(undocumented(RESPONSES, 'post', res)).toEqual([]);
    expect(JSON.parse(res.text).problems).toEqual([
      {
        index: 0,
        field: 'respondent',
        message: 'respondent identities need surveys.salt in the configuration (they are stored only as a keyed hash)',
      },
    ]);
    const { respondent: _r, ...anonymous } = atlas[0]!;
    expect((await x.post(PATH, anonymous)).status).toBe(202);
    // The same anonymous response sent again (a client retry) is one response.
    expect(JSON.parse((await x.post(PATH, anonymous)).text)).toMatchObject({ counted: 0, duplicates: 1 });
    expect(x.exporter.store.surveyMaxSeq()).toBe(1);
  });
});
