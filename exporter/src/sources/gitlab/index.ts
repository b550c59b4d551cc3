import type { SourceFactory } from '../types';
import { parseGitlab } from './parse';
import { verifyGitlab } from './verify';

/** GitLab project or group webhooks: POST /webhooks/gitlab with the secret token and/or the signing token. */
export const gitlabSource: SourceFactory = (config) => {
  const secrets = config.sources.gitlab;
  if (!secrets || (secrets.token === undefined && secrets.signingKey === undefined)) return undefined;
  return {
    name: 'gitlab',
    path: '/webhooks/gitlab',
    contentTypes: ['application/json'],
    // What parse needs again on replay (never the token or the signature).
    replayHeaders: ['x-gitlab-event', 'x-gitlab-event-uuid', 'idempotency-key', 'webhook-id'],
    verify: (request) => verifyGitlab(request, secrets),
    parse: parseGitlab,
  };
};
