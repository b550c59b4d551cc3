/**
 * The long fuzzing run: 12 000 generated cases (default) over every endpoint of a real `serve` process, the same
 * generators as the CI test (test/hostile/fuzz.test.ts) with more cases. Fails (exit 1) on any 5xx, unanswered
 * request, accepted forgery, label outside the configuration, or a dead process.
 *
 *   npm run bench:fuzz -w exporter -- [--cases 12000] [--seed 1] [--doc]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, startChild } from './support/child';
import { allSourcesDocument, writeConfig } from './support/config';
import { runFuzz } from './support/fuzz-run';
import { checkLabels } from './support/labels';
import { argValue, machine, mib, writeDocSection, writesDoc } from './support/report';
import { newSecrets, secretEnv } from './support/secrets';
import { send } from './support/sign';

const argv = process.argv.slice(2);
const CASES = Number(argValue(argv, 'cases') ?? 12_000);
const SEED = Number(argValue(argv, 'seed') ?? 1);
const MAX_BODY_BYTES = 256 * 1024;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'dora-bench-fuzz-'));
  const secrets = newSecrets();
  const config = writeConfig(dir, allSourcesDocument({ maxBodyBytes: MAX_BODY_BYTES }));
  const child = await startChild({ config, data: join(dir, 'data'), env: childEnv(secretEnv(secrets)) });
  try {
    const report = await runFuzz(child, secrets, { seed: SEED, count: CASES, maxBodyBytes: MAX_BODY_BYTES });
    const alive =
      child.alive() && (await send(child.url, { method: 'GET', path: '/healthz', headers: {} })).status === 200;
    const labels = checkLabels((await send(child.url, { method: 'GET', path: '/metrics', headers: {} })).text);
    const statuses = Object.entries(report.statuses)
      .sort()
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
    const growth = report.rss.after - report.rss.half;
    const markdown = [
      '## Hostile input (fuzzing)',
      '',
      `Measured ${machine()}. Command: \`npm run bench:fuzz -w exporter -- --cases ${CASES} --seed ${SEED}\`.`,
      '',
      `${report.cases} cases (seed ${SEED}) over every endpoint in ${report.seconds.toFixed(0)} s, 4 at a time:`,
      'recorded payloads of all six sources mutated as JSON and as bytes and then signed correctly, the same with',
      `forged, missing, stale or truncated authentication, odd headers and media types, nesting up to ${Math.floor(MAX_BODY_BYTES / 2)}`,
      'levels, wide objects and long arrays, and reads of every path with hostile segments, queries and methods.',
      '',
      '| check | result |',
      '|---|---|',
      `| answers by status | ${statuses} |`,
      `| 5xx, unanswered, or forged-but-not-refused | ${report.failures.length} |`,
      `| process alive, /healthz 200 afterwards | ${alive ? 'yes' : 'NO'} |`,
      `| RSS before / after half / after all (MiB) | ${mib(report.rss.before)} / ${mib(report.rss.half)} / ${mib(report.rss.after)} (second half: ${growth >= 0 ? '+' : ''}${mib(growth)} MiB) |`,
      `| series on /metrics afterwards; labels outside the configuration | ${labels.series}; ${labels.violations.length} |`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    for (const f of report.failures.slice(0, 20)) process.stderr.write(`FAILURE ${JSON.stringify(f)}\n`);
    for (const v of labels.violations.slice(0, 20)) process.stderr.write(`LABEL ${v}\n`);
    if (writesDoc(argv)) writeDocSection('fuzz', markdown);
    if (report.failures.length || labels.violations.length || !alive) process.exitCode = 1;
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
