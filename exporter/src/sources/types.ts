import type { NormalizedEvent } from '@dora-guarantee/scoring';
import type { Config } from '../config/load';

/** What a source sees of an HTTP request: lower-cased headers and the exact bytes of the body. */
export interface SourceRequest {
  headers: Record<string, string | undefined>;
  body: Buffer;
  contentType: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'invalid' | 'stale'; message: string };

export interface ParseOutcome {
  /** The provider's id of this delivery; a redelivery carries the same one. */
  deliveryId: string;
  events: NormalizedEvent[];
  /** Why nothing in a well-formed payload is relevant (answered with 200, never 4xx). */
  ignored?: string;
}

export interface Problem {
  index?: number;
  field: string;
  message: string;
}

/** A payload that is not what the source accepts: answered 400 with the problems, nothing stored. */
export class PayloadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.index !== undefined ? `[${p.index}] ` : ''}${p.field}: ${p.message}`).join('; '));
  }
}

/**
 * One provider: authenticate, then turn a payload into normalized events. A source never touches the store or
 * the metrics; the shared route does (sources/route.ts). Adding a provider is adding one folder and one line in
 * sources/index.ts.
 */
export interface Source {
  name: string;
  /** Mount path, e.g. /webhooks/github. */
  path: string;
  /** Media types accepted (without parameters); anything else is 415. */
  contentTypes: readonly string[];
  /** Headers to keep with the raw payload because `parse` needs them again on replay. */
  replayHeaders: readonly string[];
  /** Authenticates the raw request. Runs before any parsing; must be constant-time where it compares secrets. */
  verify(request: SourceRequest): VerifyResult | Promise<VerifyResult>;
  /** Pure: throws PayloadError for malformed or wrongly shaped payloads. */
  parse(request: SourceRequest): ParseOutcome;
}

/** Builds a source from the configuration, or returns undefined when the configuration does not enable it. */
export type SourceFactory = (config: Config) => Source | undefined;
