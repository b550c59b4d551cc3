import { Gauge, type Registry } from 'prom-client';
import type { TeamEvaluator, TeamView } from '../aggregate/evaluator';
import type { Config } from '../config/load';
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
}

/**
 * Registers every store-derived family. All of them read one snapshot of the team views per scrape: the first
 * family asks the evaluator, the rest of the same scrape reuse it.
 */
export function registerCollectors(registry: Registry, deps: CollectorDeps): void {
  let snapshot: TeamView[] | undefined;
  const views = () => {
    if (!snapshot) {
      snapshot = deps.evaluator.views();
      setImmediate(() => (snapshot = undefined));
    }
    return snapshot;
  };
  registerDoraFamilies(familyRegistrar(registry, deps.self, 'dora'), views);
  registerWindowFamilies(familyRegistrar(registry, deps.self, 'windows'), views);
  registerSprintFamilies(familyRegistrar(registry, deps.self, 'sprint'), views, deps.config.metrics.sprintsExposed);
  registerCapabilityFamilies(familyRegistrar(registry, deps.self, 'capabilities'), views);
  registerSurveyFamilies(
    familyRegistrar(registry, deps.self, 'surveys'),
    deps.config,
    surveyResultsFor(deps.config, deps.store),
    deps.now,
  );

  new Gauge({
    name: 'dora_exporter_build_info',
    help: 'Version of the running exporter (value always 1).',
    labelNames: ['version'] as const,
    registers: [registry],
  }).set({ version: deps.version ?? process.env.npm_package_version ?? 'dev' }, 1);
}
