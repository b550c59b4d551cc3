import { createHmac } from 'node:crypto';
import { verifyGitlab } from '../../src/sources/gitlab/verify';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const NOW = Date.parse('2026-06-01T10:00:00Z');
const TS = String(NOW / 1000);
const BODY = '{"object_kind":"pipeline"}';

const signed = (id: string, ts: string, body: string, key = KEY) =>
  `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;

const request = (headers: Record<string, string>, body = BODY) => ({
  headers,
  body: Buffer.from(body),
  contentType: 'application/json',
});

describe('verifyGitlab with a secret token', () => {
  it('accepts the configured token and refuses others', () => {
    expect(verifyGitlab(request({ 'x-gitlab-token': 's3cret' }), { token: 's3cret' })).toEqual({ ok: true });
    expect(verifyGitlab(request({ 'x-gitlab-token': 's3cret!' }), { token: 's3cret' })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(verifyGitlab(request({}), { token: 's3cret' })).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('authenticates nobody when no secret is configured', () => {
    expect(verifyGitlab(request({ 'x-gitlab-token': '' }), {})).toMatchObject({ ok: false });
  });
});

describe('verifyGitlab with a signing token (Standard Webhooks)', () => {
  const id = 'e8d4b0b2-b3b5-4e0c-9d7f-2c2f3e6d1a10';
  const headers = (overrides: Record<string, string> = {}) => ({
    'webhook-id': id,
    'webhook-timestamp': TS,
    'webhook-signature': signed(id, TS, BODY),
    ...overrides,
  });

  it('accepts a signature over id.timestamp.body', () => {
    expect(verifyGitlab(request(headers()), { signingKey: KEY }, NOW)).toEqual({ ok: true });
  });

  it('accepts any matching entry of a space-separated list (rotation)', () => {
    const list = `v1,${Buffer.alloc(32).toString('base64')} v1a,abc ${signed(id, TS, BODY)}`;
    expect(verifyGitlab(request(headers({ 'webhook-signature': list })), { signingKey: KEY }, NOW)).toEqual({
      ok: true,
    });
  });

  it('refuses a signature made with another key, over another id, or over another body', () => {
    const other = Buffer.from('fedcba9876543210fedcba9876543210');
    for (const signature of [signed(id, TS, BODY, other), signed('other-id', TS, BODY), signed(id, TS, '{}')]) {
      expect(
        verifyGitlab(request(headers({ 'webhook-signature': signature })), { signingKey: KEY }, NOW),
      ).toMatchObject({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses timestamps more than five minutes away, in either direction, as stale', () => {
    for (const offset of [-301, 301]) {
      const ts = String(NOW / 1000 + offset);
      const verdict = verifyGitlab(
        request(headers({ 'webhook-timestamp': ts, 'webhook-signature': signed(id, ts, BODY) })),
        { signingKey: KEY },
        NOW,
      );
      expect(verdict).toMatchObject({ ok: false, reason: 'stale' });
    }
    const ts = String(NOW / 1000 - 299);
    expect(
      verifyGitlab(
        request(headers({ 'webhook-timestamp': ts, 'webhook-signature': signed(id, ts, BODY) })),
        { signingKey: KEY },
        NOW,
      ),
    ).toEqual({ ok: true });
  });

  it('names the missing headers and refuses a malformed timestamp', () => {
    const { 'webhook-signature': _s, ...unsigned } = headers();
    expect(verifyGitlab(request(unsigned), { signingKey: KEY }, NOW)).toEqual({
      ok: false,
      reason: 'missing',
      message: 'missing webhook-signature header; set the signing token on the GitLab webhook',
    });
    expect(
      verifyGitlab(request(headers({ 'webhook-timestamp': '2026-06-01T10:00:00Z' })), { signingKey: KEY }, NOW),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('requires both when both are configured', () => {
    const secrets = { token: 's3cret', signingKey: KEY };
    expect(verifyGitlab(request({ ...headers(), 'x-gitlab-token': 's3cret' }), secrets, NOW)).toEqual({ ok: true });
    expect(verifyGitlab(request(headers()), secrets, NOW)).toMatchObject({ ok: false, reason: 'missing' });
    expect(verifyGitlab(request({ 'x-gitlab-token': 's3cret' }), secrets, NOW)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
  });
});
