import fc from 'fast-check';
import type { ChildExporter } from './child';
import { type FuzzCase, fuzzCases } from './fuzz';
import type { Secrets } from './secrets';

export interface FuzzFailure {
  index: number;
  label: string;
  status: number | string;
  answer: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  statuses: Record<string, number>;
  failures: FuzzFailure[];
  /** Resident memory of the exporter before the first case, after half of them and after all (bytes). */
  rss: { before: number; half: number; after: number };
  seconds: number;
}

/** A failure: a 5xx or no answer at all, or a request with forged authentication that was not refused. */
function judge(c: FuzzCase, status: number): boolean {
  if (status >= 500) return false;
  if (c.forged) return status === 401 || status === 413;
  return true;
}

/**
 * Sends `count` generated cases (seeded, so a failure is reproducible from seed and index) to a running exporter,
 * `concurrency` at a time, and records what it answered.
 */
export async function runFuzz(
  target: ChildExporter,
  secrets: Secrets,
  options: { seed: number; count: number; concurrency?: number; maxBodyBytes: number },
): Promise<FuzzReport> {
  const started = Date.now();
  const cases = fc.sample(fuzzCases(secrets, { maxBodyBytes: options.maxBodyBytes }), {
    seed: options.seed,
    numRuns: options.count,
  });
  const statuses: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  const rss = { before: target.rss(), half: 0, after: 0 };
  let nextIndex = 0;
  const worker = async () => {
    for (let index = nextIndex++; index < cases.length; index = nextIndex++) {
      const c = cases[index] as FuzzCase;
      if (index === Math.floor(cases.length / 2)) rss.half = target.rss();
      let status: number | string;
      let answer = '';
      try {
        const res = await fetch(`${target.url}${c.path}`, {
          method: c.method,
          headers: c.headers,
          ...(c.body !== undefined && { body: c.body }),
        });
        answer = await res.text();
        status = res.status;
      } catch (e) {
        status = `no answer: ${(e as Error).message}${(e as { cause?: Error }).cause ? ` (${(e as { cause: Error }).cause.message})` : ''}`;
      }
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      if (typeof status === 'string' || !judge(c, status)) {
        failures.push({ index, label: c.label, status, answer: answer.slice(0, 300) });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  rss.after = target.alive() ? target.rss() : NaN;
  return {
    seed: options.seed,
    cases: cases.length,
    statuses,
    failures,
    rss,
    seconds: (Date.now() - started) / 1000,
  };
}
