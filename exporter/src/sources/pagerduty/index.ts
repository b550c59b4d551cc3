import type { SourceFactory } from '../types';
import { WEBHOOK_ID_HEADER, parsePagerDuty } from './parse';
import { verifyPagerDuty } from './verify';

/** PagerDuty v3 webhook subscriptions: POST /webhooks/pagerduty, signed with `sources.pagerduty.secrets`. */
export const pagerDutySource: SourceFactory = (config) => {
  const settings = config.sources.pagerduty;
  if (!settings) return undefined;
  return {
    name: 'pagerduty',
    path: '/webhooks/pagerduty',
    contentTypes: ['application/json'],
    replayHeaders: [WEBHOOK_ID_HEADER],
    verify: (request) => verifyPagerDuty(request, settings.secrets),
    parse: (request) => parsePagerDuty(request, { serviceMap: settings.serviceMap }),
  };
};
