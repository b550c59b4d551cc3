/**
 * Benchmark (not a test): the built panel computing and rendering 50 teams × 26 sprints in Chromium. Prints the
 * median and spread of a first render (mount) and of an update with new frames. Target: ≤ 100 ms.
 * Run: `npm run bench -w grafana-plugin` (builds first).
 */
import { chromiumOrSkip, open } from '../test/browser/chromium';
import { benchSeries, tableFrameJSON } from './data';

const TEAMS = 50;
const SPRINTS = 26;
const RUNS = 30;
const AS_OF = Date.parse('2026-06-17T12:00:00Z');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;

async function main() {
  if (!chromiumOrSkip('benchmark')) return;
  const series = benchSeries(TEAMS, SPRINTS, AS_OF);
  const fixture = { asOf: AS_OF, frames: [tableFrameJSON(series, AS_OF)] };
  const session = await open();
  try {
    const page = session.context.pages()[0] ?? (await session.context.newPage());
    await page.goto(session.url);
    await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error);
    const times = await page.evaluate(
      ([f, runs, shown]) => {
        const h = (window as unknown as { harness: { timeRender(f: unknown, o: object): number } }).harness;
        const options = { sprintsShown: shown, sortBy: 'credits' };
        for (let i = 0; i < 3; i++) h.timeRender(f, { options, mount: true });
        const mount: number[] = [];
        const update: number[] = [];
        for (let i = 0; i < runs; i++) mount.push(h.timeRender(f, { options, mount: true }));
        for (let i = 0; i < runs; i++) update.push(h.timeRender(f, { options }));
        return { mount, update, cells: document.querySelectorAll('[data-testid="sprint-score-cell"]').length };
      },
      [fixture, RUNS, SPRINTS] as const,
    );
    if (times.cells !== TEAMS * SPRINTS) throw new Error(`rendered ${times.cells} cells, expected ${TEAMS * SPRINTS}`);
    const version = session.context.browser()?.version() ?? 'chromium';
    console.log(
      `panel benchmark: ${TEAMS} teams × ${SPRINTS} sprints (${series.length} series), ${RUNS} runs, ${version}`,
    );
    for (const [what, xs] of Object.entries({ 'first render': times.mount, 'update with new frames': times.update })) {
      console.log(
        `  compute + render, ${what}: median ${median(xs).toFixed(1)} ms, p90 ${quantile(xs, 0.9).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)} ms`,
      );
    }
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
