import { createHash } from 'node:crypto';
import { type NormalizedEvent, isRfc3339, parseTime, toIso } from '@dora-guarantee/scoring';
import { z } from 'zod';
import type { ParseOutcome, SourceRequest } from '../types';
import { httpLink, parseJson, validate } from '../payload';

export interface AlertmanagerOptions {
  /** The label that marks an alert as an incident, e.g. dora_incident="true". */
  incidentLabel: { name: string; value: string };
  /** The label naming the service the incident belongs to. */
  serviceLabel: string;
}

const time = z.string().refine(isRfc3339, { message: 'must be an RFC 3339 timestamp' });
const labels = z.record(z.string(), z.string());

const alert = z
  .object({
    status: z.enum(['firing', 'resolved']),
    labels,
    annotations: labels.optional(),
    startsAt: time,
    // A firing alert carries Go's zero time here; only a resolved one has a real end.
    endsAt: z.string().optional(),
    generatorURL: z.string().optional(),
    fingerprint: z.string().min(1).max(64),
  })
  .superRefine((a, ctx) => {
    if (a.status !== 'resolved' || !isRfc3339(a.startsAt)) return;
    if (!(a.endsAt !== undefined && isRfc3339(a.endsAt) && parseTime(a.endsAt) >= parseTime(a.startsAt))) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: 'a resolved alert needs endsAt, an RFC 3339 timestamp not before startsAt',
      });
    }
  });

/** Payload version "4", the only one Alertmanager has sent since 0.9; only the fields used are checked. */
const payload = z.object({
  version: z.literal('4', { message: 'must be "4" (the Alertmanager webhook payload version)' }),
  alerts: z.array(alert).max(10_000),
});

const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,40})\b/i;

function rootCauseSha(annotations: Record<string, string> | undefined): string | undefined {
  for (const text of Object.values(annotations ?? {})) {
    const match = ROOT_CAUSE.exec(text);
    if (match) return (match[1] as string).toLowerCase();
  }
  return undefined;
}

type Alert = z.infer<typeof alert>;

/** Same instant, same id: Alertmanager may render one start time with different precision or zones. */
const startOf = (a: Alert) => toIso(parseTime(a.startsAt));

/**
 * The delivery id of a notification is the set of alert states it reports (fingerprint, start, status), so a resend
 * of an unchanged group (repeat_interval, a retry, the other replica of an HA pair) is a duplicate, while a group
 * in which any alert changed state is a new delivery whose unchanged alerts are deduplicated event by event.
 */
export function groupDeliveryId(alerts: readonly Alert[]): string {
  const states = [...new Set(alerts.map((a) => `${a.fingerprint}|${startOf(a)}|${a.status}`))].sort();
  return createHash('sha256').update(states.join('\n')).digest('hex');
}

/**
 * An Alertmanager notification → incidents: every alert carrying the configured label is one incident, identified
 * by its fingerprint and start (a new firing of the same alert is a new incident). A firing alert opens it; a
 * resolved one opens it too (in case its firing notification never came) and resolves it at endsAt. Alerts
 * without the label are ignored.
 */
export function parseAlertmanager(request: SourceRequest, options: AlertmanagerOptions): ParseOutcome {
  const { alerts } = validate(payload, parseJson(request.body));
  const deliveryId = groupDeliveryId(alerts);
  const { name, value } = options.incidentLabel;
  const events: NormalizedEvent[] = [];
  for (const a of alerts) {
    if (a.labels[name] !== value) continue;
    const start = startOf(a);
    const incident = `alertmanager:${a.fingerprint}@${start}`;
    const service = a.labels[options.serviceLabel];
    const sha = rootCauseSha(a.annotations);
    const url = httpLink(a.generatorURL);
    events.push({
      id: `${incident}:opened`,
      type: 'incident.opened',
      time: start,
      incident,
      startedAt: start,
      detectedBy: 'alert',
      ...(service !== undefined && service !== '' && { service }),
      ...(sha !== undefined && { rootCauseSha: sha }),
      ...(url !== undefined && { url }),
    });
    if (a.status === 'resolved') {
      events.push({
        id: `${incident}:resolved`,
        type: 'incident.resolved',
        time: toIso(parseTime(a.endsAt as string)),
        incident,
      });
    }
  }
  if (events.length === 0) {
    return { deliveryId, events, ignored: `no alert carries the label ${name}="${value}"` };
  }
  return { deliveryId, events };
}
