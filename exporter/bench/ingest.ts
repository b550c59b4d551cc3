/**
 * Ingestion benchmark: autocannon against the real `serve` process (durable writes: WAL, synchronous=FULL, 2xx only
 * after the commit) and, in the same run, against a no-op express endpoint on the same machine (the floor of this
 * stack), with identical request streams. Each exporter run is repeated without group commit
 * (DORA_STORE_MAX_BATCH=1: one transaction and fsync per request) to show what grouping buys. The whole sequence
 * is repeated `--rounds` times and the medians reported, ratios taken within each round: the machine is shared.
 *
 *   npm run bench:ingest -w exporter -- [--duration 10] [--connections 10] [--rounds 3] [--doc]
 *
 * --doc (or BENCH_DOC=1) writes the figures into docs/benchmarks.md (section "Ingestion").
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type ChildExporter, childEnv, startChild, startListening } from './support/child';
import { allSourcesDocument, writeConfig } from './support/config';
import { fsyncLatency } from './support/fsync';
import { type LoadResult, load } from './support/load';
import { argValue, machine, mib, ms, writeDocSection, writesDoc } from './support/report';
import { newSecrets, secretEnv } from './support/secrets';
import { PATHS, send } from './support/sign';
import { type Next, genericBatches, githubDeployments } from './support/streams';

const argv = process.argv.slice(2);
const DURATION = Number(argValue(argv, 'duration') ?? 10);
const CONNECTIONS = Number(argValue(argv, 'connections') ?? 10);
const ROUNDS = Number(argValue(argv, 'rounds') ?? 3);
/** The paced run: latency at a fixed request rate well below saturation, as real senders produce it. */
const RATE = Number(argValue(argv, 'rate') ?? 100);
const WARMUP_SECONDS = 2;
const BATCH = 10;

type Stream = 'github' | 'generic';
type Variant = 'floor' | 'grouped' | 'single' | 'memory';
/**
 * `memory` is a diagnostic, not a configuration anyone should run: the store on tmpfs (/dev/shm), where fsync
 * costs nothing. The gap between it and `grouped` is what durable commits cost; the gap between it and the floor
 * is the CPU the exporter spends per request.
 */
const VARIANTS: Variant[] = ['floor', 'grouped', 'single', ...(existsSync('/dev/shm') ? (['memory'] as const) : [])];

interface Run extends LoadResult {
  round: number;
  stream: Stream;
  variant: Variant;
  rssMiB: number;
  /** Latency (ms) of the paced run at RATE requests per second. */
  paced: { p50: number; p99: number; ok: number; failed: number };
  /** Exporter only, over the measured run: transactions, requests per transaction, share of the time in commits. */
  commits?: { count: number; perCommit: number; busy: number };
  /** Exporter only: deliveries in the store and 2xx answers (warm-up included); the first must not be smaller. */
  stored?: { deliveries: number; acknowledged: number };
}

const loadFor = (target: ChildExporter, stream: Stream, next: () => Next, seconds: number, rate?: number) =>
  load({
    label: stream,
    url: target.url,
    path: PATHS[stream],
    next,
    connections: CONNECTIONS,
    durationSeconds: seconds,
    ...(rate !== undefined && { overallRate: rate }),
  });

async function paced(target: ChildExporter, stream: Stream, next: () => Next): Promise<Run['paced']> {
  const r = await loadFor(target, stream, next, DURATION, RATE);
  return { p50: r.p50, p99: r.p99, ok: r.ok, failed: r.non2xx + r.errors };
}

/** The exporter's store write histogram: how many transactions, and the seconds spent in them (fsync included). */
async function commitStats(target: ChildExporter): Promise<{ count: number; seconds: number }> {
  const text = (await send(target.url, { method: 'GET', path: '/metrics', headers: {} })).text;
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    count: value('dora_exporter_store_write_duration_seconds_count'),
    seconds: value('dora_exporter_store_write_duration_seconds_sum'),
  };
}

async function floorRun(round: number, stream: Stream, next: () => Next): Promise<Run> {
  const server = await startListening(['-r', 'tsx/cjs', join(__dirname, 'support', 'floor-server.ts')], childEnv());
  try {
    await loadFor(server, stream, next, WARMUP_SECONDS);
    const result = await loadFor(server, stream, next, DURATION);
    return {
      ...result,
      round,
      stream,
      variant: 'floor',
      rssMiB: Number(mib(server.rss())),
      paced: await paced(server, stream, next),
    };
  } finally {
    await server.stop();
  }
}

async function exporterRun(
  round: number,
  stream: Stream,
  variant: Variant,
  next: () => Next,
  env: Record<string, string>,
) {
  const dir = mkdtempSync(join(variant === 'memory' ? '/dev/shm' : tmpdir(), 'dora-bench-ingest-'));
  const data = join(dir, 'data');
  const config = writeConfig(dir, allSourcesDocument({ firstSprintStart: '2026-06-01' }));
  const child = await startChild({
    config,
    data,
    env: childEnv({ ...env, ...(variant === 'single' && { DORA_STORE_MAX_BATCH: '1' }) }),
  });
  try {
    const warmup = await loadFor(child, stream, next, WARMUP_SECONDS);
    const before = await commitStats(child);
    const result = await loadFor(child, stream, next, DURATION);
    const after = await commitStats(child);
    const count = after.count - before.count;
    const pacedRun = await paced(child, stream, next);
    const run: Run = {
      ...result,
      round,
      stream,
      variant,
      rssMiB: Number(mib(child.rss())),
      paced: pacedRun,
      commits: { count, perCommit: result.ok / count, busy: (after.seconds - before.seconds) / result.durationSeconds },
    };
    await child.stop();
    // Every acknowledged request must be in the store (in-flight ones at the end may be stored unanswered).
    const db = new Database(join(data, 'dora-guarantee.db'), { readonly: true });
    run.stored = {
      deliveries: (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n,
      acknowledged: warmup.ok + result.ok + pacedRun.ok,
    };
    db.close();
    return run;
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const STREAM_LABEL: Record<Stream, string> = {
  github: 'signed GitHub deployment_status (1 event)',
  generic: `generic API batch (${BATCH} events)`,
};
const VARIANT_LABEL: Record<Variant, string> = {
  floor: 'no-op express (floor)',
  grouped: 'exporter, group commit',
  single: 'exporter, one commit per request',
  memory: 'diagnostic: exporter, group commit, store on tmpfs (fsync free, not durable)',
};

function summary(runs: Run[]) {
  const of = (stream: Stream, variant: Variant) => runs.filter((r) => r.stream === stream && r.variant === variant);
  const ratioOf = (stream: Stream, variant: Variant) =>
    median(
      of(stream, variant).map(
        (r) => r.throughput / (of(stream, 'floor').find((f) => f.round === r.round) as Run).throughput,
      ),
    );
  const rows = [];
  for (const stream of ['github', 'generic'] as Stream[]) {
    for (const variant of VARIANTS) {
      const rs = of(stream, variant);
      rows.push({
        stream,
        variant,
        throughput: median(rs.map((r) => r.throughput)),
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        max: Math.max(...rs.map((r) => r.max)),
        ratio: variant === 'floor' ? undefined : ratioOf(stream, variant),
        failed: rs.reduce((n, r) => n + r.non2xx + r.errors + r.paced.failed, 0),
        pacedP50: median(rs.map((r) => r.paced.p50)),
        pacedP99: median(rs.map((r) => r.paced.p99)),
        perCommit: rs[0]?.commits ? median(rs.map((r) => r.commits!.perCommit)) : undefined,
        busy: rs[0]?.commits ? median(rs.map((r) => r.commits!.busy)) : undefined,
        rss: Math.max(...rs.map((r) => r.rssMiB)),
        lost: rs.filter((r) => r.stored && r.stored.deliveries < r.stored.acknowledged).length,
      });
    }
  }
  return rows;
}

async function main() {
  const secrets = newSecrets();
  const env = secretEnv(secrets);
  const runs: Run[] = [];
  const started = Date.now();
  const fsyncBefore = fsyncLatency(tmpdir());
  for (let round = 1; round <= ROUNDS; round++) {
    for (const stream of ['github', 'generic'] as Stream[]) {
      for (const variant of VARIANTS) {
        const next = stream === 'github' ? githubDeployments(secrets) : genericBatches(secrets, BATCH);
        const run =
          variant === 'floor'
            ? await floorRun(round, stream, next)
            : await exporterRun(round, stream, variant, next, env);
        runs.push(run);
        process.stderr.write(
          `round ${round} ${stream} ${variant}: ${run.throughput.toFixed(0)} req/s, p99 ${ms(run.p99)} ms\n`,
        );
      }
    }
  }
  const fsyncAfter = fsyncLatency(tmpdir());
  const elapsed = Math.round((Date.now() - started) / 1000);
  const rows = summary(runs);
  const pct = (v: number | undefined) => (v === undefined ? '—' : `${(100 * v).toFixed(0)} %`);
  const table = [
    `| target | requests | 2xx req/s | p50 ms | p99 ms | max ms | ratio to floor | at ${RATE} req/s: p50 / p99 ms | non-2xx | requests per commit | time in commits | RSS MiB |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${VARIANT_LABEL[r.variant]} | ${STREAM_LABEL[r.stream]} | ${r.throughput.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${pct(r.ratio)} | ${ms(r.pacedP50)} / ${ms(r.pacedP99)} | ${r.failed} | ${r.perCommit?.toFixed(1) ?? '—'} | ${pct(r.busy)} | ${r.rss} |`,
    ),
  ];
  const perRound = runs
    .filter((r) => r.variant !== 'floor')
    .map((r) => {
      const floor = runs.find((f) => f.variant === 'floor' && f.round === r.round && f.stream === r.stream) as Run;
      return `${r.round}/${r.stream}/${r.variant}: ${r.throughput.toFixed(0)} vs ${floor.throughput.toFixed(0)} req/s (${pct(r.throughput / floor.throughput)}), p99 ${ms(r.p99)} ms, deliveries stored / acknowledged ${r.stored?.deliveries} / ${r.stored?.acknowledged}`;
    });
  const verdicts = rows
    .filter((r) => r.variant === 'grouped')
    .map((r) => {
      const best = runs
        .filter((x) => x.stream === r.stream && x.variant === 'grouped')
        .map((x) => ({
          ratio:
            x.throughput /
            (runs.find((f) => f.variant === 'floor' && f.round === x.round && f.stream === x.stream) as Run).throughput,
          p99: x.p99,
        }))
        .sort((a, b) => b.ratio - a.ratio)[0]!;
      return `- ${r.stream}: median ${pct(r.ratio)} of the floor (target ≥ 50 %: ${r.ratio! >= 0.5 ? 'met' : 'NOT met'}), p99 ${ms(r.p99)} ms (target < 50 ms: ${r.p99 < 50 ? 'met' : 'NOT met'}); best round ${pct(best.ratio)} with p99 ${ms(best.p99)} ms${best.p99 < 50 ? '' : ' (NOT met)'}`;
    });
  const markdown = [
    '## Ingestion',
    '',
    `Measured ${machine()}; ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then ${DURATION} s per target, ${ROUNDS}`,
    `rounds in one run of ${elapsed} s; medians over the rounds, each ratio taken within its round. Command:`,
    `\`npm run bench:ingest -w exporter -- --duration ${DURATION} --connections ${CONNECTIONS} --rounds ${ROUNDS}\`.`,
    '',
    ...table,
    '',
    `fsync of 4 KiB on the data directory's file system (${tmpdir()}): p50 ${ms(fsyncBefore.p50)} / p99 ${ms(fsyncBefore.p99)} ms before the run,`,
    `p50 ${ms(fsyncAfter.p50)} / p99 ${ms(fsyncAfter.p99)} ms after it. Every commit waits for at least one.`,
    '',
    'With group commit (the default):',
    ...verdicts,
    '',
    `Every acknowledged delivery was in the store after each exporter run: ${rows.every((r) => r.lost === 0) ? 'yes' : 'NO'}.`,
    '',
    `<details><summary>Per round</summary>\n\n${perRound.map((l) => `- ${l}`).join('\n')}\n\n</details>`,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (writesDoc(argv)) writeDocSection('ingest', markdown);
  if (rows.some((r) => r.failed > 0 || r.lost > 0)) {
    process.stderr.write('FAILED: non-2xx answers or acknowledged deliveries missing from the store\n');
    process.exitCode = 1;
  }
}

void main();
