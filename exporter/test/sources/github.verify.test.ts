import { createHmac } from 'node:crypto';
import { verifyGithub } from '../../src/sources/github/verify';

const request = (body: string, headers: Record<string, string>) => ({
  headers,
  body: Buffer.from(body),
  contentType: 'application/json',
});

describe('verifyGithub', () => {
  // GitHub's documented test vector (validating-webhook-deliveries).
  const secret = "It's a Secret to Everybody";
  const documented = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it("accepts GitHub's documented test vector", async () => {
    await expect(
      verifyGithub(request('Hello, World!', { 'x-hub-signature-256': documented }), secret),
    ).resolves.toEqual({
      ok: true,
    });
  });

  it('refuses the same signature for another body or another secret', async () => {
    const forged = await verifyGithub(request('Hello, World?', { 'x-hub-signature-256': documented }), secret);
    expect(forged).toMatchObject({ ok: false, reason: 'invalid' });
    const otherSecret = await verifyGithub(request('Hello, World!', { 'x-hub-signature-256': documented }), 'other');
    expect(otherSecret).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('treats a missing signature, or only the legacy SHA-1 one, as missing', async () => {
    await expect(verifyGithub(request('{}', {}), secret)).resolves.toMatchObject({ ok: false, reason: 'missing' });
    const sha1 = `sha1=${createHmac('sha1', secret).update('{}').digest('hex')}`;
    await expect(verifyGithub(request('{}', { 'x-hub-signature': sha1 }), secret)).resolves.toMatchObject({
      ok: false,
      reason: 'missing',
    });
  });

  it('refuses malformed signatures and empty bodies without throwing', async () => {
    for (const header of ['sha256=abc', 'sha512=' + 'a'.repeat(64), documented.toUpperCase(), `${documented} `]) {
      await expect(
        verifyGithub(request('Hello, World!', { 'x-hub-signature-256': header }), secret),
      ).resolves.toMatchObject({ ok: false, reason: 'invalid' });
    }
    const empty = `sha256=${createHmac('sha256', secret).update('').digest('hex')}`;
    await expect(verifyGithub(request('', { 'x-hub-signature-256': empty }), secret)).resolves.toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('never puts the secret in its messages', async () => {
    const verdict = await verifyGithub(request('{}', { 'x-hub-signature-256': documented }), secret);
    expect(JSON.stringify(verdict)).not.toContain(secret);
  });
});
