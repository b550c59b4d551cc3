import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRfc3339 } from '@dora-guarantee/scoring';

/**
 * The demo in a data directory is pinned by its seed and anchor, kept next to the store: the calendar is derived
 * from the anchor, so a restart days later must use the same one or the sprints would shift under the data.
 */
export const DEMO_ANCHOR_FILE = 'demo.json';

export interface DemoAnchor {
  seed: number;
  /** RFC 3339, whole seconds. */
  now: string;
}

export class DemoAnchorError extends Error {}

export function readDemoAnchor(dataDir: string): DemoAnchor | undefined {
  const path = join(dataDir, DEMO_ANCHOR_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DemoAnchorError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const v = value as Partial<DemoAnchor> | undefined;
  if (!v || !Number.isSafeInteger(v.seed) || typeof v.now !== 'string' || !isRfc3339(v.now)) {
    throw new DemoAnchorError(
      `${path} is not a demo anchor ({"seed": N, "now": RFC 3339}); delete the directory to start over`,
    );
  }
  return { seed: v.seed as number, now: v.now };
}

/** Written before the history, atomically, so an interrupted first start resumes with the same anchor. */
export function writeDemoAnchor(dataDir: string, anchor: DemoAnchor): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, DEMO_ANCHOR_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(anchor)}\n`);
  renameSync(`${path}.tmp`, path);
}
