import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A GitLab payload from test/fixtures/gitlab, transcribed from GitLab's webhook events documentation. */
export function gitlabFixture(name: string): any {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'gitlab', `${name}.json`), 'utf8'));
}

/** A documented payload with documented fields changed, e.g. a merge from the open merge request example. */
export function gitlabVariant(name: string, change: (payload: any) => void): any {
  const payload = gitlabFixture(name);
  change(payload);
  return payload;
}

/** The documented merge request example as GitLab sends it when the merge request is merged. */
export function mergedRequest(change: (payload: any) => void = () => {}): any {
  return gitlabVariant('merge_request.open', (p) => {
    p.object_attributes.action = 'merge';
    p.object_attributes.state = 'merged';
    p.object_attributes.state_id = 3;
    p.object_attributes.merge_commit_sha = '0b4bc9a49b562e85de7cc9e834518ea6828729b9';
    p.object_attributes.updated_at = '2013-12-04 09:10:11 UTC';
    change(p);
  });
}
