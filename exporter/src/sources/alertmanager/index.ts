import type { SourceFactory } from '../types';
import { parseAlertmanager } from './parse';
import { verifyAlertmanager } from './verify';

/** Alertmanager `webhook_configs`: POST /webhooks/alertmanager with the bearer token `sources.alertmanager.token`. */
export const alertmanagerSource: SourceFactory = (config) => {
  const settings = config.sources.alertmanager;
  if (!settings) return undefined;
  const options = { incidentLabel: settings.incidentLabel, serviceLabel: settings.serviceLabel };
  return {
    name: 'alertmanager',
    path: '/webhooks/alertmanager',
    contentTypes: ['application/json'],
    replayHeaders: [],
    verify: (request) => verifyAlertmanager(request, settings.token),
    parse: (request) => parseAlertmanager(request, options),
  };
};
