import type { PromSeries } from './exposition';

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a Prometheus text exposition whose names match `keep`: what a scrape hands Prometheus. */
export function parseExposition(text: string, keep: RegExp): PromSeries[] {
  const out: PromSeries[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !keep.test(line)) continue;
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, raw] of (match[2] ?? '').matchAll(LABEL)) {
      labels[name!] = raw!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    out.push({ metric: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}
