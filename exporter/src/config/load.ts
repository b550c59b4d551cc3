import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type ContractParameters,
  type LinkOptions,
  type SprintCalendar,
  DEFAULT_LINK_OPTIONS,
  HOUR_SECONDS,
  withDefaults,
} from '@dora-guarantee/scoring';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { TeamDirectory } from './directory';
import { type ParsedConfig, type SecretRef, configSchema } from './schema';
import { SecretError, readSecret } from './secrets';
import { resolveSurveys } from '../surveys/config';
import type { SurveysConfig } from '../surveys/types';

export interface TeamConfig {
  name: string;
  services: string[];
  repositories: Record<string, string>;
  calendar: SprintCalendar;
  contract: ContractParameters;
}

/** Secrets resolved at start-up. Kept in one object that no logger or error message is ever given. */
export interface SourceSecrets {
  github?: { secret: string };
  /** `signingKey` is the decoded HMAC key of a Standard Webhooks signing token (`whsec_<base64>`). */
  gitlab?: { token?: string; signingKey?: Buffer };
  pagerduty?: { secrets: string[]; serviceMap: Record<string, string> };
  alertmanager?: { token: string; incidentLabel: { name: string; value: string }; serviceLabel: string };
  cdevents?: { token: string };
}

export interface Config {
  server: ParsedConfig['server'];
  link: LinkOptions;
  teams: TeamConfig[];
  directory: TeamDirectory;
  sources: SourceSecrets;
  apiTokens: string[];
  surveys: SurveysConfig;
  metrics: {
    sprintsExposed: number;
    bearerToken?: string;
    basicAuth?: { username: string; password: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${pathOf(issue.path) || '(top level)'}: ${issue.message}`);
}

/**
 * The HMAC key of a Standard Webhooks secret: base64 after the `whsec_` prefix, as GitLab shows its signing token.
 * Anything else is refused at start-up, so a pasted secret token cannot silently fail every delivery.
 */
function signingKey(value: string, problem: (message: string) => void): Buffer {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
  const key = match ? Buffer.from(match[1] as string, 'base64') : Buffer.alloc(0);
  if (value !== '' && key.length < 24) {
    problem('must be a signing token of the form "whsec_<base64 of at least 24 bytes>", as GitLab shows it');
  }
  return key;
}

/** Builds the running configuration from an already-parsed YAML/JSON document; `baseDir` resolves survey files. */
export function buildConfig(
  document: unknown,
  env: NodeJS.ProcessEnv = process.env,
  baseDir: string = process.cwd(),
): Config {
  const parsed = configSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  const c = parsed.data;

  const problems: string[] = [];
  const secret = (ref: SecretRef, key: string): string => {
    try {
      return readSecret(ref, env);
    } catch (e) {
      if (e instanceof SecretError) {
        problems.push(`${key}: ${e.message}`);
        return '';
      }
      throw e;
    }
  };

  const sources: SourceSecrets = {};
  const s = c.sources;
  if (s.github) sources.github = { secret: secret(s.github.secret, 'sources.github.secret') };
  if (s.gitlab) {
    sources.gitlab = {
      ...(s.gitlab.token && { token: secret(s.gitlab.token, 'sources.gitlab.token') }),
      ...(s.gitlab.signingSecret && {
        signingKey: signingKey(secret(s.gitlab.signingSecret, 'sources.gitlab.signingSecret'), (message) =>
          problems.push(`sources.gitlab.signingSecret: ${message}`),
        ),
      }),
    };
  }
  if (s.pagerduty) {
    sources.pagerduty = {
      secrets: s.pagerduty.secrets.map((r, i) => secret(r, `sources.pagerduty.secrets[${i}]`)),
      serviceMap: s.pagerduty.serviceMap,
    };
  }
  if (s.alertmanager) {
    sources.alertmanager = {
      token: secret(s.alertmanager.token, 'sources.alertmanager.token'),
      incidentLabel: s.alertmanager.incidentLabel,
      serviceLabel: s.alertmanager.serviceLabel,
    };
  }
  if (s.cdevents) sources.cdevents = { token: secret(s.cdevents.token, 'sources.cdevents.token') };

  const apiTokens = c.api.tokens.map((r, i) => secret(r, `api.tokens[${i}]`));
  const metrics: Config['metrics'] = { sprintsExposed: c.metrics.sprintsExposed };
  if (c.metrics.bearerToken) metrics.bearerToken = secret(c.metrics.bearerToken, 'metrics.bearerToken');
  if (c.metrics.basicAuth) {
    metrics.basicAuth = {
      username: c.metrics.basicAuth.username,
      password: secret(c.metrics.basicAuth.password, 'metrics.basicAuth.password'),
    };
  }
  const surveys = resolveSurveys(c.surveys, secret, baseDir, problems);
  if (problems.length) throw new ConfigError(problems);

  const teams: TeamConfig[] = c.teams.map((t) => ({
    name: t.name,
    services: t.services,
    repositories: t.repositories,
    calendar: { ...c.calendar, ...t.calendar } as SprintCalendar,
    contract: withDefaults({
      ...c.contract,
      ...t.contract,
      weights: { ...c.contract.weights, ...t.contract?.weights },
    }),
  }));

  const link: LinkOptions = {
    productionEnvironments: c.linking.productionEnvironments,
    incidentLinkWindowSeconds: c.linking.incidentLinkWindowHours * HOUR_SECONDS,
    lookbackSeconds: DEFAULT_LINK_OPTIONS.lookbackSeconds,
  };

  return {
    server: c.server,
    link,
    teams,
    directory: new TeamDirectory(teams, [...c.linking.productionEnvironments, ...c.environments]),
    sources,
    apiTokens,
    surveys,
    metrics,
  };
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (e) {
    throw new ConfigError([`${path} is not valid YAML: ${(e as Error).message}`]);
  }
  return buildConfig(document, env, dirname(path));
}
