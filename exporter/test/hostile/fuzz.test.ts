import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildExporter, childEnv, startChild } from '../../bench/support/child';
import { allSourcesDocument, writeConfig } from '../../bench/support/config';
import { runFuzz } from '../../bench/support/fuzz-run';
import { checkLabels } from '../../bench/support/labels';
import { newSecrets, secretEnv } from '../../bench/support/secrets';
import { send } from '../../bench/support/sign';

/**
 * The deterministic slice of the fuzzing (the benchmark run sends 10 000+ cases: bench/fuzz.ts): a fixed seed,
 * every endpoint, against a real `serve` process. FUZZ_SEED and FUZZ_CASES override for a local hunt.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const CASES = Number(process.env.FUZZ_CASES ?? 600);
const MAX_BODY_BYTES = 256 * 1024;

describe(`fuzzing every endpoint (seed ${SEED}, ${CASES} cases)`, () => {
  const secrets = newSecrets();
  let dir: string;
  let child: ChildExporter | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dora-fuzz-'));
    const config = writeConfig(dir, allSourcesDocument({ maxBodyBytes: MAX_BODY_BYTES }));
    child = await startChild({ config, data: join(dir, 'data'), env: childEnv(secretEnv(secrets)) });
  });
  afterAll(async () => {
    await child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers only 2xx/4xx, refuses every forged request, stays up with bounded memory and labels', async () => {
    const target = child as ChildExporter;
    const report = await runFuzz(target, secrets, { seed: SEED, count: CASES, maxBodyBytes: MAX_BODY_BYTES });
    // A failure names its case: rerun with FUZZ_SEED=<seed> and look at the index.
    expect(report.failures).toEqual([]);
    const codes = Object.keys(report.statuses).map(Number);
    expect(codes.every((c) => c >= 200 && c < 500)).toBe(true);
    // The cases reached every stage: accepted, refused by signature, by schema, by media type.
    expect(codes).toEqual(expect.arrayContaining([202, 400, 401, 404, 415]));

    expect(target.alive()).toBe(true);
    expect((await send(target.url, { method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
    expect((await send(target.url, { method: 'GET', path: '/readyz', headers: {} })).status).toBe(200);
    // Bodies up to 256 KiB, nested 100 000 deep or 5 000 wide: the process must not hold on to them.
    expect(report.rss.after).toBeLessThan(400 * 2 ** 20);

    const metrics = await send(target.url, { method: 'GET', path: '/metrics', headers: {} });
    expect(metrics.status).toBe(200);
    expect(checkLabels(metrics.text).violations).toEqual([]);
  }, 120_000);
});
