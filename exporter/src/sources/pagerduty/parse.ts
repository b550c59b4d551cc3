import { type IncidentOpenedEvent, type NormalizedEvent, isRfc3339, parseTime, toIso } from '@dora-guarantee/scoring';
import { z } from 'zod';
import { PayloadError, type ParseOutcome, type SourceRequest } from '../types';
import { httpLink, parseJson, validate } from '../payload';

export const WEBHOOK_ID_HEADER = 'x-webhook-id';

export interface PagerDutyOptions {
  /** PagerDuty service id or name → configured service. */
  serviceMap: Readonly<Record<string, string>>;
}

const time = z.string().refine(isRfc3339, { message: 'must be an RFC 3339 timestamp' });
const id = z.string().min(1).max(256);

/** Only the fields used are checked; PagerDuty adds fields over time and those must not break ingestion. */
const envelope = z.object({
  event: z.object({
    id,
    event_type: z.string().min(1).max(256),
    occurred_at: time,
    agent: z.object({ type: z.string().optional() }).nullish(),
    data: z.unknown(),
  }),
});

const incident = z.object({
  id,
  title: z.string().optional(),
  description: z.string().optional(),
  body: z.object({ details: z.unknown().optional() }).nullish(),
  created_at: time.optional(),
  html_url: z.string().nullish(),
  service: z.object({ id, summary: z.string().max(512).optional() }).nullish(),
});

const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,40})\b/i;

/** A `root cause: <sha>` line anywhere in the texts, as Four Keys reads it from incident descriptions. */
export function rootCauseSha(...texts: unknown[]): string | undefined {
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const match = ROOT_CAUSE.exec(text);
    if (match) return (match[1] as string).toLowerCase();
  }
  return undefined;
}

/** A person acted when the agent is a user; a service or integration agent is the monitoring that paged. */
function detectedBy(agentType: string | undefined): IncidentOpenedEvent['detectedBy'] {
  if (agentType === 'user_reference') return 'person';
  if (agentType === 'service_reference' || agentType === 'integration_reference') return 'alert';
  return undefined;
}

/**
 * A PagerDuty v3 webhook (one event per request) → incident.opened / incident.resolved. Other event types
 * (acknowledged, escalated, annotated, …) are answered 200 and ignored. Ids are prefixed with `pagerduty:` so they
 * never collide with other sources; the normalized event id is PagerDuty's event id, so the same event sent by two
 * subscriptions is stored once.
 */
export function parsePagerDuty(request: SourceRequest, options: PagerDutyOptions): ParseOutcome {
  const { event } = validate(envelope, parseJson(request.body), []);
  const webhookId = request.headers[WEBHOOK_ID_HEADER]?.trim();
  if (webhookId !== undefined && webhookId.length > 256) {
    throw new PayloadError([{ field: 'X-Webhook-Id', message: 'longer than 256 characters' }]);
  }
  // X-Webhook-Id is repeated on every delivery attempt; the event id is the fallback for a hand-made request.
  const deliveryId = webhookId || event.id;
  const opened = event.event_type === 'incident.triggered';
  if (!opened && event.event_type !== 'incident.resolved') {
    return { deliveryId, events: [], ignored: `PagerDuty event type "${event.event_type}" is not used` };
  }

  const data = validate(incident, event.data, ['event', 'data']);
  const at = parseTime(event.occurred_at);
  const common = { id: `pagerduty:${event.id}`, time: toIso(at), incident: `pagerduty:${data.id}` };
  if (!opened) return { deliveryId, events: [{ type: 'incident.resolved', ...common }] };

  const service = data.service
    ? (options.serviceMap[data.service.id] ??
      (data.service.summary !== undefined
        ? (options.serviceMap[data.service.summary] ?? data.service.summary)
        : undefined))
    : undefined;
  const created = data.created_at !== undefined ? parseTime(data.created_at) : undefined;
  const sha = rootCauseSha(data.title, data.description, data.body?.details);
  const by = detectedBy(event.agent?.type);
  const url = httpLink(data.html_url);
  const openedEvent: NormalizedEvent = {
    type: 'incident.opened',
    ...common,
    ...(service !== undefined && { service }),
    ...(created !== undefined && created < at && { startedAt: toIso(created) }),
    ...(sha !== undefined && { rootCauseSha: sha }),
    ...(by !== undefined && { detectedBy: by }),
    ...(url !== undefined && { url }),
  };
  return { deliveryId, events: [openedEvent] };
}
