import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildExporter, childEnv, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { type CorpusItem, corpus } from '../../bench/support/corpus';
import { checkLabels } from '../../bench/support/labels';
import { newSecrets, secretEnv } from '../../bench/support/secrets';
import { PATHS, SOURCES, type SourceName, send, signedHeaders } from '../../bench/support/sign';
import { parseExposition, valueOf } from '../support/exposition';

/**
 * Signed, well-formed deliveries from every source whose team, service, repository and environment are values
 * no configuration names: very long, unicode, exposition-format injection, near misses of configured names. None
 * may become a label value; each is counted, as an unassigned event or as a rejection.
 */
const MARK = 'zqx7h';
const hostile = (i: number): string =>
  [
    `${MARK}${i}-${'long'.repeat(100)}`,
    `${MARK}${i}-𝔘𝔫𝔦𝔠𝔬𝔡𝔢-ü-🚀`,
    `${MARK}${i}"} dora_evil{team="x`,
    `${MARK}${i}\nsquad`,
    `../${MARK}${i}/etc`,
    `${MARK}${i} squad`,
  ][i % 6] as string;

type Build = (item: any, value: string, i: number) => void;
/** Which recorded payload carries each source's label-bearing fields, and how to set them. */
const PLANTS: Record<SourceName, { item: string; plant: Build; headers?: (value: string) => Record<string, string> }> =
  {
    generic: {
      item: 'generic/batch',
      plant: (events, value, i) => {
        events.splice(0, events.length, {
          id: `hostile-${i}`,
          type: 'deployment',
          time: '2026-06-02T10:00:00Z',
          team: value,
          service: value.slice(0, 512),
          repository: value.slice(0, 512),
          environment: value.slice(0, 512),
          status: 'success',
        });
      },
    },
    github: {
      item: 'github/deployment_status.success.json',
      plant: (p, value, i) => {
        p.deployment.id = 900_000 + i;
        p.repository.full_name = value;
        p.deployment.environment = value;
        p.deployment_status.environment = value;
      },
    },
    gitlab: {
      item: 'gitlab/deployment.json',
      plant: (p, value, i) => {
        p.deployment_id = 900_000 + i;
        p.project.path_with_namespace = value;
        p.environment = value;
      },
    },
    pagerduty: {
      item: 'pagerduty/incident.triggered.json',
      plant: (p, value, i) => {
        p.event.id = `hostile-${i}`;
        p.event.data.id = `HOSTILE${i}`;
        p.event.data.service = { ...p.event.data.service, id: `P${i}UNKNOWN`, summary: value };
      },
    },
    alertmanager: {
      item: 'alertmanager/firing.json',
      plant: (p, value, i) => {
        p.groupKey = `hostile-${i}`;
        for (const a of p.alerts) {
          a.labels.service = value;
          a.fingerprint = `hostile-${i}-${a.fingerprint}`;
        }
      },
    },
    cdevents: {
      item: 'cdevents/checkout/service_deployed.v0.5.json',
      plant: (p, value, i) => {
        p.context.id = `hostile-${i}`;
        p.subject.id = `service/${value}`;
        p.subject.content.environment.id = value;
      },
      headers: () => ({}),
    },
  };

describe('label values a payload tries to create', () => {
  const secrets = newSecrets();
  const items = new Map(corpus().map((i) => [i.name, i]));
  let dir: string;
  let child: ChildExporter;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dora-cardinality-'));
    const config = writeConfig(dir, allSourcesDocument({ firstSprintStart: '2019-01-07' }));
    child = await startChild({ config, data: join(dir, 'data'), env: childEnv(secretEnv(secrets)) });
  });
  afterAll(async () => {
    await child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async () => (await send(child.url, { method: 'GET', path: '/metrics', headers: {} })).text;
  const counted = (text: string, source: string) => {
    const samples = parseExposition(text);
    return {
      unassigned: valueOf(samples, 'dora_exporter_unassigned_events_total', { source }) ?? 0,
      rejected: valueOf(samples, 'dora_exporter_deliveries_total', { source, outcome: 'rejected' }) ?? 0,
    };
  };

  it('keeps every label within the configuration and counts every attempt', async () => {
    const PER_SOURCE = 12;
    const before = await scrape();
    const answers: Record<string, { accepted: number; refused: number }> = {};
    for (const source of SOURCES) {
      const { item: name, plant } = PLANTS[source];
      const item = items.get(name) as CorpusItem;
      answers[source] = { accepted: 0, refused: 0 };
      for (let i = 0; i < PER_SOURCE; i++) {
        const payload = JSON.parse(item.body.toString('utf8'));
        plant(payload, hostile(i), i);
        const body = Buffer.from(JSON.stringify(payload));
        const headers = signedHeaders(source, body, secrets, item.headers);
        if (source === 'cdevents') {
          headers['ce-id'] = payload.context.id;
        }
        const answer = await send(child.url, { method: 'POST', path: PATHS[source], headers, body });
        // Accepted (stored as unassigned) or refused with a 400 that names the field; nothing else.
        expect([source, i, answer.status === 202 || answer.status === 400]).toEqual([source, i, true]);
        if (answer.status === 202) {
          expect(answer.json.newEvents).toBe(1);
          answers[source].accepted++;
        } else answers[source].refused++;
      }
    }

    const after = await scrape();
    for (const source of SOURCES) {
      const a = counted(before, source);
      const b = counted(after, source);
      // Every accepted attempt is one unassigned event; every refused one a rejection.
      expect([source, b.unassigned - a.unassigned, b.rejected - a.rejected]).toEqual([
        source,
        answers[source]!.accepted,
        answers[source]!.refused,
      ]);
    }
    // Most attempts are well-formed and must be stored (and counted), not merely refused.
    const accepted = Object.values(answers).reduce((n, a) => n + a.accepted, 0);
    expect(accepted).toBeGreaterThan(SOURCES.length * PER_SOURCE * 0.5);

    expect(checkLabels(after).violations).toEqual([]);
    expect(after.includes(MARK)).toBe(false);
    // The label sets are the configuration's: two teams (+ unassigned), four services (+ unassigned).
    const samples = parseExposition(after);
    const values = (label: string) =>
      [...new Set(samples.map((s) => s.labels[label]).filter((v) => v !== undefined))].sort();
    expect(values('team').every((t) => ['platform', 'squad', 'unassigned'].includes(t!))).toBe(true);
    expect(
      values('environment').every((e) => ['development', 'other', 'prod', 'production', 'staging'].includes(e!)),
    ).toBe(true);
  });
});
