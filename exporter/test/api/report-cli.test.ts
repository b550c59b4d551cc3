import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { renderTable, wantsColor } from '../../src/cli/report';
import { KNOWN_CONFIG, KNOWN_EVENTS } from '../metrics/known-events';
import { API_TOKEN, type TestExporter, startTestExporter } from '../support/exporter';

const BIN = join(__dirname, '../../bin/dora-guarantee.js');
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, TEST_API_TOKEN: API_TOKEN, LOG_LEVEL: 'silent', ...env },
      maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** `dora-guarantee report` against the store a running exporter wrote, compared with the report API. */
describe('report command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dora-report-'));
  const configFile = join(dir, 'dora.yaml');
  let exporter: TestExporter;
  const args = (...extra: string[]) => ['report', '--team', 'squad', '--config', configFile, '--data', dir, ...extra];

  beforeAll(async () => {
    writeFileSync(configFile, stringify(KNOWN_CONFIG));
    exporter = await startTestExporter(KNOWN_CONFIG, { dataDir: dir });
    expect((await exporter.post('/api/v1/events', KNOWN_EVENTS)).status).toBe(202);
  });
  afterAll(async () => {
    await exporter.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json prints the report API answer', async () => {
    const { code, stdout } = await cli(args('--json'));
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    const { json: answered } = await exporter.get('/api/v1/teams/squad/sprints');
    // Both evaluate at their own "now"; everything else must be identical.
    expect({ ...printed, asOf: undefined }).toEqual({ ...answered, asOf: undefined });
    expect(printed.sprints[0]).toMatchObject({ sprint: '2026-06-01', status: 'ok' });
  });

  it('--csv prints one row per sprint with the measurements and tiers', async () => {
    const { code, stdout } = await cli(args('--csv'));
    expect(code).toBe(0);
    const lines = stdout.split('\r\n');
    expect(lines.at(-1)).toBe('');
    const [header, ...rows] = lines.slice(0, -1).map((l) => l.split(','));
    const { json } = await exporter.get('/api/v1/teams/squad/sprints');
    expect(rows).toHaveLength(json.sprints.length);
    const first = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(first).toMatchObject({
      team: 'squad',
      sprint: '2026-06-01',
      index: '0',
      start: '2026-06-01T00:00:00.000Z',
      status: 'ok',
      credited: 'false',
      deployments: '6',
      deployment_frequency_tier: 'high',
      lead_time_median_seconds: '18000',
      lead_time_tier: 'elite',
      change_failure_rate: '0.5',
      change_failure_rate_tier: 'low',
      recovery_time_median_seconds: '3600',
      recovery_time_tier: 'high',
      events: '24',
    });
    expect(Number(first.score)).toBeCloseTo(700 / 12, 10);
    // A sprint without data leaves undefined metrics empty.
    const later = Object.fromEntries(header!.map((h, i) => [h, rows[1]![i]]));
    expect(later).toMatchObject({ sprint: '2026-06-15', lead_time_median_seconds: '', lead_time_tier: '' });
  });

  it('prints a table a person reads, without colour when stdout is not a terminal', async () => {
    const { code, stdout } = await cli(args());
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^team squad — sprint table as of \d{4}-\d{2}-\d{2}T/);
    expect(lines[2]).toMatch(/^sprint\s+status\s+score\s+deploys\/day\s+lead time\s+change fail\s+recovery\s+credit$/);
    expect(lines.find((l) => l.startsWith('2026-06-01'))).toMatch(
      /^2026-06-01\s+ok\s+58\.3\s+0\.43 high\s+5\.0h elite\s+50% low\s+1\.0h high$/,
    );
    expect(stdout).toContain('credits owed: 0   low streak: 0   not at risk');
    expect(stdout).toContain(
      'contract: preset dora-2023; 14-day sprints from 2026-06-01 (UTC); ramp-up 0 sprints; low below 50; credits for 2+ consecutive low sprints',
    );
    expect(stdout).toContain('rework rate 0');
  });

  it('colours tiers only for a terminal without NO_COLOR', async () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    const { json } = await exporter.get('/api/v1/teams/squad/sprints');
    const coloured = renderTable(json, { color: true });
    expect(coloured).toContain('\u001b[32m5.0h elite');
    expect(coloured).toContain('\u001b[31m50% low');
    expect(coloured).toContain('\u001b[36m0.43 high');
    expect(renderTable(json, { color: false })).not.toContain('\u001b[');
  });

  it('names the configured teams when the team is unknown', async () => {
    const { code, stdout, stderr } = await cli(['report', '--team', 'nobody', '--config', configFile, '--data', dir]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown team "nobody"; configured teams: squad, ops');
  });

  it('refuses --json with --csv and a missing --team', async () => {
    expect((await cli(args('--json', '--csv'))).stderr).toContain('give --json or --csv, not both');
    const noTeam = await cli(['report', '--config', configFile]);
    expect(noTeam.code).toBe(2);
    expect(noTeam.stderr).toContain('--team NAME is required');
  });

  it('reads the demo without --config', async () => {
    const demoDir = mkdtempSync(join(tmpdir(), 'dora-report-demo-'));
    try {
      const { code, stdout, stderr } = await cli(['report', '--team', 'atlas', '--data', demoDir, '--csv']);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const rows = stdout.trim().split('\r\n').slice(1);
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.filter((r) => r.includes(',ok,') || r.includes(',low,')).length).toBeGreaterThan(5);
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  }, 60_000);
});
