/**
 * The panel against the real exporter: the exporter's CLI serves its demo (docs/demo.md), its /metrics text becomes
 * the instant table frame Grafana would hand the panel, and the panel's own judgement of every sprint must match
 * what the exporter published (status, score, credited, team credits and at-risk flag). Both use
 * @dora-guarantee/scoring; this catches everything in between: names, labels, units, timestamps.
 */
import { type ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { get } from 'http';
import { type AddressInfo, createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { closeTo } from '@dora-guarantee/scoring/test/golden';
import { computePanelModel } from '../src/data/model';
import { DEFAULT_OPTIONS } from '../src/defaults';
import type { PromSeries } from './support/exposition';
import { parseExposition } from './support/exposition-text';
import { tableFrame } from './support/promFrames';

const EXPORTER = join(__dirname, '..', '..', 'exporter', 'bin', 'dora-guarantee.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const fetchText = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

let child: ChildProcess | undefined;
let dataDir = '';
let series: PromSeries[] = [];
let scrapedAt = 0;

beforeAll(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'sprintscore-exporter-'));
  child = spawn(
    process.execPath,
    [EXPORTER, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data', dataDir],
    {
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    const ready = await fetchText(`${base}/readyz`).catch(() => undefined);
    if (ready?.status === 200) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const metrics = await fetchText(`${base}/metrics`);
  scrapedAt = Date.now();
  series = parseExposition(metrics.body, /^dora_(sprint|guarantee)_/);
}, 90_000);

afterAll(() => {
  child?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const published = (metric: string, labels: Record<string, string>) =>
  series.filter((s) => s.metric === metric && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('the panel on the exporter demo', () => {
  it('sees the demo squads', () => {
    const model = computePanelModel([tableFrame(series, scrapedAt)], DEFAULT_OPTIONS, scrapedAt);
    if (model.kind !== 'teams') throw new Error(`panel says ${JSON.stringify(model)}`);
    expect(model.teams.map((t) => t.team).sort()).toEqual(['atlas', 'borealis', 'cosmos']);
  });

  it('judges every sprint and team as the exporter published', () => {
    const model = computePanelModel([tableFrame(series, scrapedAt)], DEFAULT_OPTIONS, scrapedAt);
    if (model.kind !== 'teams') throw new Error(model.kind);
    const mismatches: string[] = [];
    for (const team of model.teams) {
      const t = { team: team.team };
      const credits = published('dora_guarantee_credits', t)[0]?.value;
      const atRisk = published('dora_guarantee_at_risk', t)[0]?.value === 1;
      if (team.credits !== credits) mismatches.push(`${team.team}: credits ${team.credits}, exporter ${credits}`);
      if (team.atRisk !== atRisk) mismatches.push(`${team.team}: at risk ${team.atRisk}, exporter ${atRisk}`);
      for (const s of team.sprints) {
        const at = { team: team.team, sprint: s.name };
        const status = published('dora_sprint_status', at).find((x) => x.value === 1)?.labels.status;
        const score = published('dora_sprint_score', at)[0]?.value ?? null;
        const credited = published('dora_sprint_credited', at)[0]?.value === 1;
        if (s.status !== status) mismatches.push(`${team.team} ${s.name}: status ${s.status}, exporter ${status}`);
        if (!closeTo(s.score, score)) mismatches.push(`${team.team} ${s.name}: score ${s.score}, exporter ${score}`);
        if (s.credited !== credited) mismatches.push(`${team.team} ${s.name}: credited ${s.credited}, exporter`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(model.teams.flatMap((t) => t.sprints)).toHaveLength(published('dora_sprint_index', {}).length);
  });
});
