import { spawnSync } from 'node:child_process';

/**
 * Resolves a command on PATH. Outside CI a missing tool makes the caller skip loudly; under CI=true it throws, so the
 * test file fails instead of passing without having checked anything (.ci/run installs every tool).
 */
export function findTool(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const resolved = found.status === 0 ? found.stdout.trim() : '';
  if (resolved) return resolved;
  if (process.env.CI === 'true') {
    throw new Error(`${name} is not installed, and CI=true forbids skipping (install Debian's package)`);
  }
  console.warn(`SKIPPING tests that need ${name}: it is not installed (they fail under CI=true)`);
  return null;
}

/** `describe` when every tool is present, `describe.skip` otherwise (never under CI, where findTool throws). */
export function describeWithTools(tools: string[], name: string, fn: (paths: Record<string, string>) => void): void {
  const paths: Record<string, string> = {};
  let missing = false;
  for (const tool of tools) {
    const p = findTool(tool);
    if (p === null) missing = true;
    else paths[tool] = p;
  }
  (missing ? describe.skip : describe)(name, () => fn(paths));
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): RunResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
