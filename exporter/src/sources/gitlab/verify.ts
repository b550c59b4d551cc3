import { createHmac, timingSafeEqual } from 'node:crypto';
import { safeEqual } from '../auth';
import type { SourceRequest, VerifyResult } from '../types';

export interface GitlabSecrets {
  /** Compared with `X-Gitlab-Token`. */
  token?: string;
  /** HMAC key of the Standard Webhooks signing token. */
  signingKey?: Buffer;
}

/** Standard Webhooks' tolerance: a signed delivery older or newer than this is a possible replay. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

function signature(request: SourceRequest, key: Buffer, now: number): VerifyResult {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatures = request.headers['webhook-signature'];
  const absent = [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', signatures],
  ].flatMap(([name, value]) => (value ? [] : [name]));
  if (absent.length) {
    const noun = absent.length > 1 ? 'headers' : 'header';
    return {
      ok: false,
      reason: 'missing',
      message: `missing ${absent.join(', ')} ${noun}; set the signing token on the GitLab webhook`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp!)) {
    return { ok: false, reason: 'invalid', message: 'webhook-timestamp is not a Unix time in seconds' };
  }
  if (Math.abs(now / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: 'stale',
      message: `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS / 60} minutes from this server's clock`,
    };
  }
  // Signed content: `{webhook-id}.{webhook-timestamp}.{raw body}`, the body byte for byte.
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(request.body).digest();
  // A space-separated list of `v1,<base64>` entries (more than one while a token is rotated); any match will do.
  let matched = false;
  for (const entry of signatures!.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const candidate = Buffer.from(entry.slice(comma + 1), 'base64');
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched
    ? { ok: true }
    : { ok: false, reason: 'invalid', message: 'webhook-signature does not match the body and the signing token' };
}

/**
 * `X-Gitlab-Token` (the secret token, sent verbatim) when one is configured, and the Standard Webhooks signature
 * (GitLab 19 signing tokens) when a signing token is configured: each configured one must pass.
 */
export function verifyGitlab(request: SourceRequest, secrets: GitlabSecrets, now: number = Date.now()): VerifyResult {
  if (secrets.token !== undefined) {
    const given = request.headers['x-gitlab-token'];
    if (given === undefined || given === '') {
      return {
        ok: false,
        reason: 'missing',
        message: 'missing X-Gitlab-Token header; set the secret token on the GitLab webhook',
      };
    }
    if (!safeEqual(given, secrets.token))
      return { ok: false, reason: 'invalid', message: 'X-Gitlab-Token not accepted' };
  }
  if (secrets.signingKey !== undefined) return signature(request, secrets.signingKey, now);
  // Fail closed: a source without any configured secret authenticates nobody.
  if (secrets.token === undefined) return { ok: false, reason: 'invalid', message: 'no GitLab secret is configured' };
  return { ok: true };
}
