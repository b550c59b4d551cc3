import type { Config } from '../config/load';
import { alertmanagerSource } from './alertmanager';
import { cdEventsSource } from './cdevents';
import { genericSource } from './generic';
import { githubSource } from './github';
import { gitlabSource } from './gitlab';
import { pagerDutySource } from './pagerduty';
import type { Source, SourceFactory } from './types';

/** Every provider the exporter knows, by name. A provider not enabled in the config answers 404. */
export const SOURCE_FACTORIES: Record<string, { path: string; factory: SourceFactory }> = {
  generic: { path: '/api/v1/events', factory: genericSource },
  github: { path: '/webhooks/github', factory: githubSource },
  gitlab: { path: '/webhooks/gitlab', factory: gitlabSource },
  pagerduty: { path: '/webhooks/pagerduty', factory: pagerDutySource },
  alertmanager: { path: '/webhooks/alertmanager', factory: alertmanagerSource },
  cdevents: { path: '/webhooks/cdevents', factory: cdEventsSource },
};

export function enabledSources(config: Config): Source[] {
  return Object.values(SOURCE_FACTORIES)
    .map(({ factory }) => factory(config))
    .filter((s): s is Source => s !== undefined);
}
