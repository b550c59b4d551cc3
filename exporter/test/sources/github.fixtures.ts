import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A recorded GitHub payload from test/fixtures/github (see its README for where each one comes from). */
export function githubFixture(name: string): any {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'github', `${name}.json`), 'utf8'));
}

/** A recorded payload with documented fields changed, e.g. a merged pull request from the closed one. */
export function githubVariant(name: string, change: (payload: any) => void): any {
  const payload = githubFixture(name);
  change(payload);
  return payload;
}
