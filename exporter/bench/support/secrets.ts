import { randomBytes } from 'node:crypto';

/** Every secret the exporter can be configured with; random per run so that finding one in output is meaningful. */
export interface Secrets {
  api: string;
  github: string;
  gitlabToken: string;
  /** A Standard Webhooks signing token as GitLab shows it: `whsec_<base64 key>`. */
  gitlabSigning: string;
  pagerduty: string;
  alertmanager: string;
  cdevents: string;
  metrics: string;
  surveySalt: string;
}

/** The environment variable each secret is read from (the config names the variable, never the value). */
export const SECRET_ENV: Record<keyof Secrets, string> = {
  api: 'BENCH_API_TOKEN',
  github: 'BENCH_GITHUB_SECRET',
  gitlabToken: 'BENCH_GITLAB_TOKEN',
  gitlabSigning: 'BENCH_GITLAB_SIGNING',
  pagerduty: 'BENCH_PAGERDUTY_SECRET',
  alertmanager: 'BENCH_ALERTMANAGER_TOKEN',
  cdevents: 'BENCH_CDEVENTS_TOKEN',
  metrics: 'BENCH_METRICS_TOKEN',
  surveySalt: 'BENCH_SURVEY_SALT',
};

export function newSecrets(): Secrets {
  const hex = () => randomBytes(16).toString('hex');
  return {
    api: `api-${hex()}`,
    github: `gh-${hex()}`,
    gitlabToken: `glt-${hex()}`,
    gitlabSigning: `whsec_${randomBytes(32).toString('base64')}`,
    pagerduty: `pd-${hex()}`,
    alertmanager: `am-${hex()}`,
    cdevents: `cde-${hex()}`,
    metrics: `metrics-${hex()}`,
    surveySalt: `salt-${hex()}`,
  };
}

export function secretEnv(secrets: Secrets): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, name] of Object.entries(SECRET_ENV)) env[name] = secrets[key as keyof Secrets];
  return env;
}

/** The GitLab signing token's HMAC key (the base64 after `whsec_`). */
export function gitlabKey(secrets: Secrets): Buffer {
  return Buffer.from(secrets.gitlabSigning.slice('whsec_'.length), 'base64');
}

/**
 * Every form in which a secret could leak: the value itself, and for the signing token its key in base64 and hex.
 * Short fragments are not searched: a random 16-byte hex string cannot occur by chance.
 */
export function secretNeedles(secrets: Secrets): { name: string; value: string }[] {
  const needles = Object.entries(secrets).map(([name, value]) => ({ name, value: value as string }));
  const key = gitlabKey(secrets);
  needles.push({ name: 'gitlabSigning (base64 key)', value: key.toString('base64') });
  needles.push({ name: 'gitlabSigning (hex key)', value: key.toString('hex') });
  return needles;
}
