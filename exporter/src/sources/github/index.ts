import type { SourceFactory } from '../types';
import { parseGithub } from './parse';
import { verifyGithub } from './verify';

/** GitHub repository or organization webhooks: POST /webhooks/github, signed with `sources.github.secret`. */
export const githubSource: SourceFactory = (config) => {
  const secrets = config.sources.github;
  if (!secrets) return undefined;
  return {
    name: 'github',
    path: '/webhooks/github',
    contentTypes: ['application/json'],
    replayHeaders: ['x-github-event', 'x-github-delivery'],
    verify: (request) => verifyGithub(request, secrets.secret),
    parse: parseGithub,
  };
};
