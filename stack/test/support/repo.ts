import path from 'node:path';

/** The repository root: every stack file is addressed from here, as docker-compose.yml addresses them. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}
