import { createHash, createHmac } from 'node:crypto';

/**
 * The key that dedupes a respondent: HMAC-SHA256 of the normalized identity under the configured salt. Without
 * the salt nobody holding the database can test a guessed e-mail address against it. Identities are compared
 * case- and space-insensitively because form tools differ in how they print e-mail addresses.
 */
export function respondentKey(salt: string, identity: string): string {
  const normalized = identity.trim().toLowerCase();
  return `id:${createHmac('sha256', salt).update(normalized).digest('hex')}`;
}

/**
 * A response without an identity counts as one person. Its key is a hash of the response itself, so sending the
 * same response (or importing the same file) twice stores it once. Two people giving identical answers at the
 * very same second are taken for one, an accepted rarity.
 */
export function anonymousKey(team: string, time: number, answers: Record<string, number>): string {
  const canonical = JSON.stringify([team, time, Object.entries(answers).sort(([a], [b]) => (a < b ? -1 : 1))]);
  return `anon:${createHash('sha256').update(canonical).digest('hex')}`;
}
