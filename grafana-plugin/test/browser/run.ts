/**
 * The real-browser test: the built panel rendered in Debian's Chromium from recorded Prometheus frames, in both
 * themes. Checks every team's credits, at-risk flag and sprint statuses against the golden vectors, the tooltip,
 * the no-data message and that the page logs no error; saves screenshots to artifacts/ and the README's copies to
 * src/img/. Run by `npm test`; alone: `npm run build && npm run test:browser`.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { chromiumOrSkip, open } from './chromium';

const PLUGIN = join(__dirname, '..', '..');
const ARTIFACTS = join(PLUGIN, 'artifacts');

interface Expected {
  credits: number;
  atRisk: boolean;
  statuses: string[];
  credited: boolean[];
}
interface Fixture {
  asOf: number;
  frames: unknown[];
  expected: Record<string, Expected>;
}

const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8'));

const results: { name: string; error?: unknown }[] = [];
async function check(name: string, body: () => Promise<void>) {
  try {
    await body();
    results.push({ name });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push({ name, error });
    console.log(`  ✕ ${name}\n    ${String((error as Error)?.stack ?? error).replace(/\n/g, '\n    ')}`);
  }
}

function assertEqual(actual: unknown, expected: unknown, what: string) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

async function render(page: Page, f: Pick<Fixture, 'asOf' | 'frames'>, theme: 'light' | 'dark', options = {}) {
  await page.evaluate(
    ([fx, opts]) =>
      (window as unknown as { harness: { render(f: unknown, o: unknown): void } }).harness.render(fx, opts),
    [
      { asOf: f.asOf, frames: f.frames },
      { theme, options },
    ] as const,
  );
}

/** What a person sees, read off the DOM: per team its credits, at-risk flag and each cell's status. */
async function readPanel(page: Page) {
  return page.$$eval('[data-testid="sprint-score-team"]', (rows) =>
    rows.map((row) => ({
      team: (row as HTMLElement).dataset.team!,
      credits: Number(row.querySelector('[data-testid="sprint-score-credits"]')!.textContent),
      atRisk: row.querySelector('[data-testid="sprint-score-at-risk"]') !== null,
      statuses: [...row.querySelectorAll<HTMLElement>('[data-testid="sprint-score-cell"]')].map(
        (c) => c.dataset.status,
      ),
      credited: [...row.querySelectorAll<HTMLElement>('[data-testid="sprint-score-cell"]')].map(
        (c) => c.dataset.credited === 'true',
      ),
    })),
  );
}

async function main() {
  if (!chromiumOrSkip('browser test')) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const session = await open();
  const page = session.context.pages()[0] ?? (await session.context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  try {
    await page.goto(session.url);
    await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, null, {
      timeout: 30_000,
    });
    const loadError = await page.evaluate(() => document.body.dataset.error);
    if (loadError) throw new Error(`harness failed to load the plugin: ${loadError}`);

    for (const [theme, shape] of [
      ['light', 'scenario-table'],
      ['dark', 'scenario-range'],
    ] as const) {
      const f = fixture(shape);
      await check(`${shape} in the ${theme} theme: credits, at-risk flags and statuses of every team`, async () => {
        await render(page, f, theme);
        await page.getByTestId('sprint-score-table').waitFor();
        const seen = await readPanel(page);
        const want = Object.entries(f.expected).map(([team, e]) => ({ team, ...e }));
        assertEqual(seen.map((r) => r.team).sort(), want.map((w) => w.team).sort(), 'teams');
        for (const w of want) {
          const row = seen.find((r) => r.team === w.team)!;
          assertEqual(
            { credits: row.credits, atRisk: row.atRisk, statuses: row.statuses, credited: row.credited },
            { credits: w.credits, atRisk: w.atRisk, statuses: w.statuses, credited: w.credited },
            `team ${w.team}`,
          );
        }
        const shot = join(ARTIFACTS, `panel-${theme}.png`);
        await page.locator('#panel').screenshot({ path: shot });
        copyFileSync(shot, join(PLUGIN, 'src', 'img', `screenshot-${theme}.png`));
      });
    }

    await check('a cell shows its measurements, tiers and bounds on hover', async () => {
      await render(page, fixture('scenario-table'), 'dark');
      await page.locator('[data-team="checkout"] [data-testid="sprint-score-cell"]').nth(2).hover();
      const tooltip = page.getByRole('tooltip');
      await tooltip.waitFor({ timeout: 5_000 });
      const text = await tooltip.innerText();
      for (const words of ['Deployment frequency', 'Change failure rate', 'Judged against']) {
        if (!text.includes(words)) throw new Error(`tooltip lacks "${words}": ${text}`);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'tooltip-dark.png') });
    });

    await check('what-if overrides are announced', async () => {
      await render(page, fixture('scenario-table'), 'light', { lowScoreBelow: 80 });
      const note = await page.getByTestId('sprint-score-what-if').innerText();
      if (!note.includes('low score below 80 (contract: 50)')) throw new Error(`what-if note: ${note}`);
    });

    await check('no data shows a message, not a blank panel', async () => {
      await render(page, { asOf: fixture('scenario-table').asOf, frames: [] }, 'dark');
      await page.getByTestId('sprint-score-no-data').waitFor({ timeout: 5_000 });
    });

    await check('the page logs no error', async () => {
      assertEqual(pageErrors, [], 'page errors');
    });
  } finally {
    await session.close();
  }
  const failed = results.filter((r) => r.error).length;
  console.log(`\nbrowser: ${results.length - failed} passed, ${failed} failed`);
  console.log(`screenshots: ${ARTIFACTS}`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
