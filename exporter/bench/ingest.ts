/**
 * Ingestion benchmark: autocannon against the real `serve` process (durable writes: WAL, synchronous=FULL, 2xx only
 * after the commit) and, in the same run, against a no-op express endpoint on the same machine (the floor of this
 * stack), with identical request streams. Each exporter run is repeated without group commit
 * (DORA_STORE_MAX_BATCH=1: one transaction and fsync per request) to show what grouping buys.
 *
 *   npm run bench:ingest -w exporter -- [--duration 10] [--connections 10] [--doc]
 *
 * --doc writes the figures into docs/benchmarks.md (section "Ingestion").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type ChildExporter, childEnv, startChild, startListening } from './support/child';
import { allSourcesDocument, writeConfig } from './support/config';
import { type LoadResult, load } from './support/load';
import { argValue, machine, mib, ms, writeDocSection, writesDoc } from './support/report';
import { newSecrets, secretEnv } from './support/secrets';
import { PATHS } from './support/sign';
import { type Next, genericBatches, githubDeployments } from './support/streams';

const argv = process.argv.slice(2);
const DURATION = Number(argValue(argv, 'duration') ?? 10);
const CONNECTIONS = Number(argValue(argv, 'connections') ?? 10);
const WARMUP_SECONDS = 2;
const BATCH = 10;

interface Row extends LoadResult {
  target: 'floor' | 'exporter';
  stream: 'github' | 'generic';
  grouping?: boolean;
  stored?: { deliveries: number; acknowledged: number };
  rssMiB?: number;
}

async function measure(
  target: ChildExporter,
  label: string,
  path: string,
  next: () => Next,
): Promise<{ result: LoadResult; warmupOk: number }> {
  const warmup = await load({
    label,
    url: target.url,
    path,
    next,
    connections: CONNECTIONS,
    durationSeconds: WARMUP_SECONDS,
  });
  const result = await load({
    label,
    url: target.url,
    path,
    next,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  });
  return { result, warmupOk: warmup.ok };
}

async function floor(stream: Row['stream'], next: () => Next): Promise<Row> {
  const server = await startListening(['-r', 'tsx/cjs', join(__dirname, 'support', 'floor-server.ts')], childEnv());
  try {
    const { result } = await measure(server, `floor ${stream}`, PATHS[stream], next);
    return { ...result, target: 'floor', stream, rssMiB: Number(mib(server.rss())) };
  } finally {
    await server.stop();
  }
}

async function exporter(stream: Row['stream'], grouping: boolean, next: () => Next, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'dora-bench-ingest-'));
  try {
    const config = writeConfig(dir, allSourcesDocument({ firstSprintStart: '2026-06-01' }));
    const data = join(dir, 'data');
    const child = await startChild({
      config,
      data,
      env: childEnv({ ...env, ...(!grouping && { DORA_STORE_MAX_BATCH: '1' }) }),
    });
    let row: Row;
    try {
      const label = `exporter ${stream} (${grouping ? 'group commit' : 'one commit per request'})`;
      const { result, warmupOk } = await measure(child, label, PATHS[stream], next);
      row = { ...result, target: 'exporter', stream, grouping, rssMiB: Number(mib(child.rss())) };
      await child.stop();
      // Every acknowledged request must be in the store (in-flight ones at the end may be stored unanswered).
      const db = new Database(join(data, 'dora-guarantee.db'), { readonly: true });
      const deliveries = (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n;
      db.close();
      row.stored = { deliveries, acknowledged: warmupOk + result.ok };
    } finally {
      await child.stop();
    }
    return row;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const floorOf = (stream: Row['stream']) => rows.find((r) => r.target === 'floor' && r.stream === stream);
  const lines = [
    '| target | requests | 2xx req/s | p50 ms | p99 ms | max ms | ratio to floor | non-2xx | RSS MiB | stored ≥ acknowledged |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const base = floorOf(r.stream);
    const ratio = r.target === 'floor' || !base ? '—' : `${((100 * r.throughput) / base.throughput).toFixed(0)} %`;
    const what =
      r.target === 'floor'
        ? 'no-op express (floor)'
        : `exporter, ${r.grouping ? 'group commit' : 'one commit per request'}`;
    const stream = r.stream === 'github' ? 'signed GitHub deployment_status' : `generic API, ${BATCH} events each`;
    const stored = r.stored
      ? `${r.stored.deliveries} ≥ ${r.stored.acknowledged}: ${r.stored.deliveries >= r.stored.acknowledged ? 'yes' : 'NO'}`
      : '—';
    lines.push(
      `| ${what} | ${stream} | ${r.throughput.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ratio} | ${r.non2xx + r.errors} | ${r.rssMiB ?? '—'} | ${stored} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const secrets = newSecrets();
  const env = secretEnv(secrets);
  const rows: Row[] = [];
  const started = Date.now();
  // Interleaved per stream so that each ratio compares runs minutes apart at most.
  for (const stream of ['github', 'generic'] as const) {
    const next = () => (stream === 'github' ? githubDeployments(secrets) : genericBatches(secrets, BATCH));
    rows.push(await floor(stream, next()));
    process.stderr.write(`floor ${stream}: ${rows.at(-1)!.throughput.toFixed(0)} req/s\n`);
    for (const grouping of [true, false]) {
      rows.push(await exporter(stream, grouping, next(), env));
      process.stderr.write(`exporter ${stream} grouping=${grouping}: ${rows.at(-1)!.throughput.toFixed(0)} req/s\n`);
    }
  }
  const elapsed = Math.round((Date.now() - started) / 1000);
  const grouped = rows.filter((r) => r.target === 'exporter' && r.grouping);
  const verdicts = grouped.map((r) => {
    const base = rows.find((f) => f.target === 'floor' && f.stream === r.stream)!;
    const ratio = r.throughput / base.throughput;
    return `- ${r.stream}: ${(100 * ratio).toFixed(0)} % of the floor (target ≥ 50 %: ${ratio >= 0.5 ? 'met' : 'NOT met'}), p99 ${ms(r.p99)} ms (target < 50 ms: ${r.p99 < 50 ? 'met' : 'NOT met'})`;
  });
  const markdown = [
    '## Ingestion',
    '',
    `Measured ${machine()}; ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then ${DURATION} s per row, all rows`,
    `in one run of ${elapsed} s. Command: \`npm run bench:ingest -w exporter -- --duration ${DURATION} --connections ${CONNECTIONS}\`.`,
    '',
    table(rows),
    '',
    'With group commit (the default):',
    ...verdicts,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (writesDoc(argv)) writeDocSection('ingest', markdown);
  if (rows.some((r) => r.non2xx + r.errors > 0 || (r.stored && r.stored.deliveries < r.stored.acknowledged))) {
    process.stderr.write('FAILED: non-2xx answers or acknowledged deliveries missing from the store\n');
    process.exitCode = 1;
  }
}

void main();
