import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, runCli, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { corpus } from '../../bench/support/corpus';
import { SURVEY_PATH } from '../../bench/support/fuzz';
import { type Secrets, newSecrets, secretEnv, secretNeedles } from '../../bench/support/secrets';
import { type HttpRequest, PATHS, SOURCES, signedHeaders } from '../../bench/support/sign';

/**
 * A full session with every secret configured (all sources, the API, /metrics, the survey salt), all from the
 * environment: serve at the most verbose log level, valid and forged requests on every endpoint, errors of every
 * kind, scrapes, the report API, a replay and start-up failures. Everything the processes printed, every HTTP
 * answer (headers and body) and the data directory are then searched for every secret.
 */
describe('secrets never appear in logs, answers, metrics or the store', () => {
  const secrets = newSecrets();
  const wrong = newSecrets();
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-secrets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds none of them anywhere after a full session', async () => {
    const config = writeConfig(dir, allSourcesDocument({ protectMetrics: true }));
    const data = join(dir, 'data');
    const env = childEnv({ ...secretEnv(secrets), LOG_LEVEL: 'trace' });
    const transcript: string[] = [];
    const child = await startChild({ config, data, env });
    const record = async (req: HttpRequest) => {
      const res = await fetch(`${child.url}${req.path}`, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined && { body: req.body }),
      });
      transcript.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
      return res.status;
    };
    const statuses: number[] = [];
    const post = async (path: string, headers: Record<string, string>, body: Buffer) =>
      statuses.push(await record({ method: 'POST', path, headers, body }));

    for (const item of corpus()) {
      const path = PATHS[item.source];
      // Valid, forged with other secrets, and each source's own secret sent where another source expects its own.
      await post(path, signedHeaders(item.source, item.body, secrets, item.headers), item.body);
      await post(path, signedHeaders(item.source, item.body, wrong, item.headers), item.body);
      for (const other of SOURCES) {
        if (other !== item.source) await post(path, signedHeaders(other, item.body, secrets, item.headers), item.body);
      }
      // Authenticated but broken: invalid JSON, a wrong shape, an unsupported media type.
      const broken = Buffer.from(`{"x": ${item.body.toString('utf8').slice(1, 40)}`);
      await post(path, signedHeaders(item.source, broken, secrets, item.headers), broken);
      await post(path, signedHeaders(item.source, Buffer.from('[1,2]'), secrets, item.headers), Buffer.from('[1,2]'));
      await post(
        path,
        { ...signedHeaders(item.source, item.body, secrets, item.headers), 'content-type': 'text/plain' },
        item.body,
      );
    }
    // Secrets where they do not belong: in a malformed Authorization header, as a signature, under another scheme.
    for (const s of Object.values(secrets) as string[]) {
      await post(
        PATHS.generic,
        { authorization: `Bearer ${s} extra`, 'content-type': 'application/json' },
        Buffer.from('[]'),
      );
      await post(PATHS.generic, { authorization: `Basic ${s}`, 'content-type': 'application/json' }, Buffer.from('[]'));
      await post(PATHS.github, { 'x-hub-signature-256': s, 'x-github-event': 'push' }, Buffer.from('{}'));
      await post(PATHS.pagerduty, { 'x-pagerduty-signature': `v1=${s}` }, Buffer.from('{}'));
    }
    const body = Buffer.alloc(300 * 1024, 0x20);
    await post(PATHS.github, signedHeaders('github', body, secrets, { 'x-github-event': 'push' }), body); // 413
    const survey = Buffer.from(
      JSON.stringify([
        {
          team: 'squad',
          time: new Date(Date.now() - 86_400_000).toISOString(),
          respondent: 'dev@example.com',
          answers: { sat_overall: 5 },
        },
      ]),
    );
    await post(SURVEY_PATH, { authorization: `Bearer ${secrets.api}`, 'content-type': 'application/json' }, survey);
    await post(
      SURVEY_PATH,
      { authorization: `Bearer ${secrets.gitlabToken}`, 'content-type': 'application/json' },
      survey,
    );

    const get = async (path: string, headers: Record<string, string> = {}) =>
      statuses.push(await record({ method: 'GET', path, headers }));
    await get('/metrics');
    await get('/metrics', { authorization: `Bearer ${secrets.api}` });
    await get('/metrics', { authorization: `Basic ${Buffer.from(`x:${secrets.metrics}`).toString('base64')}` });
    await get('/metrics', { authorization: `Bearer ${secrets.metrics}` });
    for (const path of [
      '/api/v1/teams',
      '/api/v1/teams/squad/sprints',
      '/api/v1/teams/squad/sprints/2019-05-13/evidence',
      '/api/v1/surveys',
      '/readyz',
      '/healthz',
      '/',
      '/api/v1/teams/nobody/sprints',
    ]) {
      await get(path);
    }
    await child.stop();
    // The session did what it claims: accepted, refused, broken and served requests.
    expect([...new Set(statuses)].sort()).toEqual(expect.arrayContaining([200, 202, 400, 401, 404, 413, 415]));

    const replay = await runCli(['replay', '--config', config, '--data', data], env);
    expect(replay.code).toBe(0);
    // Start-up failures: a missing secret and a malformed signing token are named, their values are not.
    const broken: Secrets = { ...secrets, gitlabSigning: secrets.github };
    const badToken = await runCli(
      ['replay', '--config', config, '--data', data],
      childEnv({ ...secretEnv(broken), LOG_LEVEL: 'trace' }),
    );
    expect([badToken.code, badToken.stderr]).toEqual([78, expect.stringMatching(/sources\.gitlab\.signingSecret/)]);
    const { BENCH_API_TOKEN: _, ...missing } = secretEnv(secrets);
    const noToken = await runCli(['serve', '--config', config, '--data', data, '--port', '0'], childEnv(missing));
    expect([noToken.code, noToken.stderr]).toEqual([78, expect.stringMatching(/BENCH_API_TOKEN is not set/)]);

    const outputs: Record<string, string> = {
      'serve output': child.output(),
      'HTTP answers': transcript.join('\n'),
      'replay output': replay.stdout + replay.stderr,
      'start-up errors': badToken.stdout + badToken.stderr + noToken.stdout + noToken.stderr,
    };
    // The store keeps raw payloads and the headers replay needs, never an authentication header.
    for (const file of readdirSync(data)) outputs[`data/${file}`] = readFileSync(join(data, file), 'latin1');
    expect(outputs['serve output']).toMatch(/"level":10|"level":20|"level":30/);
    expect(transcript.length).toBeGreaterThan(200);

    const leaks = [];
    for (const { name, value } of secretNeedles(secrets)) {
      for (const [where, text] of Object.entries(outputs)) if (text.includes(value)) leaks.push(`${name} in ${where}`);
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
