import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_ENV } from './secrets';

export interface ConfigOptions {
  firstSprintStart?: string;
  maxBodyBytes?: number;
  /** Put /metrics behind the bearer token `metrics` (scrapes must then send it). */
  protectMetrics?: boolean;
  /** Extra teams `team-0`… `team-(n-1)`, one service each, to load the evaluator. */
  extraTeams?: number;
}

/** Configured label values: anything else a payload names must end up as `unassigned` / `other`. */
export const TEAMS = ['squad', 'platform'];
export const SERVICES = ['checkout', 'payments', 'search', 'billing'];
export const ENVIRONMENTS = ['production', 'prod', 'staging', 'development'];

/**
 * A configuration with every source enabled, each secret read from an environment variable (secrets.ts). The
 * repositories and PagerDuty service of the recorded fixtures map to configured services.
 */
export function allSourcesDocument(options: ConfigOptions = {}): Record<string, unknown> {
  const env = (key: keyof typeof SECRET_ENV) => ({ env: SECRET_ENV[key] });
  return {
    server: { maxBodyBytes: options.maxBodyBytes ?? 256 * 1024 },
    calendar: { firstSprintStart: options.firstSprintStart ?? '2019-01-07', sprintLengthDays: 14 },
    teams: [
      {
        name: 'squad',
        services: ['checkout', 'payments', 'search'],
        repositories: {
          'Codertocat/Hello-World': 'checkout',
          'acme/checkout': 'checkout',
          'mike/diaspora': 'payments',
          'root/test-deployment-webhooks': 'checkout',
          'gitlab-org/gitlab-test': 'search',
          'gitlabhq/gitlab-test': 'search',
        },
      },
      { name: 'platform', services: ['billing'] },
      ...Array.from({ length: options.extraTeams ?? 0 }, (_, i) => ({
        name: `team-${i}`,
        services: [`service-${i}`],
      })),
    ],
    sources: {
      github: { secret: env('github') },
      gitlab: { token: env('gitlabToken'), signingSecret: env('gitlabSigning') },
      pagerduty: { secrets: [env('pagerduty')], serviceMap: { PF9KMXH: 'checkout' } },
      alertmanager: { token: env('alertmanager') },
      cdevents: { token: env('cdevents') },
    },
    api: { tokens: [env('api')] },
    ...(options.protectMetrics && { metrics: { bearerToken: env('metrics') } }),
    surveys: { salt: env('surveySalt'), minRespondents: 3 },
  };
}

/** Writes the document as YAML (JSON is YAML) and returns its path. */
export function writeConfig(dir: string, document: Record<string, unknown>, name = 'config.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(document, null, 2));
  return path;
}
