import { verifyBearer } from '../auth';
import type { SourceRequest, VerifyResult } from '../types';

/** CloudEvents and CDEvents define no signature; the transport carries a bearer token (or mTLS in front of us). */
export function verifyCdEvents(request: SourceRequest, token: string): VerifyResult {
  return verifyBearer(request, [token]);
}
