import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './corpus';
import type { Secrets } from './secrets';
import { githubSignature } from './sign';

/** One request of a load: headers and body, different every time (a real sender never repeats a delivery). */
export interface Next {
  headers: Record<string, string>;
  body: string;
}

const ID = '__BENCH_ID__';
const TIME = '__BENCH_TIME__';

/**
 * Signed GitHub `deployment_status` deliveries from the recorded fixture: each with a fresh deployment id (so a
 * new event), a fresh `X-GitHub-Delivery` and the HMAC of its exact bytes. `time` places the deployment. The body
 * is a template serialized once: the load generator shares the CPUs with the server it measures.
 */
export function githubDeployments(
  secrets: Secrets,
  options: { time?: () => string; repository?: string } = {},
): () => Next & { deliveryId: string; eventId: string } {
  const payload = JSON.parse(readFileSync(join(FIXTURES, 'github', 'deployment_status.success.json'), 'utf8'));
  payload.deployment.id = ID;
  payload.deployment_status.id = ID;
  if (options.time) {
    payload.deployment_status.created_at = TIME;
    payload.deployment_status.updated_at = TIME;
  }
  if (options.repository) payload.repository.full_name = options.repository;
  const parts = JSON.stringify(payload)
    .split(`"${ID}"`)
    .map((part) => part.split(TIME));
  let n = 0;
  const base = Date.now() % 1_000_000_000;
  return () => {
    const id = String(base * 1000 + n++);
    const time = options.time?.() ?? '';
    const body = parts.map((p) => p.join(time)).join(id);
    const deliveryId = randomUUID();
    return {
      deliveryId,
      eventId: `github:deployment:${id}`,
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'deployment_status',
        'x-github-delivery': deliveryId,
        'x-hub-signature-256': githubSignature(body, secrets.github),
        'user-agent': 'GitHub-Hookshot/bench',
      },
    };
  };
}

/**
 * Generic API batches of `size` events with fresh ids: pushes of one commit each, every one followed by the
 * production deployment of that commit 30 s later, as a continuously deployed service produces them (so every
 * commit gets a lead time and none stays waiting for a deployment). With `shaOnDeployments: false` the deployments
 * name no commit, as some pipelines send them: then every pushed commit stays pending.
 */
export function genericBatches(
  secrets: Secrets,
  size = 10,
  day = '2026-06-02',
  options: { shaOnDeployments?: boolean } = {},
): () => Next {
  let n = 0;
  const prefix = randomUUID().slice(0, 8);
  return () => {
    const events = Array.from({ length: size }, (_, i) => {
      const id = `${prefix}-${n}-${i}`;
      const sha = `${prefix}-${n}-${i - (i % 2)}`;
      const minute = `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
      return i % 2 === 0
        ? {
            id,
            type: 'commits.pushed',
            time: `${minute}:00Z`,
            service: 'checkout',
            commits: [{ sha, time: `${minute}:00Z` }],
          }
        : {
            id,
            type: 'deployment',
            time: `${minute}:30Z`,
            service: 'checkout',
            environment: 'production',
            status: 'success',
            ...(options.shaOnDeployments !== false && { sha }),
          };
    });
    n++;
    return {
      body: JSON.stringify(events),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.api}` },
    };
  };
}
