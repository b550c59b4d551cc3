import { type NormalizedEvent, parseTime, toIso } from '@dora-guarantee/scoring';
import type { z } from 'zod';
import { PayloadError, type ParseOutcome, type SourceRequest } from '../types';
import { httpLink, validate } from '../payload';
import { type Envelope, decodeAttribute, readCloudEvent } from './envelope';
import { commitOfPurl } from './purl';
import {
  type CdEvent,
  type DoraData,
  cdevent,
  changeContent,
  doraData,
  incidentContent,
  pipelineContent,
  serviceContent,
  testContent,
} from './schema';

export interface CdEventsOptions {
  productionEnvironments: readonly string[];
  /** Whether the configuration knows a service by this name. */
  knownService(name: string): boolean;
}

const TYPE = /^dev\.cdevents\.([a-z]+\.[a-z]+)\.(\d+\.\d+\.\d+(?:-[0-9a-z.]+)?)$/;
/** Subject versions of spec v0.4 (0.2.0) and v0.5 (0.3.0). */
const VERSIONS = ['0.2.0', '0.3.0'];
const USED = new Set([
  'service.deployed',
  'service.upgraded',
  'service.rolledback',
  'change.merged',
  'incident.detected',
  'incident.reported',
  'incident.resolved',
  'pipelinerun.finished',
  'testsuiterun.finished',
]);
const PIPELINE_OUTCOME: Record<string, 'success' | 'failure' | 'cancellation' | 'error'> = {
  success: 'success',
  succeeded: 'success',
  failure: 'failure',
  failed: 'failure',
  cancel: 'cancellation',
  canceled: 'cancellation',
  cancelled: 'cancellation',
  error: 'error',
};
const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,40})\b/i;

/** The envelope's attributes must be the CDEvent's own (CDEvents CloudEvents binding). */
function checkBinding(envelope: Envelope, event: CdEvent) {
  const attr = (value: string) => (envelope.mode === 'binary' ? decodeAttribute(value) : value);
  const problems = (
    [
      ['id', envelope.id, event.context.id],
      ['source', envelope.source, event.context.source],
      ['type', envelope.type, event.context.type],
    ] as const
  )
    .filter(([, value, own]) => attr(value) !== own)
    .map(([name]) => ({
      field: envelope.mode === 'binary' ? `ce-${name}` : name,
      message: `must equal the CDEvent's context.${name}`,
    }));
  if (problems.length) throw new PayloadError(problems);
}

/**
 * A CDEvent (spec v0.4 or v0.5) in a CloudEvent → normalized events. The delivery id is the CloudEvent's source and
 * id, which CloudEvents requires to be unique per distinct event. Event types this exporter does not use are
 * answered 200 and ignored; a used type in an unsupported version is a 400, so a producer on a newer spec notices.
 */
export function parseCdEvents(request: SourceRequest, options: CdEventsOptions): ParseOutcome {
  const envelope = readCloudEvent(request);
  const source = envelope.mode === 'binary' ? decodeAttribute(envelope.source) : envelope.source;
  const ceId = envelope.mode === 'binary' ? decodeAttribute(envelope.id) : envelope.id;
  const ceType = envelope.mode === 'binary' ? decodeAttribute(envelope.type) : envelope.type;
  // Source is a URI reference, which holds no space: the pair cannot be ambiguous.
  const deliveryId = `${source} ${ceId}`;

  const match = TYPE.exec(ceType);
  const kind = match?.[1];
  if (!match || kind === undefined || !USED.has(kind)) {
    return { deliveryId, events: [], ignored: `CloudEvent type "${ceType.slice(0, 200)}" is not used` };
  }
  if (!VERSIONS.includes(match[2] as string)) {
    throw new PayloadError([
      {
        field: envelope.mode === 'binary' ? 'ce-type' : 'type',
        message: `version ${match[2]} of ${kind} is not supported; send CDEvents v0.4 (${kind}.0.2.0) or v0.5 (${kind}.0.3.0)`,
      },
    ]);
  }

  const prefix = envelope.mode === 'structured' ? ['data'] : [];
  const event = validate(cdevent, envelope.data, prefix);
  checkBinding(envelope, event);
  const custom = event.customData;
  const dora: DoraData =
    typeof custom === 'object' && custom !== null && 'dora' in custom
      ? validate(doraData, (custom as { dora: unknown }).dora, [...prefix, 'customData', 'dora'])
      : {};
  const content = <T>(schema: z.ZodType<T>): T =>
    validate(schema, event.subject.content, [...prefix, 'subject', 'content']);

  const time = toIso(parseTime(event.context.timestamp));
  const id = `cdevents:${deliveryId}`;
  const subjectKey = `${event.subject.source || source} ${event.subject.id}`;
  const service = (name: string) => {
    if (options.knownService(name)) return name;
    // Service ids are often `<kind>/<name>` (service/myapp, daemonset/myapp).
    const last = name.split('/').pop();
    return last && options.knownService(last) ? last : name;
  };
  const ignored = (reason: string): ParseOutcome => ({ deliveryId, events: [], ignored: reason });
  const done = (e: NormalizedEvent): ParseOutcome => ({ deliveryId, events: [e] });

  switch (kind) {
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback': {
      const c = content(serviceContent);
      const sha = (c.artifactId !== undefined ? commitOfPurl(c.artifactId) : undefined) ?? dora.sha?.toLowerCase();
      return done({
        id,
        type: 'deployment',
        time,
        service: service(dora.service ?? event.subject.id),
        environment: c.environment.id,
        status: 'success',
        ...(sha !== undefined && { sha }),
        ...(kind === 'service.rolledback' && { kind: 'rollback' as const }),
      });
    }
    case 'change.merged': {
      const c = content(changeContent);
      if (dora.openedAt === undefined) {
        return ignored(
          'a CDEvents change.merged carries no opening time or commit; add customData.dora.openedAt (and sha) to count it',
        );
      }
      return done({
        id,
        type: 'change.merged',
        time,
        change: `cdevents:${subjectKey}`,
        repository: c.repository.id,
        ...(dora.service !== undefined && { service: service(dora.service) }),
        openedAt: toIso(parseTime(dora.openedAt)),
        mergedAt: time,
        ...(dora.sha !== undefined && { sha: dora.sha.toLowerCase() }),
        ...(dora.firstCommitAt !== undefined && { firstCommitAt: toIso(parseTime(dora.firstCommitAt)) }),
        ...(dora.additions !== undefined && { additions: dora.additions }),
        ...(dora.deletions !== undefined && { deletions: dora.deletions }),
      });
    }
    case 'incident.detected':
    case 'incident.reported':
    case 'incident.resolved': {
      const c = content(incidentContent);
      const production = options.productionEnvironments.some((p) => p.toLowerCase() === c.environment.id.toLowerCase());
      if (!production) {
        return ignored(`incident in environment "${c.environment.id.slice(0, 100)}", which is not a production one`);
      }
      const incident = `cdevents:${subjectKey}`;
      if (kind === 'incident.resolved') return done({ id, type: 'incident.resolved', time, incident });
      const sha = c.description !== undefined ? ROOT_CAUSE.exec(c.description)?.[1]?.toLowerCase() : undefined;
      const url = httpLink(c.ticketURI);
      const named = dora.service ?? c.service?.id;
      return done({
        id,
        type: 'incident.opened',
        time,
        incident,
        ...(named !== undefined && { service: service(named) }),
        ...(sha !== undefined && { rootCauseSha: sha }),
        ...(url !== undefined && { url }),
      });
    }
    case 'pipelinerun.finished': {
      const c = content(pipelineContent);
      const status = PIPELINE_OUTCOME[c.outcome.toLowerCase()];
      if (status === undefined) {
        throw new PayloadError([
          {
            field: [...prefix, 'subject.content.outcome'].join('.'),
            message: 'must be success, failure, cancel or error',
          },
        ]);
      }
      let duration = dora.durationSeconds;
      if (duration === undefined && dora.startedAt !== undefined) {
        duration = (parseTime(event.context.timestamp) - parseTime(dora.startedAt)) / 1000;
        if (duration < 0) {
          throw new PayloadError([
            { field: [...prefix, 'customData.dora.startedAt'].join('.'), message: 'is after context.timestamp' },
          ]);
        }
      }
      if (duration === undefined) {
        return ignored(
          'a CDEvents pipelinerun.finished carries no duration; add customData.dora.durationSeconds or startedAt to count it',
        );
      }
      const pipeline = c.pipelineName ?? event.subject.id;
      return done({
        id,
        type: 'pipeline.finished',
        time,
        pipeline,
        status,
        durationSeconds: duration,
        service: service(dora.service ?? pipeline),
      });
    }
    default: {
      // testsuiterun.finished
      const c = content(testContent);
      const outcome = (c.outcome ?? c.status) as 'pass' | 'fail' | 'cancel' | 'error';
      const counted = dora.passed !== undefined || dora.failed !== undefined || dora.skipped !== undefined;
      // Without counts the suite run is one result: passed, failed (fail or error), or skipped (cancelled).
      const counts = counted
        ? { passed: dora.passed ?? 0, failed: dora.failed ?? 0, skipped: dora.skipped ?? 0 }
        : {
            passed: Number(outcome === 'pass'),
            failed: Number(outcome === 'fail' || outcome === 'error'),
            skipped: Number(outcome === 'cancel'),
          };
      return done({
        id,
        type: 'tests.finished',
        time,
        ...counts,
        ...(dora.durationSeconds !== undefined && { durationSeconds: dora.durationSeconds }),
        ...(dora.coverage !== undefined && { coverage: dora.coverage }),
        ...(dora.service !== undefined && { service: service(dora.service) }),
      });
    }
  }
}
