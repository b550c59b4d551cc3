import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceName } from './sign';

export const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');

/** A valid request of one source before authentication: the body and the headers its sender always sets. */
export interface CorpusItem {
  source: SourceName;
  name: string;
  body: Buffer;
  /** Content type, event name, CloudEvents attributes: everything but authentication and delivery ids. */
  headers: Record<string, string>;
}

const GITLAB_EVENTS: Record<string, string> = {
  deployment: 'Deployment Hook',
  push: 'Push Hook',
  merge_request: 'Merge Request Hook',
  pipeline: 'Pipeline Hook',
};

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** One event of every type of the generic event API, on configured services. */
export function genericEvents(prefix: string, day = '2026-06-02'): Record<string, unknown>[] {
  const t = (hhmm: string) => `${day}T${hhmm}:00Z`;
  return [
    {
      id: `${prefix}-push`,
      type: 'commits.pushed',
      time: t('08:30'),
      service: 'checkout',
      commits: [{ sha: 'a1', time: t('08:00') }],
    },
    {
      id: `${prefix}-change`,
      type: 'change.merged',
      time: t('08:31'),
      service: 'checkout',
      change: 'acme/checkout#12',
      openedAt: t('07:00'),
      mergedAt: t('08:31'),
      sha: 'a1',
    },
    {
      id: `${prefix}-pipeline`,
      type: 'pipeline.finished',
      time: t('08:45'),
      pipeline: 'ci',
      status: 'success',
      durationSeconds: 840,
      service: 'checkout',
    },
    {
      id: `${prefix}-tests`,
      type: 'tests.finished',
      time: t('08:44'),
      passed: 410,
      failed: 0,
      skipped: 3,
      service: 'checkout',
    },
    { id: `${prefix}-migration`, type: 'migration.finished', time: t('09:55'), service: 'payments', status: 'success' },
    {
      id: `${prefix}-deploy`,
      type: 'deployment',
      time: t('10:00'),
      service: 'checkout',
      environment: 'production',
      status: 'success',
      sha: 'a1',
    },
    {
      id: `${prefix}-inc-open`,
      type: 'incident.opened',
      time: t('13:00'),
      incident: `${prefix}-INC`,
      service: 'checkout',
    },
    { id: `${prefix}-inc-resolved`, type: 'incident.resolved', time: t('13:15'), incident: `${prefix}-INC` },
  ];
}

/** Every recorded fixture of every source as a valid request body, plus generic API batches. */
export function corpus(): CorpusItem[] {
  const items: CorpusItem[] = [];
  const read = (provider: string, file: string) => readFileSync(join(FIXTURES, provider, file));

  for (const file of jsonFiles(join(FIXTURES, 'github'))) {
    items.push({
      source: 'github',
      name: `github/${file}`,
      body: read('github', file),
      headers: { 'x-github-event': file.split('.')[0] as string, 'user-agent': 'GitHub-Hookshot/bench' },
    });
  }
  for (const file of jsonFiles(join(FIXTURES, 'gitlab'))) {
    const event = GITLAB_EVENTS[file.split('.')[0] as string];
    if (!event) continue;
    items.push({
      source: 'gitlab',
      name: `gitlab/${file}`,
      body: read('gitlab', file),
      headers: { 'x-gitlab-event': event },
    });
  }
  for (const file of jsonFiles(join(FIXTURES, 'pagerduty'))) {
    items.push({ source: 'pagerduty', name: `pagerduty/${file}`, body: read('pagerduty', file), headers: {} });
  }
  for (const file of jsonFiles(join(FIXTURES, 'alertmanager'))) {
    items.push({ source: 'alertmanager', name: `alertmanager/${file}`, body: read('alertmanager', file), headers: {} });
  }
  for (const group of ['checkout', 'conformance']) {
    for (const file of jsonFiles(join(FIXTURES, 'cdevents', group))) {
      const body = read(join('cdevents', group), file);
      const context = (JSON.parse(body.toString('utf8')) as { context: Record<string, string> }).context;
      items.push({
        source: 'cdevents',
        name: `cdevents/${group}/${file}`,
        body,
        headers: {
          'ce-specversion': '1.0',
          'ce-id': context.id as string,
          'ce-source': context.source as string,
          'ce-type': context.type as string,
          'ce-time': context.timestamp as string,
        },
      });
    }
  }
  items.push({
    source: 'generic',
    name: 'generic/batch',
    body: Buffer.from(JSON.stringify(genericEvents('corpus'))),
    headers: {},
  });
  items.push({
    source: 'generic',
    name: 'generic/ndjson',
    body: Buffer.from(
      genericEvents('corpus-nd')
        .map((e) => JSON.stringify(e))
        .join('\n'),
    ),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  return items;
}
