import { createHash, timingSafeEqual } from 'node:crypto';
import type { SourceRequest, VerifyResult } from './types';

/** Constant-time equality that does not leak the length of the secret (both sides are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function bearerToken(request: SourceRequest): string | undefined {
  const header = request.headers['authorization'];
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Accepts the request when its bearer token equals any of the configured tokens. */
export function verifyBearer(request: SourceRequest, tokens: readonly string[]): VerifyResult {
  const token = bearerToken(request);
  if (token === undefined) {
    return { ok: false, reason: 'missing', message: 'missing "Authorization: Bearer <token>" header' };
  }
  // Compare against every token so the time taken does not reveal which one (if any) matched.
  let matched = false;
  for (const t of tokens) matched = safeEqual(token, t) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'invalid', message: 'bearer token not accepted' };
}
