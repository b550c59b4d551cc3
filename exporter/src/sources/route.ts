import { type Attributes, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import express, { type Request, type Response } from 'express';
import type { TeamDirectory } from '../config/directory';
import type { Logger } from '../logger';
import type { SelfMetrics } from '../metrics/self';
import { storeErrorReason } from '../store/sqlite/store';
import type { EventStore } from '../store/types';
import { deliveryAttributes } from '../telemetry';
import { assignEvents, countUnmapped } from './assign';
import { PayloadError, type Source, type SourceRequest } from './types';

export interface IngestionDeps {
  store: EventStore;
  directory: TeamDirectory;
  metrics: SelfMetrics;
  logger: Logger;
  maxBodyBytes: number;
}

const tracer = trace.getTracer('dora-guarantee-ingestion');

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function lowerCaseHeaders(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Trace context from W3C `traceparent` or, for CloudEvents binary mode, `ce-traceparent`. */
/**
 * Where the delivery span hangs: under the HTTP server span when the http instrumentation made one (it already
 * continued a `traceparent`), else under the sender's context. A CloudEvents `ce-traceparent` is seen only here,
 * so it wins over the HTTP span.
 */
function parentContext(headers: Record<string, string | undefined>) {
  const active = context.active();
  if (trace.getSpan(active) && headers['ce-traceparent'] === undefined) return active;
  return incomingContext(headers);
}

function incomingContext(headers: Record<string, string | undefined>) {
  const carrier: Record<string, string> = {};
  const traceparent = headers['traceparent'] ?? headers['ce-traceparent'];
  const tracestate = headers['tracestate'] ?? headers['ce-tracestate'];
  if (traceparent) carrier.traceparent = traceparent;
  if (tracestate) carrier.tracestate = tracestate;
  return propagation.extract(context.active(), carrier);
}

/**
 * The one ingestion path every source shares: raw body → verify → parse → assign teams → durable append → reply.
 * A 2xx is sent only after the commit; nothing reaches the store before authentication succeeded.
 */
export function ingestionRouter(source: Source, deps: IngestionDeps): express.Router {
  const router = express.Router();
  const { metrics } = deps;
  const reject = (res: Response, status: number, reason: string, body: object) => {
    metrics.deliveries.inc({ source: source.name, outcome: 'rejected' });
    metrics.rejections.inc({ source: source.name, reason });
    res.status(status).json(body);
  };

  router.post('/', express.raw({ type: () => true, limit: deps.maxBodyBytes }), async (req: Request, res: Response) => {
    const headers = lowerCaseHeaders(req);
    const request: SourceRequest = {
      headers,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      contentType: mediaType(headers['content-type']),
    };

    await tracer.startActiveSpan(
      `ingest ${source.name}`,
      { attributes: { 'dora.source': source.name, 'http.request.body.size': request.body.length } },
      parentContext(headers),
      async (span) => {
        try {
          await handle(request, res, span.setAttributes.bind(span));
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        } finally {
          span.end();
        }
      },
    );
  });

  async function handle(request: SourceRequest, res: Response, annotate: (a: Attributes) => void) {
    const verdict = await source.verify(request);
    if (!verdict.ok) {
      metrics.signatureFailures.inc({ source: source.name, reason: verdict.reason });
      reject(res, 401, 'signature', { error: verdict.message });
      return;
    }
    if (!source.contentTypes.includes(request.contentType)) {
      reject(res, 415, 'unsupported_media_type', {
        error: `Content-Type "${request.contentType || '(none)'}" is not accepted; use ${source.contentTypes.join(' or ')}`,
      });
      return;
    }

    let outcome;
    try {
      outcome = source.parse(request);
    } catch (e) {
      if (e instanceof PayloadError) {
        const reason = e.problems.some((p) => p.field === '(body)' && /JSON/i.test(p.message)) ? 'json' : 'schema';
        reject(res, 400, reason, { error: `invalid ${source.name} payload`, problems: e.problems });
        return;
      }
      throw e;
    }
    annotate({ 'dora.delivery.events': outcome.events.length });

    const { assigned, unmapped } = assignEvents(outcome.events, deps.directory, (incident) =>
      deps.store.teamOfIncident(incident),
    );
    // Semantic-convention attributes only when a span is really recorded: nothing to pay with tracing off.
    if (trace.getActiveSpan()?.isRecording()) annotate(deliveryAttributes(assigned.map((a) => a.event)));
    const keep: Record<string, string> = {};
    for (const name of source.replayHeaders) {
      const value = request.headers[name];
      if (value !== undefined) keep[name] = value;
    }

    const receivedAt = Date.now();
    let result;
    try {
      result = await deps.store.append(
        {
          source: source.name,
          deliveryId: outcome.deliveryId,
          receivedAt,
          contentType: request.contentType,
          headers: keep,
          body: request.body,
        },
        assigned,
      );
    } catch (e) {
      metrics.storeErrors.inc({ operation: 'append' });
      deps.logger.error({ source: source.name, reason: storeErrorReason(e) }, 'store append failed');
      reject(res, 503, 'store', {
        error: `the event store cannot accept writes right now (${storeErrorReason(e)}); retry later`,
      });
      return;
    }

    metrics.lastEvent.set({ source: source.name }, receivedAt / 1000);
    if (result.duplicateDelivery) {
      metrics.deliveries.inc({ source: source.name, outcome: 'duplicate' });
      res.status(200).json({ status: 'duplicate', newEvents: 0, duplicateEvents: outcome.events.length });
      return;
    }
    // Only what this delivery stored for the first time: a re-sent event was counted by the delivery that stored it.
    const unassigned = countUnmapped(result.stored, unmapped);
    if (unassigned) metrics.unassigned.inc({ source: source.name }, unassigned);
    metrics.events.inc({ source: source.name, outcome: 'new' }, result.newEvents);
    metrics.events.inc({ source: source.name, outcome: 'duplicate' }, result.duplicateEvents);
    if (outcome.events.length === 0) {
      metrics.deliveries.inc({ source: source.name, outcome: 'ignored' });
      res.status(200).json({ status: 'ignored', reason: outcome.ignored ?? 'no relevant event in the payload' });
      return;
    }
    metrics.deliveries.inc({ source: source.name, outcome: 'accepted' });
    res.status(202).json({ status: 'accepted', newEvents: result.newEvents, duplicateEvents: result.duplicateEvents });
  }

  return router;
}
