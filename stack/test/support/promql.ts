import fs from 'node:fs';
import YAML from 'yaml';
import { repoPath } from './repo';

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'inf',
  'nan',
]);

/**
 * The metric names an expression selects: a small lexer, enough for the expressions of this repository (it drops
 * strings, label matchers, ranges and grouping clauses, then keeps identifiers that are not function calls).
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:])(?!\s*\()/g)) {
    const name = m[1]!;
    if (!KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

/** Series names docs/metrics.md promises, with the _bucket/_sum/_count series of each histogram family. */
export function catalogue(): Set<string> {
  const names = new Set<string>();
  const text = fs.readFileSync(repoPath('docs', 'metrics.md'), 'utf8');
  for (const m of text.matchAll(/^\| `([a-z_:]+)` \| ([a-z =0-9]+) \|/gm)) {
    const [, name, type] = m;
    names.add(name!);
    if (type!.trim() === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name! + s);
  }
  return names;
}

export function recordedNames(): Set<string> {
  const doc = YAML.parse(fs.readFileSync(repoPath('prometheus', 'rules', 'recording.yml'), 'utf8')) as {
    groups: { rules: { record: string }[] }[];
  };
  return new Set(doc.groups.flatMap((g) => g.rules.map((r) => r.record)));
}

/**
 * Series that come from Prometheus itself or from prom-client's defaults (docs/metrics.md: "plus prom-client's
 * default process_* and nodejs_* metrics"), not from the catalogue.
 */
export const BUILTIN = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'ALERTS',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
]);
