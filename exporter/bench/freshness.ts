/**
 * Freshness: how long after a delivery is acknowledged (its 202 received) /metrics shows its effect. One signed
 * GitHub deployment at a time; after each 202, /metrics is scraped back to back until the production deployment
 * counter of its team and service has moved. Run on an empty store and on one preloaded with history, as a
 * Prometheus scrape would see it.
 *
 *   npm run bench:freshness -w exporter -- [--samples 100] [--preload 20000] [--doc]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, startChild } from './support/child';
import { allSourcesDocument, writeConfig } from './support/config';
import { argValue, machine, ms, quantile, writeDocSection, writesDoc } from './support/report';
import { newSecrets, secretEnv } from './support/secrets';
import { send } from './support/sign';
import { genericBatches, githubDeployments } from './support/streams';

const argv = process.argv.slice(2);
const SAMPLES = Number(argValue(argv, 'samples') ?? 100);
const PRELOAD = Number(argValue(argv, 'preload') ?? 20_000);
/** The history whose pushed commits no deployment names: the case that was quadratic before commit 84465f7. */
const PENDING_PRELOAD = Number(argValue(argv, 'pending-preload') ?? 20_000);
const DAY = 86_400_000;
const COUNTER = /^dora_deployments_total\{team="squad",service="checkout",environment="production"\} (\d+)$/m;

interface Outcome {
  preload: number;
  shaOnDeployments: boolean;
  /** 202 received → first scrape showing the deployment, ms. */
  freshness: number[];
  /** Scrapes needed, including the one that showed it. */
  scrapes: number[];
  /** Duration of one scrape with nothing new, ms. */
  idleScrape: number[];
}

async function scenario(preload: number, shaOnDeployments = true, samples = SAMPLES): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'dora-bench-fresh-'));
  const secrets = newSecrets();
  const document = allSourcesDocument({ firstSprintStart: new Date(Date.now() - 70 * DAY).toISOString().slice(0, 10) });
  const child = await startChild({
    config: writeConfig(dir, document),
    data: join(dir, 'data'),
    env: childEnv(secretEnv(secrets)),
  });
  try {
    // History: generic batches of 500 events (deployments and pushes) spread over the contract's sprints.
    for (let loaded = 0, day = 0; loaded < preload; loaded += 500, day++) {
      const date = new Date(Date.now() - (1 + (day % 65)) * DAY).toISOString().slice(0, 10);
      const batch = genericBatches(secrets, 500, date, { shaOnDeployments })();
      const answer = await send(child.url, {
        method: 'POST',
        path: '/api/v1/events',
        headers: batch.headers,
        body: Buffer.from(batch.body),
      });
      if (answer.status !== 202) throw new Error(`preload answered ${answer.status}: ${answer.text}`);
    }
    const scrape = async () => (await send(child.url, { method: 'GET', path: '/metrics', headers: {} })).text;
    const count = (text: string) => Number(COUNTER.exec(text)?.[1] ?? 0);
    let current = count(await scrape());
    const next = githubDeployments(secrets, { time: () => new Date(Date.now() - 60_000).toISOString() });
    const outcome: Outcome = { preload, shaOnDeployments, freshness: [], scrapes: [], idleScrape: [] };
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await scrape();
      outcome.idleScrape.push(performance.now() - started);

      const delivery = next();
      const answer = await send(child.url, {
        method: 'POST',
        path: '/webhooks/github',
        headers: delivery.headers,
        body: Buffer.from(delivery.body),
      });
      const acknowledged = performance.now();
      if (answer.status !== 202) throw new Error(`delivery answered ${answer.status}: ${answer.text}`);
      for (let scrapes = 1; ; scrapes++) {
        const seen = count(await scrape());
        if (seen > current) {
          outcome.freshness.push(performance.now() - acknowledged);
          outcome.scrapes.push(scrapes);
          current = seen;
          if (i % 10 === 9)
            process.stderr.write(`preload ${preload}: ${i + 1} samples, last ${ms(outcome.freshness.at(-1)!)} ms\n`);
          break;
        }
        if (performance.now() - acknowledged > 30_000) throw new Error(`deployment ${i} not visible after 30 s`);
      }
    }
    return outcome;
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  const outcomes = [
    await scenario(0),
    await scenario(PRELOAD),
    await scenario(PENDING_PRELOAD, false, Math.min(SAMPLES, 20)),
  ];
  const row = (o: Outcome) => {
    const f = [...o.freshness].sort((a, b) => a - b);
    const s = [...o.idleScrape].sort((a, b) => a - b);
    return `| ${o.preload.toLocaleString('en')}${o.shaOnDeployments ? '' : ', deployments without sha: every commit stays pending'} | ${f.length} | ${ms(quantile(f, 0.5))} | ${ms(quantile(f, 0.99))} | ${ms(f[f.length - 1] as number)} | ${Math.max(...o.scrapes)} | ${ms(quantile(s, 0.5))} |`;
  };
  const markdown = [
    '## Freshness',
    '',
    `Measured ${machine()}; one run of ${Math.round((Date.now() - started) / 1000)} s. Command: \`npm run bench:freshness -w exporter -- --samples ${SAMPLES} --preload ${PRELOAD} --pending-preload ${PENDING_PRELOAD}\`.`,
    '',
    'Time from receiving the 202 of a signed GitHub deployment to the first /metrics answer that counts it',
    '(`dora_deployments_total` of its team and service), scraping back to back. /metrics is computed from the store',
    'at scrape time, so an acknowledged event is visible to the very next scrape: freshness is one scrape, and what',
    'a dashboard sees is bounded by the Prometheus scrape interval plus that scrape. The history is generic API',
    'batches of 500 events (a push of one commit, then the production deployment of that commit) spread over the',
    'last 65 days of one service.',
    '',
    '| events already stored | samples | p50 ms | p99 ms | max ms | scrapes needed (max) | idle scrape p50 ms |',
    '|---|---|---|---|---|---|---|',
    ...outcomes.map(row),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (writesDoc(argv)) writeDocSection('freshness', markdown);
}

void main();
