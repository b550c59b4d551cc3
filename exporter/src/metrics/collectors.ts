import { Gauge, type Registry } from 'prom-client';
import type { TeamEvaluator, TeamView } from '../aggregate/evaluator';
import type { Config } from '../config/load';
import type { Logger } from '../logger';
import type { EventStore } from '../store/types';
import { registerCapabilityFamilies } from './capabilities';
import { registerDoraFamilies } from './dora';
import { familyRegistrar } from './family';
import type { SelfMetrics } from './self';
import { registerSprintFamilies } from './sprint';
import { registerSurveyFamilies } from './surveys';
import { surveyResultsFor } from '../surveys/results';
import { registerWindowFamilies } from './windows';

export interface CollectorDeps {
  config: Config;
  store: EventStore;
  evaluator: TeamEvaluator;
  self: SelfMetrics;
  now: () => number;
  version?: string;
  logger?: Logger;
}

/** Families whose failure was logged, and when: a broken collector fails every scrape, its log line once a minute. */
const FAILURE_LOG_INTERVAL_MS = 60_000;

function failureLogger(logger: Logger | undefined, collector: string) {
  const lastLogged = new Map<string, number>();
  return (family: string, error: unknown) => {
    const now = Date.now();
    if (!logger || now - (lastLogged.get(family) ?? -Infinity) < FAILURE_LOG_INTERVAL_MS) return;
    lastLogged.set(family, now);
    logger.error(
      { collector, family, reason: (error as Error)?.message ?? String(error) },
      'metric family failed; served empty (counted in dora_exporter_collector_errors_total)',
    );
  };
}

/**
 * Registers every store-derived family. All of them read one snapshot of the team views per scrape: the first
 * family asks the evaluator, the rest of the same scrape reuse it.
 */
export function registerCollectors(registry: Registry, deps: CollectorDeps): void {
  const registrar = (collector: string) =>
    familyRegistrar(registry, deps.self, collector, failureLogger(deps.logger, collector));
  let snapshot: TeamView[] | undefined;
  const views = () => {
    if (!snapshot) {
      snapshot = deps.evaluator.views();
      setImmediate(() => (snapshot = undefined));
    }
    return snapshot;
  };
  registerDoraFamilies(registrar('dora'), views);
  registerWindowFamilies(registrar('windows'), views);
  registerSprintFamilies(registrar('sprint'), views, deps.config.metrics.sprintsExposed);
  registerCapabilityFamilies(registrar('capabilities'), views);
  registerSurveyFamilies(registrar('surveys'), deps.config, surveyResultsFor(deps.config, deps.store), deps.now);

  new Gauge({
    name: 'dora_exporter_build_info',
    help: 'Version of the running exporter (value always 1).',
    labelNames: ['version'] as const,
    registers: [registry],
  }).set({ version: deps.version ?? process.env.npm_package_version ?? 'dev' }, 1);
}
