import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bin a user runs; benchmarks and fault tests exercise the same process, not an in-process stand-in. */
export const BIN = join(__dirname, '..', '..', 'bin', 'dora-guarantee.js');

export interface ChildExporter {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** Resident set size from /proc, in bytes. */
  rss(): number;
  /** SIGTERM (graceful: the store is closed) and wait. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
}

/** The parent's environment without variables that would switch the exporter's demo or sources on. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DORA_')) env[k] = v;
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

/** Runs a CLI command to completion, capturing its output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `dora-guarantee serve --config FILE --data DIR --port 0` as a child process; resolves once its "exporter
 * listening" log line (which carries the port) is printed, rejects with the output if it exits first.
 */
export function startChild(options: {
  config: string;
  data: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<ChildExporter> {
  const args = ['serve', '--config', options.config, '--data', options.data, '--port', '0', '--host', '127.0.0.1'];
  return startListening([BIN, ...args], options.env, options.timeoutMs);
}

/**
 * Any node program that logs a JSON line `{"msg":"exporter listening","port":N}` once it accepts connections (the
 * exporter does; so does the benchmark's no-op floor server).
 */
export function startListening(argv: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildExporter> {
  const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.join(' ')} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let started = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (started) return;
      const line = output.split('\n').find((l) => l.includes('"exporter listening"'));
      if (!line) return;
      started = true;
      clearTimeout(timer);
      const port = (JSON.parse(line) as { port: number }).port;
      const alive = () => child.exitCode === null && child.signalCode === null;
      resolve({
        child,
        pid: child.pid as number,
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => output,
        exited,
        alive,
        rss: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
        },
        stop: async () => {
          if (alive()) child.kill('SIGTERM');
          await exited;
        },
        kill: async () => {
          if (alive()) child.kill('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${argv.join(' ')} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
