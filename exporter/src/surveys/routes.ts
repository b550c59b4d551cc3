import express, { type Request, type Response } from 'express';
import type { Config } from '../config/load';
import type { Logger } from '../logger';
import { verifyBearer } from '../sources/auth';
import { storeErrorReason } from '../store/sqlite/store';
import type { EventStore } from '../store/types';
import { countDuplicates } from './duplicates';
import { AGREEMENT_LABELS } from './scale';
import type { SurveyDefinition } from './types';
import { parseResponses } from './validate';

export interface SurveyRouteDeps {
  config: Config;
  store: EventStore;
  logger: Logger;
  now: () => number;
}

/** A survey as the API lists it: what each question measures and how it is scored. */
export function surveyJson(survey: SurveyDefinition, minRespondents: number) {
  return {
    id: survey.id,
    title: survey.title,
    ...(survey.description !== undefined && { description: survey.description }),
    scale: { min: 1, max: 5, labels: AGREEMENT_LABELS, score: '(answer - 1) / 4; reversed items (5 - answer) / 4' },
    minRespondents,
    questions: survey.questions.map((q) => ({
      id: q.id,
      text: q.text,
      ...(q.dimension !== undefined && { dimension: q.dimension }),
      ...(q.capability !== undefined && { capability: q.capability }),
      reversed: q.reversed,
      scale: q.scale,
      ...(q.basedOn !== undefined && { basedOn: q.basedOn }),
    })),
  };
}

/** GET /surveys, GET /surveys/{survey}, POST /surveys/{survey}/responses (mounted under /api/v1). */
export function surveysRouter(deps: SurveyRouteDeps): express.Router {
  const router = express.Router();
  const { surveys, minRespondents } = deps.config.surveys;
  const find = (req: Request, res: Response): SurveyDefinition | undefined => {
    const survey = surveys.find((s) => s.id === req.params.survey);
    if (!survey)
      res.status(404).json({
        error: `no survey "${String(req.params.survey).slice(0, 64)}"; see /api/v1/surveys (known: ${surveys.map((s) => s.id).join(', ') || 'none'})`,
      });
    return survey;
  };

  router.get('/surveys', (_req, res) => {
    res.json({ surveys: surveys.map((s) => surveyJson(s, minRespondents)) });
  });

  router.get('/surveys/:survey', (req, res) => {
    const survey = find(req, res);
    if (survey) res.json(surveyJson(survey, minRespondents));
  });

  router.post(
    '/surveys/:survey/responses',
    express.raw({ type: () => true, limit: deps.config.server.maxBodyBytes }),
    (req: Request, res: Response) => {
      if (deps.config.apiTokens.length === 0) {
        res.status(404).json({ error: 'survey responses are not accepted; configure api.tokens to enable them' });
        return;
      }
      const verdict = verifyBearer(
        { headers: req.headers as Record<string, string>, body: Buffer.alloc(0), contentType: '' },
        deps.config.apiTokens,
      );
      if (!verdict.ok) {
        res.status(401).json({ error: verdict.message });
        return;
      }
      const survey = find(req, res);
      if (!survey) return;
      const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/json') {
        res
          .status(415)
          .json({ error: `Content-Type "${mediaType || '(none)'}" is not accepted; use application/json` });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
      } catch {
        res.status(400).json({
          error: 'invalid survey responses',
          // The parser's message quotes the body, which may hold an identity: only the fact is returned.
          problems: [{ field: '(body)', message: 'not valid JSON' }],
        });
        return;
      }
      const outcome = parseResponses({ config: deps.config, survey, now: deps.now() }, body);
      if ('problems' in outcome) {
        res.status(400).json({ error: 'invalid survey responses; nothing was stored', problems: outcome.problems });
        return;
      }
      const duplicates = countDuplicates(deps.config, deps.store, outcome.records);
      let written;
      try {
        written = deps.store.appendSurveyResponses(outcome.records);
      } catch (e) {
        deps.logger.error({ survey: survey.id, reason: storeErrorReason(e) }, 'survey response append failed');
        res
          .status(503)
          .json({ error: `the store cannot accept writes right now (${storeErrorReason(e)}); retry later` });
        return;
      }
      deps.logger.info(
        { survey: survey.id, responses: outcome.records.length, stored: written.stored },
        'survey responses received',
      );
      res.status(202).json({
        status: 'accepted',
        responses: outcome.records.length,
        counted: outcome.records.length - duplicates,
        duplicates,
      });
    },
  );

  return router;
}
