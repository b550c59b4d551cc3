import { createHmac, randomUUID } from 'node:crypto';
import { type Secrets, gitlabKey } from './secrets';

export const SOURCES = ['generic', 'github', 'gitlab', 'pagerduty', 'alertmanager', 'cdevents'] as const;
export type SourceName = (typeof SOURCES)[number];

export const PATHS: Record<SourceName, string> = {
  generic: '/api/v1/events',
  github: '/webhooks/github',
  gitlab: '/webhooks/gitlab',
  pagerduty: '/webhooks/pagerduty',
  alertmanager: '/webhooks/alertmanager',
  cdevents: '/webhooks/cdevents',
};

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export const githubSignature = (body: Buffer | string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const pagerDutySignature = (body: Buffer | string, secret: string) =>
  `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Standard Webhooks: `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`. */
export function standardWebhookSignature(key: Buffer, id: string, timestamp: number, body: Buffer | string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}

export interface SignOptions {
  /** Delivery id headers (GitHub, GitLab, PagerDuty); a fresh one when absent. */
  deliveryId?: string;
  /** GitLab's webhook-timestamp (Unix seconds); now when absent. */
  timestamp?: number;
}

/**
 * The authentication (and delivery id) headers a real sender of `source` puts on `body`, computed over its exact
 * bytes. `headers` are the request's other headers (content type, event name, ce-*); they are kept.
 */
export function signedHeaders(
  source: SourceName,
  body: Buffer,
  secrets: Secrets,
  headers: Record<string, string> = {},
  options: SignOptions = {},
): Record<string, string> {
  const id = options.deliveryId ?? randomUUID();
  const out: Record<string, string> = { 'content-type': 'application/json', ...headers };
  switch (source) {
    case 'generic':
      out.authorization = `Bearer ${secrets.api}`;
      break;
    case 'github':
      out['x-github-delivery'] = id;
      out['x-hub-signature-256'] = githubSignature(body, secrets.github);
      break;
    case 'gitlab': {
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      out['x-gitlab-token'] = secrets.gitlabToken;
      out['idempotency-key'] = id;
      out['webhook-id'] = id;
      out['webhook-timestamp'] = String(timestamp);
      out['webhook-signature'] = standardWebhookSignature(gitlabKey(secrets), id, timestamp, body);
      break;
    }
    case 'pagerduty':
      out['x-webhook-id'] = id;
      out['x-pagerduty-signature'] = pagerDutySignature(body, secrets.pagerduty);
      break;
    case 'alertmanager':
      out.authorization = `Bearer ${secrets.alertmanager}`;
      break;
    case 'cdevents':
      out.authorization = `Bearer ${secrets.cdevents}`;
      break;
  }
  return out;
}

export interface Answer {
  status: number;
  text: string;
  json: any;
}

/** Sends one request and reads the whole answer; a connection failure rejects. */
export async function send(base: string, request: HttpRequest): Promise<Answer> {
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
