import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './processes';
import { run } from './tools';

export interface GaugeHistory {
  /** A gauge or recorded series name (recording-rule names with colons are valid OpenMetrics names). */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Unix seconds, inclusive. */
  from: number;
  to: number;
  stepSeconds: number;
}

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`, written so that none of its silent traps
 * (docs: /work/shared/reference §4.4) can bite: one TYPE block per family, samples of a series in increasing time,
 * a timestamp on every sample, in seconds (milliseconds are accepted silently and land in the year ~58000), and
 * the final `# EOF`.
 */
export function openMetrics(histories: GaugeHistory[]): string {
  const lines: string[] = [];
  const families = [...new Set(histories.map((h) => h.name))];
  for (const family of families) {
    lines.push(`# TYPE ${family} gauge`);
    for (const h of histories.filter((x) => x.name === family)) {
      if (!(h.from < h.to) || h.to > 1e11 || h.from < 1e9) throw new Error(`${family}: times must be Unix seconds`);
      const labels = Object.entries(h.labels)
        .map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`)
        .join(',');
      for (let t = h.from; t <= h.to; t += h.stepSeconds)
        lines.push(`${family}{${labels}} ${h.value} ${Math.floor(t)}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

/** TSDB blocks holding the histories, in a temp dir whose contents go into Prometheus' data dir before it starts. */
export function createBlocks(promtool: string, histories: GaugeHistory[]): string {
  const dir = tempDir('backfill');
  const input = path.join(dir, 'history.om');
  fs.writeFileSync(input, openMetrics(histories));
  const out = path.join(dir, 'blocks');
  const r = run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, out]);
  if (r.status !== 0) throw new Error(`promtool create-blocks-from failed (${r.status}): ${r.stderr}${r.stdout}`);
  fs.rmSync(input);
  if (fs.readdirSync(out).length === 0) throw new Error('promtool wrote no block');
  return out;
}
