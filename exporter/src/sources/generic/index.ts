import type { SourceFactory } from '../types';
import { verifyBearer } from '../auth';
import { NDJSON_TYPES, parseGeneric } from './parse';

/** The generic event API: POST /api/v1/events with a bearer token from `api.tokens`. */
export const genericSource: SourceFactory = (config) => {
  if (config.apiTokens.length === 0) return undefined;
  return {
    name: 'generic',
    path: '/api/v1/events',
    contentTypes: ['application/json', ...NDJSON_TYPES],
    replayHeaders: [],
    verify: (request) => verifyBearer(request, config.apiTokens),
    parse: parseGeneric,
  };
};
