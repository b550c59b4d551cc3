import type { PeriodAggregate, ScoreAggregate } from './aggregate';
import type { Dimension } from './types';

/** What may leave the exporter for one team, survey and sprint. Every output path goes through `publish`. */
export type PublishedPeriod =
  | {
      status: 'published';
      respondents: number;
      /** Mean per dimension, 0–1. */
      dimensions: Partial<Record<Dimension, number>>;
      /** Mean per capability, 0–1. */
      capabilities: Record<string, number>;
      /** −100…100; absent when the survey has no eNPS question or too few answered it. */
      enps?: number;
    }
  | { status: 'suppressed' };

/**
 * The anonymity rule. A period is published only when at least `minRespondents` distinct people answered in it;
 * otherwise nothing but the fact that it is suppressed leaves, not even the count. Within a published period a
 * score is left out when fewer than `minRespondents` people answered its items: five respondents of whom one
 * answered the eNPS question must not publish that one person's answer.
 */
export function publish(aggregate: PeriodAggregate, minRespondents: number): PublishedPeriod {
  if (aggregate.respondents < minRespondents) return { status: 'suppressed' };
  const enough = (s: ScoreAggregate | undefined): s is ScoreAggregate =>
    s !== undefined && s.respondents >= minRespondents;
  const dimensions: Partial<Record<Dimension, number>> = {};
  for (const [d, s] of Object.entries(aggregate.dimensions) as [Dimension, ScoreAggregate][])
    if (enough(s)) dimensions[d] = s.score;
  const capabilities: Record<string, number> = {};
  for (const [c, s] of Object.entries(aggregate.capabilities)) if (enough(s)) capabilities[c] = s.score;
  return {
    status: 'published',
    respondents: aggregate.respondents,
    dimensions,
    capabilities,
    ...(enough(aggregate.enps) && { enps: aggregate.enps.score }),
  };
}
