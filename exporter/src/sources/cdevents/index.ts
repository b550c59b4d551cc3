import type { SourceFactory } from '../types';
import { CE_HEADERS, STRUCTURED } from './envelope';
import { parseCdEvents } from './parse';
import { verifyCdEvents } from './verify';

/** CDEvents over CloudEvents HTTP (binary or structured mode): POST /webhooks/cdevents with `sources.cdevents.token`. */
export const cdEventsSource: SourceFactory = (config) => {
  const settings = config.sources.cdevents;
  if (!settings) return undefined;
  const options = {
    productionEnvironments: config.link.productionEnvironments,
    knownService: (name: string) => config.directory.assign({ service: name }).assigned,
  };
  return {
    name: 'cdevents',
    path: '/webhooks/cdevents',
    contentTypes: ['application/json', STRUCTURED],
    replayHeaders: CE_HEADERS,
    verify: (request) => verifyCdEvents(request, settings.token),
    parse: (request) => parseCdEvents(request, options),
  };
};
