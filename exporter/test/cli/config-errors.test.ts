import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, buildConfig } from '../../src/config/load';
import { cleanEnv, runCli } from './support/cli';

/**
 * An invalid configuration stops the exporter before it listens, naming each wrong key and why; a missing secret
 * names where it should come from and never prints a secret's value.
 */
const valid = () => ({
  calendar: { firstSprintStart: '2026-06-01' },
  teams: [{ name: 'squad', services: ['checkout'] }],
  api: { tokens: [{ env: 'CFG_TEST_TOKEN' }] },
});
const ENV = { CFG_TEST_TOKEN: 'the-api-token-value-123' };

function problemsOf(document: unknown, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    buildConfig(document, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration validation', () => {
  it('accepts the minimal configuration', () => {
    expect(buildConfig(valid(), ENV).apiTokens).toEqual(['the-api-token-value-123']);
  });

  it.each<[string, (c: Record<string, any>) => void, RegExp]>([
    ['a missing key', (c) => delete c.teams[0].services, /^teams\[0\]\.services: /],
    [
      'an impossible date',
      (c) => (c.calendar.firstSprintStart = '2026-02-30'),
      /^calendar\.firstSprintStart: must be a calendar date YYYY-MM-DD$/,
    ],
    [
      'an unknown time zone',
      (c) => (c.calendar.timeZone = 'Mars/Olympus'),
      /^calendar\.timeZone: must be an IANA time zone/,
    ],
    ['a misspelt key', (c) => (c.teamz = []), /^\(top level\): .*"teamz"/],
    ['a threshold out of range', (c) => (c.contract = { lowScoreBelow: 150 }), /^contract\.lowScoreBelow: /],
    ['an unknown preset', (c) => (c.contract = { preset: 'dora-1999' }), /^contract\.preset: /],
    [
      'a zero frequency weight',
      (c) => (c.contract = { weights: { deploymentFrequency: 0 } }),
      /^contract\.weights\.deploymentFrequency: /,
    ],
    [
      'a service in two teams',
      (c) => c.teams.push({ name: 'other', services: ['checkout'] }),
      /^teams\[1\]\.services: service "checkout" already belongs to team "squad"$/,
    ],
    [
      "a repository mapped to another team's service",
      (c) => c.teams.push({ name: 'other', services: ['search'], repositories: { 'acme/x': 'checkout' } }),
      /^teams\[1\]\.repositories\.acme\/x: maps to "checkout", which is not one of team "other"'s services$/,
    ],
    ['the reserved team name', (c) => (c.teams[0].name = 'unassigned'), /^teams\[0\]\.name: "unassigned" is reserved/],
    [
      'a label value with spaces',
      (c) => (c.teams[0].services = ['check out']),
      /^teams\[0\]\.services\[0\]: letters, digits/,
    ],
    [
      'a secret with both sources',
      (c) => (c.api.tokens = [{ env: 'A', file: '/b' }]),
      /^api\.tokens\[0\]: give exactly one of "env"/,
    ],
    ['a port out of range', (c) => (c.server = { port: 70000 }), /^server\.port: /],
  ])('names the key and the reason for %s', (_name, spoil, expected) => {
    const config: Record<string, any> = valid();
    spoil(config);
    expect(problemsOf(config)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('names a missing environment variable and never the values of the secrets that are set', () => {
    const config = {
      ...valid(),
      sources: { github: { secret: { env: 'CFG_GITHUB_SECRET' } }, cdevents: { token: { env: 'CFG_CDEVENTS' } } },
      api: { tokens: [{ env: 'CFG_TEST_TOKEN' }, { env: 'CFG_MISSING_TOKEN' }] },
    };
    const env = { ...ENV, CFG_GITHUB_SECRET: 'github-secret-value-456' };
    let message = '';
    try {
      buildConfig(config, env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect((message.match(/^ {2}- /gm) ?? []).length).toBe(2);
    expect(message).toContain('sources.cdevents.token: environment variable CFG_CDEVENTS is not set');
    expect(message).toContain('api.tokens[1]: environment variable CFG_MISSING_TOKEN is not set');
    expect(message).not.toContain('github-secret-value-456');
    expect(message).not.toContain('the-api-token-value-123');
  });

  it('names a missing or empty secret file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dora-secret-'));
    try {
      writeFileSync(join(dir, 'empty'), '\n');
      const problems = problemsOf({
        ...valid(),
        api: { tokens: [{ file: join(dir, 'absent') }, { file: join(dir, 'empty') }] },
      });
      expect(problems).toEqual([
        `api.tokens[0]: cannot read secret file ${join(dir, 'absent')}: ENOENT`,
        `api.tokens[1]: secret file ${join(dir, 'empty')} is empty`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a secret written into the config itself, without repeating it', () => {
    const problems = problemsOf({ ...valid(), api: { tokens: ['literal-secret-in-yaml-789'] } });
    expect(problems).toEqual([expect.stringMatching(/^api\.tokens\[0\]: /)]);
    expect(problems.join('\n')).not.toContain('literal-secret-in-yaml-789');
  });
});

describe('the CLI refuses to start with an invalid configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dora-config-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 78 naming the key and why, before listening', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, stringify({ ...valid(), calendar: { firstSprintStart: '2026-6-1' } }));
    const result = await runCli(['serve', '--config', file, '--port', '0'], { env: cleanEnv(ENV) });
    expect(result.code).toBe(78);
    expect(result.stderr).toBe(
      'dora-guarantee serve: invalid configuration:\n  - calendar.firstSprintStart: must be a calendar date YYYY-MM-DD\n',
    );
    expect(result.stdout).not.toContain('listening');
  }, 60_000);

  it('exits 78 naming the missing environment variable, never a secret value', async () => {
    const file = join(dir, 'secrets.yaml');
    writeFileSync(
      file,
      stringify({
        ...valid(),
        sources: { github: { secret: { env: 'CFG_GITHUB_SECRET' } } },
        metrics: { bearerToken: { env: 'CFG_METRICS_TOKEN' } },
      }),
    );
    const result = await runCli(['serve', '--config', file, '--port', '0'], {
      env: cleanEnv({ ...ENV, CFG_GITHUB_SECRET: 'github-secret-value-456' }),
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('metrics.bearerToken: environment variable CFG_METRICS_TOKEN is not set');
    expect(result.stderr + result.stdout).not.toMatch(/github-secret-value-456|the-api-token-value-123/);
  }, 60_000);

  it('exits 78 for a file that is missing or not YAML', async () => {
    const missing = await runCli(['serve', '--config', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain(`cannot read ${join(dir, 'nope.yaml')}: ENOENT`);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'teams: [unclosed\n');
    const notYaml = await runCli(['import', 'x.ndjson', '--config', broken]);
    expect(notYaml.code).toBe(78);
    expect(notYaml.stderr).toContain(`${broken} is not valid YAML`);
  }, 60_000);
});
