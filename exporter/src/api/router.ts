import { sprintByName, toIso } from '@dora-guarantee/scoring';
import express from 'express';
import type { TeamEvaluator } from '../aggregate/evaluator';
import type { Config } from '../config/load';
import type { EventStore } from '../store/types';
import { sprintEvidence } from './evidence';
import { contractJson, sprintTableJson, totalsJson } from './json';

export interface ApiDeps {
  config: Config;
  evaluator: TeamEvaluator;
  store: EventStore;
  now: () => number;
}

/** The report API (docs/openapi.yaml): teams, their sprint table with totals, and each sprint's evidence. */
export function createApiRouter(deps: ApiDeps): express.Router {
  const router = express.Router();

  router.get('/teams', (_req, res) => {
    res.json({
      teams: deps.evaluator.views().map((v) => ({
        team: v.team.name,
        services: v.team.services,
        ...totalsJson(v.guarantee),
        contract: contractJson(v.team),
      })),
    });
  });

  router.get('/teams/:team/sprints', (req, res) => {
    const view = deps.evaluator.view(req.params.team);
    if (!view) {
      res.status(404).json({ error: `unknown team "${req.params.team}"; see /api/v1/teams` });
      return;
    }
    res.json(sprintTableJson(view, deps.config, deps.store));
  });

  router.get('/teams/:team/sprints/:sprint/evidence', (req, res) => {
    const view = deps.evaluator.view(req.params.team);
    if (!view) {
      res.status(404).json({ error: `unknown team "${req.params.team}"; see /api/v1/teams` });
      return;
    }
    let known;
    try {
      known = sprintByName(view.team.calendar, req.params.sprint);
    } catch {
      known = undefined;
    }
    const sprint = known && view.guarantee.sprints.find((s) => s.index === known.index);
    if (!sprint) {
      res.status(404).json({
        error: `no sprint "${req.params.sprint}" for team "${view.team.name}"; sprints are named by their start date (YYYY-MM-DD)`,
      });
      return;
    }
    res.json({ asOf: toIso(view.asOf), ...sprintEvidence(deps.store, deps.config, view.team, sprint, view.asOf) });
  });

  return router;
}
