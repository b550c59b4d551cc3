import type { MetricKey, Tier } from '@dora-guarantee/scoring';
import { TeamEvaluator } from '../aggregate/evaluator';
import { type SprintTableJson, sprintTableJson } from '../api/json';
import type { Config } from '../config/load';
import { createLogger } from '../logger';
import { SqliteEventStore } from '../store/sqlite/store';
import { UsageError, flags } from './args';
import { DEFAULT_DEMO_DATA_DIR, configFrom, demoServeConfig } from './context';

type Row = SprintTableJson['sprints'][number];

/**
 * The team's sprint table as the report API answers it (`GET /api/v1/teams/{team}/sprints`), from the same store
 * and the same evaluation: a table for people, `--json` for the API's exact answer, `--csv` for a spreadsheet.
 * Without --config it reads the demo, writing it first into an empty data directory, as `serve` does.
 */
export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    team: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    config: { type: 'string' },
    data: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.team) throw new UsageError('--team NAME is required');
  if (values.json && values.csv) throw new UsageError('give --json or --csv, not both');

  const config: Config = values.config
    ? configFrom(values)
    : await demoServeConfig(values.data ?? DEFAULT_DEMO_DATA_DIR, createLogger('warn'));
  const store = new SqliteEventStore(config.server.dataDir);
  try {
    const evaluator = new TeamEvaluator(config, store);
    const view = evaluator.view(values.team);
    if (!view) {
      process.stderr.write(
        `dora-guarantee report: unknown team "${values.team}"; configured teams: ${evaluator.teamNames().join(', ')}\n`,
      );
      return 1;
    }
    const table = sprintTableJson(view, config, store);
    if (values.json) process.stdout.write(`${JSON.stringify(table, null, 2)}\n`);
    else if (values.csv) process.stdout.write(renderCsv(table));
    else process.stdout.write(renderTable(table, { color: wantsColor(process.stdout, process.env) }));
    return 0;
  } finally {
    store.close();
  }
}

/** Colour only for a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

const TIER_COLOR: Record<Tier, string> = { elite: '32', high: '36', medium: '33', low: '31' };
const STATUS_COLOR: Record<string, string> = {
  low: '31',
  ok: '32',
  'no-data': '2',
  'ramp-up': '2',
  'in-progress': '2',
};
const paint = (on: boolean, code: string | undefined, text: string) =>
  on && code ? `\u001b[${code}m${text}\u001b[0m` : text;

/** 5400 s → "1.5h": the unit a person would say. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}

const percent = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(0)}%`);

interface Column {
  title: string;
  align: 'left' | 'right';
  cell: (s: Row) => { text: string; color?: string | undefined };
}

function metric(title: string, key: MetricKey, value: (s: Row) => string): Column {
  return {
    title,
    align: 'left',
    cell: (s) => {
      const tier = s.tiers[key];
      return tier ? { text: `${value(s)} ${tier}`, color: TIER_COLOR[tier] } : { text: value(s) };
    },
  };
}

const COLUMNS: Column[] = [
  { title: 'sprint', align: 'left', cell: (s) => ({ text: s.sprint }) },
  { title: 'status', align: 'left', cell: (s) => ({ text: s.status, color: STATUS_COLOR[s.status] }) },
  { title: 'score', align: 'right', cell: (s) => ({ text: s.score === null ? '—' : s.score.toFixed(1) }) },
  metric('deploys/day', 'deploymentFrequency', (s) => s.measurements.deploymentFrequencyPerDay.toFixed(2)),
  metric('lead time', 'leadTime', (s) => duration(s.measurements.leadTimeMedianSeconds)),
  metric('change fail', 'changeFailureRate', (s) => percent(s.measurements.changeFailureRate)),
  metric('recovery', 'recoveryTime', (s) => duration(s.measurements.recoveryTimeMedianSeconds)),
  {
    title: 'credit',
    align: 'left',
    cell: (s) =>
      s.credited ? { text: 'credited', color: '1;31' } : s.atRisk ? { text: 'at risk', color: '33' } : { text: '' },
  },
];

/** The table a person reads: one line per sprint, the totals, and the contract it was judged by. */
export function renderTable(table: SprintTableJson, options: { color: boolean }): string {
  const cells = table.sprints.map((s) => COLUMNS.map((c) => c.cell(s)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i]!.text.length)));
  const line = (parts: { text: string; color?: string | undefined }[]) =>
    parts
      .map((p, i) => {
        const padded = COLUMNS[i]!.align === 'right' ? p.text.padStart(widths[i]!) : p.text.padEnd(widths[i]!);
        return paint(options.color, p.color, padded);
      })
      .join('  ')
      .trimEnd();

  const c = table.contract;
  const w = c.weights;
  const out = [
    `team ${table.team} — sprint table as of ${table.asOf}`,
    '',
    paint(options.color, '1', line(COLUMNS.map((col) => ({ text: col.title })))),
    ...cells.map(line),
    '',
    `credits owed: ${table.credits}   low streak: ${table.lowStreak}   ` +
      (table.atRisk
        ? paint(options.color, '33', `at risk: a low next sprint adds ${table.creditsIfNextLow} credits`)
        : 'not at risk'),
    `contract: preset ${c.preset}; ${c.calendar.sprintLengthDays}-day sprints from ${c.calendar.firstSprintStart} ` +
      `(${c.calendar.timeZone}); ramp-up ${c.rampUpSprints} sprints; low below ${c.lowScoreBelow}; ` +
      `credits for ${c.consecutiveLowForCredit}+ consecutive low sprints`,
    `weights: deployment frequency ${w.deploymentFrequency}, lead time ${w.leadTime}, change failure rate ` +
      `${w.changeFailureRate}, recovery time ${w.recoveryTime}, rework rate ${w.reworkRate}`,
  ];
  return `${out.join('\n')}\n`;
}

const CSV_HEADER = [
  'team',
  'sprint',
  'index',
  'start',
  'end',
  'status',
  'score',
  'credited',
  'at_risk',
  'events',
  'deployments',
  'deployment_frequency_per_day',
  'deployment_frequency_tier',
  'changes',
  'lead_time_median_seconds',
  'lead_time_p90_seconds',
  'lead_time_tier',
  'failed_deployments',
  'change_failure_rate',
  'change_failure_rate_tier',
  'open_failures',
  'recovery_time_median_seconds',
  'recovery_time_tier',
  'unplanned_deployments',
  'rework_rate',
  'rework_rate_tier',
];

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per sprint (RFC 4180, CRLF line ends); an undefined metric or tier is an empty field. */
export function renderCsv(table: SprintTableJson): string {
  const rows = table.sprints.map((s) => {
    const m = s.measurements;
    return [
      table.team,
      s.sprint,
      s.index,
      s.start,
      s.end,
      s.status,
      s.score,
      s.credited,
      s.atRisk,
      m.events,
      m.deployments,
      m.deploymentFrequencyPerDay,
      s.tiers.deploymentFrequency,
      m.changes,
      m.leadTimeMedianSeconds,
      m.leadTimeP90Seconds,
      s.tiers.leadTime,
      m.failedDeployments,
      m.changeFailureRate,
      s.tiers.changeFailureRate,
      m.openFailures,
      m.recoveryTimeMedianSeconds,
      s.tiers.recoveryTime,
      m.unplannedDeployments,
      m.reworkRate,
      s.tiers.reworkRate,
    ].map(csvField);
  });
  return [CSV_HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}
