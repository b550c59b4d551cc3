import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type DashboardQuery, defaultVariableValues, substitute } from '../src/dashboards/queries';
import { createBlocks } from './support/backfill';
import {
  type Started,
  type StartedExporter,
  startAlertmanager,
  startExporter,
  startPrometheus,
  startWebhookSink,
  stopAll,
} from './support/processes';
import {
  type PromAnswer,
  amAlerts,
  eventually,
  instantQuery,
  promAlerts,
  rangeQuery,
  sampleValues,
  single,
  sinkNotifications,
} from './support/prom-api';
import { repoPath } from './support/repo';
import { describeWithTools } from './support/tools';

/**
 * The whole stack with real processes, no Docker: the exporter's CLI running the demo (docs/demo.md) on a temp data
 * dir, Debian's prometheus with the repository's prometheus.yml (targets rewritten, scrape and evaluation every
 * second) and rules, Debian's prometheus-alertmanager with the repository's alertmanager.yml (webhook URLs pointed at
 * the repository's sink). What it proves is listed in docs/stack.md, "The end-to-end test".
 *
 * History: dora_guarantee_credits is a gauge and DoraGuaranteeCreditsGranted compares it with its 24-hour minimum,
 * so a grant is only visible to a Prometheus that saw the total before it. Two ways are exercised:
 * - backfill: `promtool tsdb create-blocks-from openmetrics` writes team:dora_guarantee_credits:max = 0 for atlas
 *   and cosmos between now-20h and now-4h (as if Prometheus had scraped them before the demo's credits existed);
 *   atlas (3 credits today) must fire with value 3, cosmos (0) must not;
 * - live: late events through the generic API turn an ended borealis sprint low while Prometheus scrapes; its
 *   credits go 0 -> 2 and the alert must fire from scraped samples alone.
 */

const SQUADS = ['atlas', 'borealis', 'cosmos'] as const; // the demo's squads (a documented contract of the demo)
const TOKEN = `e2e-${randomBytes(16).toString('hex')}`;
const CREDIT_ALERT = 'DoraGuaranteeCreditsGranted';
const AT_RISK_ALERT = 'DoraGuaranteeCreditsAtRisk';

/**
 * Dashboard queries that may come back empty for the demo, and why. Everything else must return at least one finite
 * sample, for "All" squads and for each squad on its own, for every $window option. The same list is in
 * docs/stack.md ("Queries allowed to be empty").
 */
const NO_FAILURE_IN_WINDOW =
  'no failed deployment of the squad in the window: recovery time is undefined (docs/scoring.md §3) and the ' +
  'exporter exports no value rather than a made-up 0. Whether a squad of the demo had a failed deployment in the ' +
  'last 7 days (cosmos, elite with 0 or 1 failure per sprint: in 30 days) depends on the day the demo is anchored.';
const MAY_BE_EMPTY: { panel: string; teams?: string[]; windows?: string[]; reason: string }[] = [
  {
    panel: 'dora-overview / Failed deployment recovery time (median) / A',
    windows: ['7d'],
    reason: NO_FAILURE_IN_WINDOW,
  },
  {
    panel: 'dora-overview / Failed deployment recovery time (median) / A',
    teams: ['cosmos'],
    windows: ['30d'],
    reason: NO_FAILURE_IN_WINDOW,
  },
  { panel: 'tech-capabilities / Recovery time tier / A', windows: ['7d'], reason: NO_FAILURE_IN_WINDOW },
  {
    panel: 'tech-capabilities / Recovery time tier / A',
    teams: ['cosmos'],
    windows: ['30d'],
    reason: NO_FAILURE_IN_WINDOW,
  },
];

const queries: DashboardQuery[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'generated', 'dashboard-queries.json'), 'utf8'),
);

interface DashboardJson {
  uid: string;
  templating?: { list: { name: string; type: string; options?: { value: string }[] }[] };
}
const dashboards = new Map<string, DashboardJson>(
  fs
    .readdirSync(repoPath('dashboards'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(repoPath('dashboards', f), 'utf8')) as DashboardJson)
    .map((d) => [d.uid, d]),
);

interface Variant {
  query: string;
  instant: boolean;
  team?: string;
  window?: string;
}

/** The query with $team = All (.+) and each squad, and $window = each option the dashboard offers. */
function variants(q: DashboardQuery): Variant[] {
  const d = dashboards.get(q.dashboard);
  if (d === undefined) throw new Error(`no dashboard ${q.dashboard}`);
  const defaults = defaultVariableValues(d as never);
  const windowOptions = (d.templating?.list ?? []).find((v) => v.name === 'window')?.options?.map((o) => o.value) ?? [];
  const teams = /\$\{?team\b/.test(q.expr) ? ['.+', ...SQUADS] : [undefined];
  const windows = /\$\{?window\b/.test(q.expr) ? windowOptions : [undefined];
  return teams.flatMap((team) =>
    windows.map((window) => ({
      query: substitute(q.expr, { ...defaults, ...(team && { team }), ...(window && { window }) }),
      instant: q.instant,
      ...(team !== undefined && { team }),
      ...(window !== undefined && { window }),
    })),
  );
}

describeWithTools(
  ['prometheus', 'promtool', 'prometheus-alertmanager'],
  'end to end: exporter (demo) → Prometheus → Alertmanager → webhook sink',
  (tools) => {
    let exporter: StartedExporter;
    let prom: Started;
    let am: Started;
    let sink: Started;
    let promStartedAt: number;
    let services: Record<string, string[]>;

    async function post(events: object[]): Promise<void> {
      const res = await fetch(`${exporter.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      const body = await res.text();
      if (res.status !== 202) throw new Error(`POST /api/v1/events: ${res.status} ${body}`);
    }

    /** Waits until Prometheus scraped after `since` (ms) and then evaluated every rule group on that scrape. */
    async function settled(since: number): Promise<void> {
      const scrapedAt = await eventually(
        'a scrape after the events',
        async () => {
          const t = await single(prom.url, 'timestamp(up{job="dora-guarantee"})');
          return t * 1000 > since ? t * 1000 : undefined;
        },
        15_000,
      );
      await eventually(
        'every rule group evaluated after that scrape',
        async () => {
          const body = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
            data: { groups: { lastEvaluation: string }[] };
          };
          return body.data.groups.every((g) => Date.parse(g.lastEvaluation) > scrapedAt) || undefined;
        },
        15_000,
      );
    }

    const firing = async (alertname: string, team: string) =>
      (await promAlerts(prom.url)).find(
        (a) => a.labels.alertname === alertname && a.labels.team === team && a.state === 'firing',
      );

    beforeAll(async () => {
      const now = Math.floor(Date.now() / 1000);
      const blocks = createBlocks(
        tools.promtool!,
        ['atlas', 'cosmos'].map((team) => ({
          name: 'team:dora_guarantee_credits:max',
          labels: { team },
          value: 0,
          from: now - 20 * 3600,
          to: now - 4 * 3600,
          stepSeconds: 300,
        })),
      );
      // allSettled, not all: every process that started is registered for stopAll() even if another one failed.
      const started = await Promise.allSettled([
        startExporter({ DORA_API_TOKEN: TOKEN }),
        (async () => {
          const s = await startWebhookSink();
          const a = await startAlertmanager(tools['prometheus-alertmanager']!, {
            webhookUrl: `${s.url}/`,
            fastGrouping: true,
          });
          return [s, a] as const;
        })(),
      ]);
      for (const s of started) if (s.status === 'rejected') throw s.reason;
      exporter = (started[0] as PromiseFulfilledResult<StartedExporter>).value;
      [sink, am] = (started[1] as PromiseFulfilledResult<readonly [Started, Started]>).value;

      promStartedAt = Date.now() / 1000;
      try {
        prom = await startPrometheus(tools.prometheus!, {
          jobs: { 'dora-guarantee': `127.0.0.1:${exporter.port}`, alertmanager: `127.0.0.1:${am.port}` },
          alertmanager: `127.0.0.1:${am.port}`,
          interval: '1s',
          blocksFrom: blocks,
        });
      } finally {
        fs.rmSync(path.dirname(blocks), { recursive: true, force: true });
      }
      await eventually(
        'a first successful scrape of the exporter',
        async () => ((await single(prom.url, 'up{job="dora-guarantee"}')) === 1 ? true : undefined),
        20_000,
      );

      const teams = (await (await fetch(`${exporter.url}/api/v1/teams`)).json()) as {
        teams: { team: string; services: string[] }[];
      };
      services = Object.fromEntries(teams.teams.map((t) => [t.team, t.services]));

      // Live activity after a first scrape, so that the counters Prometheus already saw increase and the per-day and
      // per-5-minute rates of the dashboards have something to show: what a running system receives all day. It
      // lands in the sprint in progress (no ended sprint, no credit changes).
      const since = Date.now();
      const at = (secondsAgo: number) => new Date(since - secondsAgo * 1000).toISOString();
      await post(
        SQUADS.flatMap((team) => {
          const service = services[team]![0]!;
          return [
            {
              id: `e2e-${team}-pipeline`,
              type: 'pipeline.finished',
              time: at(300),
              service,
              pipeline: 'ci',
              status: 'success',
              durationSeconds: 540,
            },
            {
              id: `e2e-${team}-tests`,
              type: 'tests.finished',
              time: at(310),
              service,
              passed: 200,
              failed: 1,
              skipped: 2,
              durationSeconds: 120,
              coverage: 0.8,
            },
            { id: `e2e-${team}-migration`, type: 'migration.finished', time: at(250), service, status: 'success' },
            {
              id: `e2e-${team}-change`,
              type: 'change.merged',
              time: at(240),
              service,
              change: `e2e/${team}#1`,
              openedAt: at(4 * 3600),
              mergedAt: at(240),
              additions: 60,
              deletions: 15,
            },
            // Linked by the 24 h window to a recent deployment, if there is one: a failure of the sprint in
            // progress, restored within minutes. Its service already has incident series, so rate() sees it.
            {
              id: `e2e-${team}-incident-opened`,
              type: 'incident.opened',
              time: at(200),
              service,
              incident: `E2E-${team}`,
              startedAt: at(500),
              detectedBy: 'alert',
            },
            { id: `e2e-${team}-incident-resolved`, type: 'incident.resolved', time: at(60), incident: `E2E-${team}` },
          ];
        }),
      );
      await settled(Date.now());
    }, 75_000);

    afterAll(() => stopAll());

    test('Prometheus scrapes the exporter: the target is up', async () => {
      const body = (await (await fetch(`${prom.url}/api/v1/targets`)).json()) as {
        data: { activeTargets: { labels: { job: string }; health: string; lastError: string; scrapeUrl: string }[] };
      };
      const target = body.data.activeTargets.find((t) => t.labels.job === 'dora-guarantee');
      expect(target).toMatchObject({
        health: 'up',
        lastError: '',
        scrapeUrl: `http://127.0.0.1:${exporter.port}/metrics`,
      });
      expect(await single(prom.url, 'up{job="dora-guarantee"}')).toBe(1);
    });

    test('the team variable lists the demo squads', async () => {
      const a = await instantQuery(prom.url, 'dora_guarantee_info');
      expect(a.result.map((s) => s.metric.team).sort()).toEqual([...SQUADS]);
    });

    test('the backfilled baseline is in the TSDB next to the scraped totals', async () => {
      for (const team of ['atlas', 'cosmos']) {
        // 20 h to 4 h ago every 5 min = 193 samples, plus the live ones.
        expect(await single(prom.url, `count_over_time(team:dora_guarantee_credits:max{team="${team}"}[1d])`)).toBe(
          193 + (await single(prom.url, `count_over_time(team:dora_guarantee_credits:max{team="${team}"}[5m])`)),
        );
        expect(await single(prom.url, `min_over_time(team:dora_guarantee_credits:max{team="${team}"}[1d])`)).toBe(0);
      }
      expect(await single(prom.url, 'team:dora_guarantee_credits:max{team="atlas"}')).toBe(3);
      expect(await single(prom.url, 'team:dora_guarantee_credits:max{team="cosmos"}')).toBe(0);
    });

    test('credits granted fires for atlas, reaches Alertmanager and the webhook sink', async () => {
      const alert = await eventually(`${CREDIT_ALERT} firing for atlas`, () => firing(CREDIT_ALERT, 'atlas'), 15_000);
      expect(Number(alert.value)).toBe(3);
      expect(alert.labels.severity).toBe('critical');

      const inAm = await eventually(
        `${CREDIT_ALERT}/atlas in Alertmanager`,
        async () =>
          (await amAlerts(am.url)).find((a) => a.labels.alertname === CREDIT_ALERT && a.labels.team === 'atlas'),
        15_000,
      );
      expect(inAm.status.state).toBe('active');
      expect(inAm.annotations.description).toBe(
        'Team atlas was granted 3 credit(s) in the last 24 hours; the client is now owed 3 credit(s) in total.',
      );
      expect(inAm.annotations.runbook_url).toBe('docs/runbooks/DoraGuaranteeCreditsGranted.md');

      const notification = await eventually(
        `a notification of ${CREDIT_ALERT}/atlas at the sink`,
        async () =>
          (await sinkNotifications(sink.url)).find((n) =>
            n.alerts.some((a) => a.labels.alertname === CREDIT_ALERT && a.labels.team === 'atlas'),
          ),
        15_000,
      );
      expect(notification).toMatchObject({ receiver: 'squad-critical', status: 'firing' });
    });

    test('credits at risk fires for borealis; its "sprint ended low" is inhibited in Alertmanager', async () => {
      const alert = await eventually(`${AT_RISK_ALERT} for borealis`, () => firing(AT_RISK_ALERT, 'borealis'), 15_000);
      // docs/demo.md: borealis is one low sprint away from 2 credits.
      expect(Number(alert.value)).toBe(2);
      const states = await eventually(
        'borealis alerts in Alertmanager',
        async () => {
          const all = await amAlerts(am.url);
          const state = (name: string) =>
            all.find((a) => a.labels.alertname === name && a.labels.team === 'borealis')?.status.state;
          const s = { atRisk: state(AT_RISK_ALERT), endedLow: state('DoraGuaranteeSprintEndedLow') };
          return s.atRisk === 'active' && s.endedLow === 'suppressed' ? s : undefined;
        },
        15_000,
      );
      expect(states).toEqual({ atRisk: 'active', endedLow: 'suppressed' });
      const credits = (await promAlerts(prom.url)).filter((a) => a.labels.alertname === CREDIT_ALERT);
      expect(credits.map((a) => a.labels.team)).toEqual(['atlas']);
    });

    test('a late incident turns an ended borealis sprint low: credits 0 → 2 fire from live scrapes alone', async () => {
      const report = (await (await fetch(`${exporter.url}/api/v1/teams/borealis/sprints`)).json()) as {
        credits: number;
        lowStreak: number;
        sprints: { index: number; status: string; start: string }[];
      };
      expect({ credits: report.credits, lowStreak: report.lowStreak }).toEqual({ credits: 0, lowStreak: 1 });
      const ended = report.sprints.filter((s) => s.status === 'ok' || s.status === 'low');
      const [target, last] = ended.slice(-2) as [(typeof ended)[0], (typeof ended)[0]];
      expect([target.status, last.status]).toEqual(['ok', 'low']);

      // Three failed production deployments in the ok sprint, each with an incident open for 8 days: its change
      // failure rate and recovery time fall to Low whatever the generated sprint held (an ok sprint has at most 10
      // deployments, so frequency stays below Elite: at most (2 + 3 + 0 + 0) / 12 = 41.7 < 50).
      const service = services.borealis![0]!;
      const day = 24 * 3600 * 1000;
      const start = Date.parse(target.start);
      const iso = (t: number) => new Date(t).toISOString();
      await post(
        [1, 2, 3].flatMap((k) => {
          const t = start + k * day + 10 * 3600 * 1000;
          return [
            {
              id: `e2e-late-deploy-${k}`,
              type: 'deployment',
              time: iso(t),
              service,
              environment: 'production',
              status: 'success',
            },
            {
              id: `e2e-late-incident-${k}-opened`,
              type: 'incident.opened',
              time: iso(t + 30 * 60 * 1000),
              incident: `E2E-LATE-${k}`,
              service,
              deployment: `e2e-late-deploy-${k}`,
              detectedBy: 'person',
            },
            {
              id: `e2e-late-incident-${k}-resolved`,
              type: 'incident.resolved',
              time: iso(t + 8 * day),
              incident: `E2E-LATE-${k}`,
            },
          ];
        }),
      );
      // Before the next scrape Prometheus had only seen 0 for borealis: nothing may have fired yet.
      const before = await instantQuery(prom.url, `ALERTS{alertname="${CREDIT_ALERT}", team="borealis"}`);
      expect(before.result).toEqual([]);

      // A run of two low sprints grants two credits (docs/scoring.md §7).
      await eventually(
        'borealis credits = 2 in Prometheus',
        async () => (await single(prom.url, 'team:dora_guarantee_credits:max{team="borealis"}')) === 2 || undefined,
        15_000,
      );
      const alert = await eventually(`${CREDIT_ALERT} for borealis`, () => firing(CREDIT_ALERT, 'borealis'), 15_000);
      expect(Number(alert.value)).toBe(2);
      const inAm = await eventually(
        `${CREDIT_ALERT}/borealis in Alertmanager`,
        async () =>
          (await amAlerts(am.url)).find((a) => a.labels.alertname === CREDIT_ALERT && a.labels.team === 'borealis'),
        15_000,
      );
      expect(inAm.annotations.description).toBe(
        'Team borealis was granted 2 credit(s) in the last 24 hours; the client is now owed 2 credit(s) in total.',
      );
      const notification = await eventually(
        `a notification of ${CREDIT_ALERT}/borealis at the sink`,
        async () =>
          (await sinkNotifications(sink.url)).find((n) =>
            n.alerts.some((a) => a.labels.alertname === CREDIT_ALERT && a.labels.team === 'borealis'),
          ),
        15_000,
      );
      expect(notification.receiver).toBe('squad-critical');
    });

    test('credits granted never fired for cosmos (healthy), though its rule saw the same backfilled baseline', async () => {
      // Pending or firing at any evaluation of the whole run would leave an ALERTS sample.
      const ever = await instantQuery(prom.url, `ALERTS{alertname="${CREDIT_ALERT}", team="cosmos"}[1h]`);
      expect(ever.result).toEqual([]);
      const seen = await instantQuery(prom.url, `ALERTS{alertname="${CREDIT_ALERT}"}[1h]`);
      expect([...new Set(seen.result.map((s) => s.metric.team))].sort()).toEqual(['atlas', 'borealis']);
      expect(
        (await amAlerts(am.url)).filter((a) => a.labels.team === 'cosmos' && a.labels.alertname === CREDIT_ALERT),
      ).toEqual([]);
      const notified = (await sinkNotifications(sink.url)).flatMap((n) => n.alerts);
      expect(notified.filter((a) => a.labels.team === 'cosmos')).toEqual([]);
    });

    describe('every query of every dashboard returns data', () => {
      let until: number;
      beforeAll(async () => {
        // The late events of the previous test changed borealis' history; query what Prometheus scraped after them.
        await settled(Date.now());
        until = Date.now() / 1000;
      });

      const describeAnswer = (a: PromAnswer) =>
        a.httpStatus !== 200
          ? `HTTP ${a.httpStatus}: ${a.error}`
          : a.result.length === 0
            ? 'no series'
            : `${a.result.length} series, no finite sample`;

      test.each(queries.map((q) => [`${q.dashboard} / ${q.panel} / ${q.refId}`, q] as const))(
        '%s',
        async (_name, q) => {
          const failures: string[] = [];
          for (const v of variants(q)) {
            const a = v.instant
              ? await instantQuery(prom.url, v.query, until)
              : await rangeQuery(prom.url, v.query, Math.floor(promStartedAt), until, 1);
            const allowed = MAY_BE_EMPTY.find(
              (m) =>
                m.panel === `${q.dashboard} / ${q.panel} / ${q.refId}` &&
                (m.teams === undefined || m.teams.includes(v.team!)) &&
                (m.windows === undefined || m.windows.includes(v.window!)),
            );
            const finite = sampleValues(a).filter(Number.isFinite);
            if (a.httpStatus !== 200 || (finite.length === 0 && allowed === undefined)) {
              failures.push(`[team=${v.team ?? '-'} window=${v.window ?? '-'}] ${describeAnswer(a)}: ${v.query}`);
            }
            // A squad's variant shows that squad only: the substitution reaches every selector.
            if (v.team !== undefined && v.team !== '.+') {
              const others = a.result.filter((s) => s.metric.team !== undefined && s.metric.team !== v.team);
              if (others.length > 0) failures.push(`[team=${v.team}] returned other teams: ${v.query}`);
            }
          }
          expect(failures).toEqual([]);
        },
      );
    });
  },
);

test('every query allowed to be empty is listed in docs/stack.md with the same panel', () => {
  const doc = fs.readFileSync(repoPath('docs', 'stack.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Queries allowed to be empty'));
  for (const m of MAY_BE_EMPTY) expect(section).toContain(m.panel);
});
