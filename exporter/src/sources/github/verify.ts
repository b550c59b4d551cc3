import type { SourceRequest, VerifyResult } from '../types';

type Verify = (secret: string, payload: string, signature: string) => Promise<boolean>;

let loaded: Promise<Verify> | undefined;

/**
 * @octokit/webhooks-methods is ESM-only and its package exports name only the "import" condition, so a CommonJS
 * `require` (what tsx/cjs turns a static import into for the CLI) cannot resolve it; a dynamic import() can.
 */
function octokitVerify(): Promise<Verify> {
  loaded ??= import('@octokit/webhooks-methods').then((m) => m.verify);
  return loaded;
}

const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`, checked in constant time by
 * @octokit/webhooks-methods. The legacy SHA-1 `X-Hub-Signature` alone is not accepted.
 */
export async function verifyGithub(request: SourceRequest, secret: string): Promise<VerifyResult> {
  const signature = request.headers['x-hub-signature-256'];
  if (signature === undefined || signature === '') {
    return {
      ok: false,
      reason: 'missing',
      message: 'missing X-Hub-Signature-256 header; set a secret on the GitHub webhook',
    };
  }
  if (!SIGNATURE.test(signature)) {
    return { ok: false, reason: 'invalid', message: 'X-Hub-Signature-256 is not of the form sha256=<64 hex digits>' };
  }
  // GitHub never signs an empty body, and the library refuses to sign one.
  if (request.body.length === 0) return { ok: false, reason: 'invalid', message: 'empty body: nothing was signed' };
  const verify = await octokitVerify();
  return (await verify(secret, request.body.toString('utf8'), signature))
    ? { ok: true }
    : {
        ok: false,
        reason: 'invalid',
        message: 'X-Hub-Signature-256 does not match the body and the configured secret',
      };
}
