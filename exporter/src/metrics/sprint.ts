import { type MetricKey, type SprintResult, TIER_POINTS } from '@dora-guarantee/scoring';
import type { TeamView } from '../aggregate/evaluator';
import type { Sample } from './family';
import { METRIC_LABEL } from './names';
import { recoveryValues, summarySamples } from './summary';

type Register = (name: string, type: 'gauge' | 'summary', help: string, samples: () => Sample[]) => void;

/** The sprints a scrape shows: the last `ended` sprints that are over, plus the one in progress. */
export function exposedSprints(view: TeamView, ended: number): SprintResult[] {
  const sprints = view.guarantee.sprints;
  const over = sprints.filter((s) => s.status !== 'in-progress');
  return [...over.slice(-ended), ...sprints.filter((s) => s.status === 'in-progress')];
}

/** dora_sprint_* and dora_guarantee_*: what the panel, the dashboards and the credit alerts read. */
export function registerSprintFamilies(register: Register, views: () => TeamView[], sprintsExposed: number) {
  const perSprint = (name: string, help: string, value: (s: SprintResult) => number | null | undefined) =>
    register(name, 'gauge', help, () =>
      views().flatMap((view) =>
        exposedSprints(view, sprintsExposed).flatMap((s) => {
          const v = value(s);
          return v === null || v === undefined ? [] : [{ labels: { team: view.team.name, sprint: s.name }, value: v }];
        }),
      ),
    );
  const perTeam = (name: string, help: string, value: (v: TeamView) => number) =>
    register(name, 'gauge', help, () => views().map((v) => ({ labels: { team: v.team.name }, value: value(v) })));
  const m = (s: SprintResult) => s.measurements;

  perSprint(
    'dora_sprint_score',
    'Sprint score 0-100 under the contract (provisional while in progress); absent for no-data sprints.',
    (s) => s.score,
  );
  perSprint('dora_sprint_low', '1 when the sprint ended low (score below the contract threshold after ramp-up).', (s) =>
    Number(s.status === 'low'),
  );
  perSprint('dora_sprint_credited', '1 when the sprint is part of a run of low sprints that granted credits.', (s) =>
    Number(s.credited),
  );
  perSprint(
    'dora_sprint_at_risk',
    '1 when the sprint is part of the current low run that one more low sprint would credit.',
    (s) => Number(s.atRisk),
  );
  perSprint('dora_sprint_index', 'Position of the sprint in the contract, 0 for the first.', (s) => s.index);
  perSprint('dora_sprint_start_timestamp_seconds', 'Start of the sprint (Unix time).', (s) => s.start / 1000);
  perSprint('dora_sprint_end_timestamp_seconds', 'End of the sprint, exclusive (Unix time).', (s) => s.end / 1000);
  perSprint('dora_sprint_events', 'Events of any type received for the sprint (0 means no data).', (s) => m(s).events);
  perSprint('dora_sprint_deployments', 'Successful production deployments in the sprint.', (s) => m(s).deployments);
  perSprint(
    'dora_sprint_deployment_frequency_per_day',
    'Production deployments per day in the sprint (elapsed days while in progress).',
    (s) => m(s).deploymentFrequencyPerDay,
  );
  perSprint(
    'dora_sprint_changes',
    'Changes first deployed to production in the sprint with a known commit time.',
    (s) => m(s).changes,
  );
  perSprint(
    'dora_sprint_failed_deployments',
    'Production deployments of the sprint that failed (incident, rollback or hotfix).',
    (s) => m(s).failedDeployments,
  );
  perSprint(
    'dora_sprint_change_failure_ratio',
    'Failed deployments divided by deployments in the sprint.',
    (s) => m(s).changeFailureRate,
  );
  perSprint(
    'dora_sprint_open_failures',
    'Failed deployments of the sprint not yet recovered.',
    (s) => m(s).openFailures,
  );
  perSprint(
    'dora_sprint_unplanned_deployments',
    'Unplanned deployments (rollback, hotfix, remediation) in the sprint.',
    (s) => m(s).unplannedDeployments,
  );
  perSprint(
    'dora_sprint_rework_ratio',
    'Unplanned deployments divided by deployments in the sprint.',
    (s) => m(s).reworkRate,
  );

  register(
    'dora_sprint_lead_time_seconds',
    'summary',
    'Lead time for changes deployed in the sprint: median and p90, and the sum and count of changes.',
    () =>
      views().flatMap((view) =>
        exposedSprints(view, sprintsExposed).flatMap((s) =>
          summarySamples(
            { team: view.team.name, sprint: s.name },
            [
              ['0.5', m(s).leadTimeMedianSeconds],
              ['0.9', m(s).leadTimeP90Seconds],
            ],
            view.sprintFacts(s.index).leadTimes,
          ),
        ),
      ),
  );
  register(
    'dora_sprint_failed_deployment_recovery_time_seconds',
    'summary',
    "Recovery time of the sprint's failed deployments (open ones count until now): median, sum and count.",
    () =>
      views().flatMap((view) =>
        exposedSprints(view, sprintsExposed).flatMap((s) =>
          summarySamples(
            { team: view.team.name, sprint: s.name },
            [['0.5', m(s).recoveryTimeMedianSeconds]],
            recoveryValues(view.sprintFacts(s.index), view.asOf),
          ),
        ),
      ),
  );
  register(
    'dora_sprint_status',
    'gauge',
    "The sprint's status: 1 on the series of its status (in-progress, ramp-up, no-data, low, ok).",
    () =>
      views().flatMap((view) =>
        exposedSprints(view, sprintsExposed).map((s) => ({
          labels: { team: view.team.name, sprint: s.name, status: s.status },
          value: 1,
        })),
      ),
  );
  register(
    'dora_sprint_tier',
    'gauge',
    'Tier of each defined metric in the sprint: 0 Low, 1 Medium, 2 High, 3 Elite.',
    () =>
      views().flatMap((view) =>
        exposedSprints(view, sprintsExposed).flatMap((s) =>
          (Object.entries(s.tiers) as [MetricKey, keyof typeof TIER_POINTS][]).map(([metric, tier]) => ({
            labels: { team: view.team.name, sprint: s.name, metric: METRIC_LABEL[metric] },
            value: TIER_POINTS[tier],
          })),
        ),
      ),
  );

  perTeam(
    'dora_guarantee_credits',
    'Credits owed to the client over the whole contract (a gauge: late events can correct it).',
    (v) => v.guarantee.credits,
  );
  perTeam(
    'dora_guarantee_low_streak',
    'Consecutive low ended sprints up to the latest ended sprint.',
    (v) => v.guarantee.lowStreak,
  );
  perTeam('dora_guarantee_at_risk', '1 when one more low sprint would grant credits.', (v) =>
    Number(v.guarantee.atRisk),
  );
  perTeam(
    'dora_guarantee_credits_if_next_low',
    'Credits a low next sprint would add.',
    (v) => v.guarantee.creditsIfNextLow,
  );
  register('dora_guarantee_info', 'gauge', 'The contract each team is measured against (value always 1).', () =>
    views().map((v) => {
      const c = v.team.contract;
      const cal = v.team.calendar;
      return {
        labels: {
          team: v.team.name,
          preset: c.preset,
          ramp_up_sprints: String(c.rampUpSprints),
          low_score_below: String(c.lowScoreBelow),
          consecutive_low_for_credit: String(c.consecutiveLowForCredit),
          sprint_length_days: String(cal.sprintLengthDays),
          first_sprint_start: cal.firstSprintStart,
          time_zone: cal.timeZone ?? 'UTC',
          weight_deployment_frequency: String(c.weights.deploymentFrequency),
          weight_lead_time: String(c.weights.leadTime),
          weight_change_failure_rate: String(c.weights.changeFailureRate),
          weight_recovery_time: String(c.weights.recoveryTime),
          weight_rework_rate: String(c.weights.reworkRate),
        },
        value: 1,
      };
    }),
  );
}
