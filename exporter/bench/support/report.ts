import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export const BENCHMARKS_DOC = join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md');

/**
 * Replaces this benchmark's block in docs/benchmarks.md (between `<!-- bench:ID -->` and `<!-- /bench:ID -->`),
 * appending it when absent, so sections written by other benchmarks or by hand stay as they are.
 */
export function writeDocSection(id: string, markdown: string, doc = BENCHMARKS_DOC): void {
  const open = `<!-- bench:${id} -->`;
  const close = `<!-- /bench:${id} -->`;
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${block}${text.slice(end + close.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(doc, next);
}

/** What the figures were measured on: they only compare within one run on one machine. */
export function machine(): string {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  // The load average says how shared the machine was: the CPUs also run other work, and the load generator.
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, commit ${commit}, ${new Date().toISOString().slice(0, 16)}Z, load average ${load} (1/5/15 min) at the end`;
}

/** `--doc`, or BENCH_DOC=1 for `npm run bench` (whose scripts take no arguments), rewrites the doc's section. */
export function writesDoc(argv: string[]): boolean {
  return argv.includes('--doc') || process.env.BENCH_DOC === '1';
}

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}
