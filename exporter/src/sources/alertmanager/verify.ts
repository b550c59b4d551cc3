import { verifyBearer } from '../auth';
import type { SourceRequest, VerifyResult } from '../types';

/**
 * Alertmanager signs nothing; its `http_config.authorization` sends a bearer token, which is all there is to check.
 */
export function verifyAlertmanager(request: SourceRequest, token: string): VerifyResult {
  return verifyBearer(request, [token]);
}
