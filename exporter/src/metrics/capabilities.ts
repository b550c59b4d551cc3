import type { TeamView } from '../aggregate/evaluator';
import { DURATION_BUCKETS, PIPELINE_BUCKETS, SIZE_BUCKETS } from '../aggregate/histogram';
import { histograms, keyed, perService } from './dora';
import type { Sample } from './family';

type Register = (name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: () => Sample[]) => void;

/** Tech-capability families measured from events: CI, tests, deployment automation, migrations, review, detection. */
export function registerCapabilityFamilies(register: Register, views: () => TeamView[]) {
  const all = (f: (v: TeamView) => Sample[]) => () => views().flatMap(f);
  register(
    'dora_ci_pipeline_runs_total',
    'counter',
    'CI pipeline runs by result (success, failure, cancellation, error, skip, timeout).',
    all((v) => keyed(v.totals.pipelines, ['service', 'result'], v.team.name)),
  );
  register(
    'dora_ci_pipeline_run_duration_seconds',
    'histogram',
    'Duration of CI pipeline runs.',
    all((v) => histograms(v.totals.pipelineDuration, PIPELINE_BUCKETS, v.team.name)),
  );
  register(
    'dora_test_suite_runs_total',
    'counter',
    'Test suite runs reported.',
    all((v) => perService(v.totals.testSuites, v)),
  );
  register(
    'dora_test_suite_failures_total',
    'counter',
    'Test suite runs with at least one failed test.',
    all((v) => perService(v.totals.testSuiteFailures, v)),
  );
  register(
    'dora_tests_total',
    'counter',
    'Individual tests reported, by outcome (passed, failed, skipped).',
    all((v) => keyed(v.totals.tests, ['service', 'outcome'], v.team.name)),
  );
  register(
    'dora_test_coverage_ratio',
    'gauge',
    'Latest reported test coverage (0-1).',
    all((v) =>
      Object.entries(v.totals.coverage).map(([service, c]) => ({
        labels: { team: v.team.name, service },
        value: c.value,
      })),
    ),
  );
  register(
    'dora_automated_deployments_total',
    'counter',
    'Production deployments reported as automated.',
    all((v) => perService(v.totals.automated, v)),
  );
  register(
    'dora_db_migrations_total',
    'counter',
    'Database migrations run.',
    all((v) => perService(v.totals.migrations, v)),
  );
  register(
    'dora_db_migration_failures_total',
    'counter',
    'Database migrations that failed.',
    all((v) => perService(v.totals.migrationFailures, v)),
  );
  register(
    'dora_change_review_time_seconds',
    'histogram',
    'Time from opening to merging a change (code review).',
    all((v) => histograms(v.totals.reviewTime, DURATION_BUCKETS, v.team.name)),
  );
  register(
    'dora_change_size_lines',
    'histogram',
    'Lines added plus deleted per merged change.',
    all((v) => histograms(v.totals.changeSize, SIZE_BUCKETS, v.team.name)),
  );
  register(
    'dora_incident_time_to_detect_seconds',
    'histogram',
    'Time from the start of a failure to the incident being opened.',
    all((v) => histograms(v.totals.timeToDetect, DURATION_BUCKETS, v.team.name)),
  );
  register(
    'dora_incidents_detected_by_alert_total',
    'counter',
    'Incidents opened by an alert rather than a person.',
    all((v) => perService(v.totals.detectedByAlert, v)),
  );
}
