import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SourceRequest, VerifyResult } from '../types';

export const SIGNATURE_HEADER = 'x-pagerduty-signature';
const V1 = /^v1=([0-9a-f]{64})$/i;

/** The `v1=` signatures of a header value; PagerDuty sends several, comma separated, while a secret is rotated. */
export function v1Signatures(header: string): Buffer[] {
  return header
    .split(',')
    .map((part) => V1.exec(part.trim())?.[1])
    .filter((hex): hex is string => hex !== undefined)
    .map((hex) => Buffer.from(hex, 'hex'));
}

/**
 * Accepts the request when any `v1=` signature in `X-PagerDuty-Signature` is the HMAC-SHA256 of the raw body under
 * any configured secret (several are configured during a rotation on our side).
 */
export function verifyPagerDuty(request: SourceRequest, secrets: readonly string[]): VerifyResult {
  const header = request.headers[SIGNATURE_HEADER];
  if (header === undefined || header.trim() === '') {
    return { ok: false, reason: 'missing', message: 'missing X-PagerDuty-Signature header' };
  }
  const signatures = v1Signatures(header);
  if (signatures.length === 0) {
    return { ok: false, reason: 'invalid', message: 'X-PagerDuty-Signature carries no v1=<hex> signature' };
  }
  // Every pair is compared, so the time taken does not reveal which secret or signature matched.
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(request.body).digest();
    for (const signature of signatures) matched = timingSafeEqual(expected, signature) || matched;
  }
  return matched ? { ok: true } : { ok: false, reason: 'invalid', message: 'X-PagerDuty-Signature does not match' };
}
