import type { SprintCalendar } from '@dora-guarantee/scoring';
import type { SecretRef } from '../config/schema';
import type { DemoSquad } from './squads';

/** The environment variable that holds the demo's API token (else `serve` writes one to <data>/api-token). */
export const DEMO_API_TOKEN_ENV = 'DORA_API_TOKEN';

/**
 * Provider sources stay off in the demo unless their secret is in the environment: setting the variable enables
 * the source with that secret (docs/demo.md).
 */
export const DEMO_SOURCE_ENV = {
  github: 'DORA_GITHUB_WEBHOOK_SECRET',
  gitlab: 'DORA_GITLAB_WEBHOOK_TOKEN',
  gitlabSigning: 'DORA_GITLAB_SIGNING_SECRET',
  pagerduty: 'DORA_PAGERDUTY_WEBHOOK_SECRET',
  alertmanager: 'DORA_ALERTMANAGER_TOKEN',
  cdevents: 'DORA_CDEVENTS_TOKEN',
} as const;

function sourcesFrom(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const set = (name: string) => env[name] !== undefined && env[name] !== '';
  const ref = (name: string): SecretRef => ({ env: name });
  const e = DEMO_SOURCE_ENV;
  return {
    ...(set(e.github) && { github: { secret: ref(e.github) } }),
    ...(set(e.gitlab) && {
      gitlab: { token: ref(e.gitlab), ...(set(e.gitlabSigning) && { signingSecret: ref(e.gitlabSigning) }) },
    }),
    ...(set(e.pagerduty) && { pagerduty: { secrets: [ref(e.pagerduty)] } }),
    ...(set(e.alertmanager) && { alertmanager: { token: ref(e.alertmanager) } }),
    ...(set(e.cdevents) && { cdevents: { token: ref(e.cdevents) } }),
  };
}

export interface DemoConfigOptions {
  calendar: SprintCalendar;
  squads: readonly DemoSquad[];
  /** Where the API token is read from: DORA_API_TOKEN when absent; null for no token (nothing is served). */
  apiToken?: SecretRef | null;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** The demo's configuration document, as a YAML file would give it to `buildConfig`. */
export function demoConfigDocument(options: DemoConfigOptions): Record<string, unknown> {
  return {
    ...(options.dataDir !== undefined && { server: { dataDir: options.dataDir } }),
    calendar: options.calendar,
    contract: { preset: 'dora-2023', rampUpSprints: 2, lowScoreBelow: 50, consecutiveLowForCredit: 2 },
    linking: { productionEnvironments: ['production'], incidentLinkWindowHours: 24 },
    environments: ['staging'],
    teams: options.squads.map((s) => ({
      name: s.name,
      services: s.services.map((x) => x.name),
      repositories: Object.fromEntries(s.services.map((x) => [x.repository, x.name])),
    })),
    sources: sourcesFrom(options.env ?? {}),
    api: { tokens: options.apiToken === null ? [] : [options.apiToken ?? { env: DEMO_API_TOKEN_ENV }] },
  };
}
