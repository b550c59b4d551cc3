/**
 * Benchmark (not a test): the built panel computing, rendering and laying out 50 teams × 26 sprints in Chromium.
 * Target: ≤ 100 ms. Run: `npm run bench -w grafana-plugin` (builds first).
 *
 * Each figure is the median over RUNS runs, as wall-clock time and as the main thread's CPU time (Chrome's
 * ThreadTime metric): on a shared 2-core machine the wall clock also counts the time other processes hold the CPU,
 * the thread time only the panel's own work.
 */
import { cpus, loadavg } from 'os';
import { chromiumOrSkip, open } from '../test/browser/chromium';
import { benchSeries, tableFrameJSON } from './data';

const TEAMS = 50;
const SPRINTS = 26;
const RUNS = 30;
const AS_OF = Date.parse('2026-06-17T12:00:00Z');

type Step = 'mount' | 'update' | 'unmount' | 'compute';
interface Harness {
  timeRender(f: unknown, o: object): number;
  timeUnmount(): number;
  timeCompute(f: unknown): number;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => sorted(xs)[Math.floor((xs.length - 1) * 0.9)]!;

async function main() {
  if (!chromiumOrSkip('benchmark')) return;
  const series = benchSeries(TEAMS, SPRINTS, AS_OF);
  const fixture = { asOf: AS_OF, frames: [tableFrameJSON(series, AS_OF)] };
  const session = await open();
  try {
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    await page.goto(session.url);
    await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error);
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;

    // Handed over once: serialising 19 000 series into every evaluate would dwarf what is measured.
    await page.evaluate((f) => Object.assign(window, { benchFixture: f }), fixture);
    const once = async (step: Step) => {
      const before = await threadTime();
      const wall = await page.evaluate(
        ([shown, s]) => {
          const w = window as unknown as { harness: Harness; benchFixture: unknown };
          if (s === 'unmount') return w.harness.timeUnmount();
          if (s === 'compute') return w.harness.timeCompute(w.benchFixture);
          return w.harness.timeRender(w.benchFixture, { options: { sprintsShown: shown, sortBy: 'credits' } });
        },
        [SPRINTS, step] as const,
      );
      return { wall, cpu: (await threadTime()) - before };
    };
    const measure = async (step: Exclude<Step, 'unmount'>) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        if (step === 'mount') await once('unmount');
        const r = await once(step);
        wall.push(r.wall);
        cpu.push(r.cpu);
      }
      return { wall, cpu };
    };

    await measure('mount'); // warm-up: JIT and style caches
    const cases: [string, { wall: number[]; cpu: number[] }][] = [
      ['compute + render + layout, first render', await measure('mount')],
      ['compute + render + layout, update with new frames', await measure('update')],
      ['  of which compute (the data layer alone)', await measure('compute')],
    ];
    const { rows, cells, teams } = await page.evaluate(() => ({
      rows: document.querySelectorAll('[data-testid="sprint-score-team"]').length,
      cells: document.querySelectorAll('[data-testid="sprint-score-cell"]').length,
      teams: Number(document.querySelector<HTMLElement>('[data-testid="sprint-score-table"]')?.dataset.teams),
    }));
    // Every team is computed; only the rows in view (and a few around them) are rendered, each with all its sprints.
    if (teams !== TEAMS || rows === 0 || cells !== rows * SPRINTS) {
      throw new Error(`panel shows ${teams} teams, ${rows} rows, ${cells} cells`);
    }

    const version = session.context.browser()?.version() ?? 'chromium';
    console.log(
      `panel benchmark: ${TEAMS} teams × ${SPRINTS} sprints (${series.length} series), ${RUNS} runs, ${version}`,
    );
    console.log(`  panel 1200 × 500 px: ${rows} of ${TEAMS} rows rendered (in view + overscan), ${cells} cells`);
    for (const [what, { wall, cpu }] of cases) {
      console.log(
        `  ${what}: ${median(wall).toFixed(1)} ms wall (p90 ${p90(wall).toFixed(1)}, min ${Math.min(...wall).toFixed(1)}), ` +
          `${median(cpu).toFixed(1)} ms main-thread CPU`,
      );
    }
    const load = loadavg().map((l) => l.toFixed(2));
    console.log(`  load average during the run: ${load.join(' ')} on ${cpus().length} CPUs`);
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
