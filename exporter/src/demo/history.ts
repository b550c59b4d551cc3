import type { NormalizedEvent, Sprint } from '@dora-guarantee/scoring';
import { type FailureKind, PROFILES, type Profile, drawCount } from './profiles';
import type { Random } from './random';
import type { DemoService, DemoSquad } from './squads';
import { DAY, HOUR, MINUTE, iso } from './time';
import type { DemoContext, DemoPart } from './types';

/**
 * The delivery history of every squad: merged changes with their pushes, CI pipelines and test runs, staging and
 * production deployments, migrations, and the failures that follow some deployments (incidents linked by the
 * window or explicitly, rollbacks, hot-fixes), plus incidents no deployment explains.
 */
export const deliveryHistory: DemoPart = {
  name: 'delivery-history',
  events: (ctx) => ctx.squads.flatMap((squad) => squadHistory(ctx, squad)),
};

interface Timed {
  at: number;
  event: NormalizedEvent;
}

interface Planned {
  service: DemoService;
  sprint: Sprint;
  profile: Profile;
  time: number;
  failure?: FailureKind;
  /** Remediation must be done by then, so that the service's next deployment has time for its own merges. */
  deadline: number;
}

/** Time a deployment needs before it for its last merge's CI (a failed run and a re-run) and staging. */
function mergeMargin(profile: Profile): number {
  return (2 * profile.pipelineMinutes[1] + 10) * MINUTE;
}

/** Splits `total` by weights with the largest-remainder method (deterministic, sums exactly). */
function share(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < total - counts.reduce((a, b) => a + b, 0); k++) {
    const { i } = byRemainder[k % byRemainder.length] as { i: number };
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

function shuffled(n: number, rng: Random): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/**
 * Deployment times of one service in a sprint that starts on a Monday: its 20 working half-days are split into
 * `n` consecutive groups and each deployment happens early in its group's first half-day (09:00–10:30 or
 * 13:00–15:00 UTC). Equal spacing keeps every deployment's remediation clear of the next one.
 */
function slotTimes(sprintStart: number, n: number, rng: Random): number[] {
  const halfDays = 20;
  const count = Math.min(n, halfDays);
  if (count === 0) return [];
  const sizes = Array.from({ length: count }, () => Math.floor(halfDays / count));
  for (const i of shuffled(count, rng).slice(0, halfDays % count)) sizes[i] = (sizes[i] as number) + 1;
  const times: number[] = [];
  let h = 0;
  for (const size of sizes) {
    const workday = Math.floor(h / 2);
    const day = workday < 5 ? workday : workday + 2;
    const morning = h % 2 === 0;
    const windowStart = sprintStart + day * DAY + (morning ? 9 : 13) * HOUR;
    times.push(windowStart + rng.int(0, morning ? 90 : 120) * MINUTE);
    h += size;
  }
  return times;
}

function plan(ctx: DemoContext, squad: DemoSquad, rng: Random): Planned[] {
  const planned: Planned[] = [];
  for (const sprint of ctx.sprints) {
    const profile = PROFILES[squad.quality[sprint.index] ?? 'ok'];
    const counts = share(
      rng.int(...profile.deployments),
      squad.services.map((s) => s.weight),
    );
    const inSprint: Planned[] = [];
    squad.services.forEach((service, i) => {
      for (const time of slotTimes(sprint.start, counts[i] ?? 0, rng)) {
        inSprint.push({ service, sprint, profile, time, deadline: Number.POSITIVE_INFINITY });
      }
    });
    const failures = drawCount(profile.failures, rng.next());
    for (const i of shuffled(inSprint.length, rng).slice(0, failures)) {
      (inSprint[i] as Planned).failure = rng.pick(profile.failureKinds);
    }
    planned.push(...inSprint);
  }
  for (const service of squad.services) {
    const mine = planned.filter((p) => p.service === service).sort((a, b) => a.time - b.time);
    mine.forEach((p, i) => {
      const next = mine[i + 1];
      if (next) p.deadline = next.time - mergeMargin(next.profile) - 45 * MINUTE;
    });
  }
  return planned.sort((a, b) => a.time - b.time || a.service.name.localeCompare(b.service.name));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function squadHistory(ctx: DemoContext, squad: DemoSquad): NormalizedEvent[] {
  const rng = ctx.random(`history/${squad.name}`);
  const prefix = `demo-${squad.name}`;
  const counters = new Map<string, number>();
  const next = (kind: string) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return n;
  };
  const id = (kind: string) => `${prefix}-${kind}-${String(next(kind)).padStart(4, '0')}`;
  const pullRequestBase = new Map(squad.services.map((s) => [s.repository, rng.int(200, 900)]));
  const state = new Map<string, { lastDeploy?: number; sha?: string }>(squad.services.map((s) => [s.name, {}]));
  const productionTimes = new Map<string, number[]>(squad.services.map((s) => [s.name, []]));
  const units: Timed[][] = [];

  for (const p of plan(ctx, squad, rng)) units.push(deploymentUnit(p));
  for (const sprint of ctx.sprints) {
    const unit = unlinkedIncident(sprint);
    if (unit) units.push(unit);
  }

  // The sprint in progress holds only what has fully happened by the anchor: no failure is left open forever.
  return units.filter((unit) => unit.every((t) => t.at <= ctx.now)).flatMap((unit) => unit.map((t) => t.event));

  function deploymentUnit(p: Planned): Timed[] {
    const events: Timed[] = [];
    const add = (event: NormalizedEvent) => events.push({ at: Date.parse(event.time), event });
    const { service, profile } = p;
    const T = Date.parse(iso(p.time));
    const st = state.get(service.name) as { lastDeploy?: number; sha?: string };
    const automated = rng.chance(profile.automated);

    const earliest = st.lastDeploy !== undefined ? st.lastDeploy + 15 * MINUTE : T - 3 * DAY;
    const latest = T - mergeMargin(profile);
    const changes = Array.from({ length: rng.int(...profile.changesPerDeployment) }, () => {
      const first = T - rng.between(...profile.leadTimeHours) * HOUR;
      const lo = Math.max(earliest, first + 20 * MINUTE);
      const merged = lo < latest ? rng.between(lo, latest) : Math.max(earliest, Math.min(lo, latest));
      return { first, merged };
    }).sort((a, b) => a.merged - b.merged);
    let head = st.sha ?? '';
    for (const c of changes) head = mergeChange(add, service, profile, c.first, c.merged);

    add({
      id: id('deploy-staging'),
      type: 'deployment',
      time: iso(T - 9 * MINUTE),
      service: service.name,
      environment: 'staging',
      status: 'success',
      sha: head,
      automated: true,
    });
    if (rng.chance(profile.migration)) {
      if (rng.chance(profile.migrationFailure)) {
        add({
          id: id('migration'),
          type: 'migration.finished',
          time: iso(T - 7 * MINUTE),
          service: service.name,
          status: 'failure',
        });
      }
      add({
        id: id('migration'),
        type: 'migration.finished',
        time: iso(T - 4 * MINUTE),
        service: service.name,
        status: 'success',
      });
    }
    if (rng.chance(profile.failedAttempt)) {
      add({
        id: id('deploy-attempt'),
        type: 'deployment',
        time: iso(T - 2 * MINUTE),
        service: service.name,
        environment: 'production',
        status: 'failure',
        sha: head,
        automated,
      });
    }
    const deployId = id('deploy');
    add({
      id: deployId,
      type: 'deployment',
      time: iso(T),
      service: service.name,
      environment: 'production',
      status: 'success',
      sha: head,
      kind: 'planned',
      automated,
      url: `https://deploy.example.com/${service.name}/${deployId.slice(prefix.length + 1)}`,
    });
    production(service, T);
    const previousSha = st.sha;
    st.lastDeploy = T;
    st.sha = head;

    if (p.failure) remediate(p, p.failure, T, deployId, previousSha, add);
    return events;
  }

  function remediate(
    p: Planned,
    kind: FailureKind,
    T: number,
    deployId: string,
    previousSha: string | undefined,
    add: (e: NormalizedEvent) => void,
  ) {
    const { service, profile } = p;
    const st = state.get(service.name) as { lastDeploy?: number; sha?: string };
    const recovery = rng.between(...profile.recoveryHours) * HOUR;
    const automated = profile.automated === 1 || rng.chance(0.5);

    if (kind === 'rollback' || kind === 'hotfix') {
      const at = Date.parse(iso(T + Math.min(recovery, p.deadline - T)));
      let sha = previousSha;
      if (kind === 'hotfix') {
        const span = at - T;
        sha = mergeChange(add, service, profile, T + span * 0.3, T + span * 0.6, true);
      }
      add({
        id: id('deploy'),
        type: 'deployment',
        time: iso(at),
        service: service.name,
        environment: 'production',
        status: 'success',
        ...(sha !== undefined && { sha }),
        kind,
        automated,
      });
      production(service, at);
      st.lastDeploy = at;
      st.sha = sha ?? st.sha;
      return;
    }

    const detect = rng.between(...profile.detectMinutes) * MINUTE;
    const started = T + rng.between(1 * MINUTE, Math.max(2 * MINUTE, detect / 2));
    const opened = T + detect;
    const resolved = started + Math.min(recovery, p.deadline - started);
    const number = next('incident');
    const incident = `${squad.name.toUpperCase()}-${number}`;
    add({
      id: `${prefix}-incident-${number}-opened`,
      type: 'incident.opened',
      time: iso(opened),
      incident,
      service: service.name,
      ...(kind === 'incident-explicit' && { deployment: deployId }),
      startedAt: iso(started),
      detectedBy: kind === 'incident-explicit' || rng.chance(0.25) ? 'person' : 'alert',
      url: `https://incidents.example.com/${incident}`,
    });
    if (kind === 'incident-hotfix') {
      const merged = Math.max(opened + 20 * MINUTE, resolved - 60 * MINUTE);
      const sha = mergeChange(add, service, profile, opened + (merged - opened) * 0.3, merged, true);
      const at = Date.parse(iso(resolved - 10 * MINUTE));
      add({
        id: id('deploy'),
        type: 'deployment',
        time: iso(at),
        service: service.name,
        environment: 'production',
        status: 'success',
        sha,
        kind: 'hotfix',
        automated,
        remediates: incident,
      });
      production(service, at);
      st.lastDeploy = at;
      st.sha = sha;
    }
    add({ id: `${prefix}-incident-${number}-resolved`, type: 'incident.resolved', time: iso(resolved), incident });
  }

  /** A merged pull request: the merge itself, its push to the main line, and CI on it. Returns the merge sha. */
  function mergeChange(
    add: (e: NormalizedEvent) => void,
    service: DemoService,
    profile: Profile,
    first: number,
    merged: number,
    small = false,
  ): string {
    const number = (pullRequestBase.get(service.repository) as number) + next(`pr-${service.repository}`);
    const sha = rng.hex(40);
    const opened = Math.min(Math.max(first + 10 * MINUTE, merged - rng.between(...profile.reviewHours) * HOUR), merged);
    const lines = small ? rng.int(3, 40) : rng.int(...profile.changeLines);
    const additions = Math.round(lines * rng.between(0.5, 0.85));
    add({
      id: `${prefix}-change-${service.repository.split('/')[1]}-${number}`,
      type: 'change.merged',
      time: iso(merged),
      repository: service.repository,
      change: `${service.repository}#${number}`,
      openedAt: iso(opened),
      mergedAt: iso(merged),
      firstCommitAt: iso(first),
      sha,
      additions,
      deletions: lines - additions,
      url: `https://git.example.com/${service.repository}/pull/${number}`,
    });
    add({
      id: `${prefix}-push-${sha.slice(0, 12)}`,
      type: 'commits.pushed',
      time: iso(merged),
      repository: service.repository,
      head: sha,
      commits: [{ sha, time: iso(merged) }],
    });
    let t = merged;
    const failing = rng.chance(profile.pipelineFailure);
    for (const status of failing ? (['failure', 'success'] as const) : (['success'] as const)) {
      t += rng.between(...profile.pipelineMinutes) * MINUTE;
      const total = rng.int(...profile.testCount);
      const failed = status === 'failure' ? rng.int(1, 6) : 0;
      const skipped = rng.int(0, 12);
      add({
        id: id('tests'),
        type: 'tests.finished',
        time: iso(t - 30_000),
        service: service.name,
        passed: total - failed - skipped,
        failed,
        skipped,
        durationSeconds: Math.round(rng.between(0.4, 0.7) * profile.pipelineMinutes[0] * 60),
        coverage: round3(rng.between(...profile.coverage)),
      });
      add({
        id: id('pipeline'),
        type: 'pipeline.finished',
        time: iso(t),
        repository: service.repository,
        pipeline: 'ci',
        status,
        durationSeconds: Math.round((t - merged) / 1000),
      });
    }
    return sha;
  }

  function production(service: DemoService, at: number) {
    (productionTimes.get(service.name) as number[]).push(at);
  }

  /**
   * An incident no deployment explains (a provider outage, a certificate): on a Sunday afternoon, with no
   * deployment of its service in the 24 h before, so the window finds no candidate. Counted, never a failure.
   */
  function unlinkedIncident(sprint: Sprint): Timed[] | undefined {
    const profile = PROFILES[squad.quality[sprint.index] ?? 'ok'];
    if (!rng.chance(profile.unlinkedIncident)) return undefined;
    const service = rng.pick(squad.services);
    const opened = sprint.start + rng.pick([6, 13]) * DAY + rng.int(12 * 60, 18 * 60) * MINUTE;
    const started = opened - rng.int(2, 15) * MINUTE;
    const resolved = opened + rng.between(1, 5) * HOUR;
    const recent = (productionTimes.get(service.name) as number[]).some((t) => t <= opened && opened - t < 25 * HOUR);
    if (recent) return undefined;
    const number = next('incident');
    const incident = `${squad.name.toUpperCase()}-${number}`;
    const events: NormalizedEvent[] = [
      {
        id: `${prefix}-incident-${number}-opened`,
        type: 'incident.opened',
        time: iso(opened),
        incident,
        service: service.name,
        startedAt: iso(started),
        detectedBy: 'alert',
        url: `https://incidents.example.com/${incident}`,
      },
      { id: `${prefix}-incident-${number}-resolved`, type: 'incident.resolved', time: iso(resolved), incident },
    ];
    return events.map((event) => ({ at: Date.parse(event.time), event }));
  }
}
