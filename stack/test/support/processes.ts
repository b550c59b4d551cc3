import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoPath } from './repo';

/** A port the kernel just handed out; the window before the child binds it is small enough for tests. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dora-stack-${prefix}-`));
}

export interface Started {
  name: string;
  url: string;
  port: number;
  dir: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<Started>();

/** Stops every process this module started and is still running; call it from afterAll, which runs on failure too. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function startProcess(
  name: string,
  cmd: string,
  args: string[],
  dir: string,
  port: number,
  readyPath = '/-/ready',
  env?: Record<string, string>,
): Promise<Started> {
  const logFile = path.join(dir, `${name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Started = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    logFile,
    child,
    async stop() {
      running.delete(started);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Logs of a process that never became ready are in the error already (tail); STACK_KEEP_TMP=1 keeps them all.
      if (process.env.STACK_KEEP_TMP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(started);
  try {
    await waitReady(started, exited, readyPath);
  } catch (e) {
    await started.stop();
    throw e;
  }
  return started;
}

async function waitReady(p: Started, exited: Promise<void>, readyPath: string, timeoutMs = 30_000): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${p.name} exited before it was ready:\n${tail(p.logFile)}`);
    try {
      const res = await fetch(`${p.url}${readyPath}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${p.name} not ready after ${timeoutMs} ms:\n${tail(p.logFile)}`);
}

export interface PrometheusTargets {
  /** job_name → host:port; every job of prometheus.yml not named keeps its target. */
  jobs?: Record<string, string>;
  alertmanager?: string;
  /** Shortens scraping and rule evaluation so that a test does not wait 30 s per step. */
  interval?: string;
}

/**
 * The repository's prometheus.yml with its targets replaced: what the end-to-end test runs, so a change of job
 * names or of the config's shape breaks here first.
 */
export function rewritePrometheusConfig(text: string, targets: PrometheusTargets, selfAddress: string): string {
  const config = YAML.parse(text);
  const jobs = { prometheus: selfAddress, ...targets.jobs };
  for (const scrape of config.scrape_configs as Array<{ job_name: string; static_configs: { targets: string[] }[] }>) {
    const target = jobs[scrape.job_name as keyof typeof jobs];
    if (target !== undefined) scrape.static_configs = [{ targets: [target] }];
  }
  if (targets.alertmanager !== undefined) {
    config.alerting.alertmanagers = [{ static_configs: [{ targets: [targets.alertmanager] }] }];
  }
  if (targets.interval !== undefined) {
    config.global.scrape_interval = targets.interval;
    config.global.evaluation_interval = targets.interval;
    for (const scrape of config.scrape_configs as Array<Record<string, unknown>>) delete scrape.scrape_timeout;
  }
  return YAML.stringify(config);
}

export interface StartPrometheusOptions extends PrometheusTargets {
  /** Blocks to place in the TSDB before start (e.g. from `promtool tsdb create-blocks-from openmetrics`). */
  blocksFrom?: string;
}

/** Debian's prometheus on a free port, with the repository's config (targets rewritten) and rules, in a temp dir. */
export async function startPrometheus(bin: string, opts: StartPrometheusOptions = {}): Promise<Started> {
  const port = await freePort();
  const dir = tempDir('prometheus');
  fs.cpSync(repoPath('prometheus', 'rules'), path.join(dir, 'rules'), { recursive: true });
  const text = fs.readFileSync(repoPath('prometheus', 'prometheus.yml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), rewritePrometheusConfig(text, opts, `127.0.0.1:${port}`));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  if (opts.blocksFrom !== undefined) fs.cpSync(opts.blocksFrom, data, { recursive: true });
  return startProcess(
    'prometheus',
    bin,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      // Debian's default console paths may not exist in a minimal install; the tests need no consoles.
      `--web.console.templates=${dir}`,
      `--web.console.libraries=${dir}`,
    ],
    dir,
    port,
  );
}

export interface StartAlertmanagerOptions {
  /** Replaces every webhook receiver's URL, e.g. with a sink the test listens on. */
  webhookUrl?: string;
  /** Sets group_wait/group_interval to 1s on every route so that a test sees notifications without waiting 30 s. */
  fastGrouping?: boolean;
}

interface Route {
  group_wait?: string;
  group_interval?: string;
  routes?: Route[];
}

function speedUp(route: Route): void {
  route.group_wait = '1s';
  route.group_interval = '1s';
  for (const child of route.routes ?? []) speedUp(child);
}

/** Debian's prometheus-alertmanager on a free port with the repository's alertmanager.yml, clustering off. */
export async function startAlertmanager(bin: string, opts: StartAlertmanagerOptions = {}): Promise<Started> {
  const port = await freePort();
  const dir = tempDir('alertmanager');
  const config = YAML.parse(fs.readFileSync(repoPath('alertmanager', 'alertmanager.yml'), 'utf8'));
  if (opts.webhookUrl !== undefined) {
    for (const receiver of config.receivers as Array<{ webhook_configs?: { url: string }[] }>) {
      for (const hook of receiver.webhook_configs ?? []) hook.url = opts.webhookUrl;
    }
  }
  if (opts.fastGrouping === true) speedUp(config.route as Route);
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), YAML.stringify(config));
  return startProcess(
    'alertmanager',
    bin,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Without this Alertmanager binds the fixed gossip port 9094, which collides between parallel runs.
      '--cluster.listen-address=',
    ],
    dir,
    port,
  );
}

/** The repository's webhook sink (alertmanager/webhook-sink.mjs) on a free port: GET /notifications lists them. */
export async function startWebhookSink(): Promise<Started> {
  const port = await freePort();
  const dir = tempDir('sink');
  return startProcess(
    'webhook-sink',
    process.execPath,
    [repoPath('alertmanager', 'webhook-sink.mjs'), String(port)],
    dir,
    port,
    '/healthz',
  );
}

export interface StartedExporter extends Started {
  /** The exporter's --data directory (the demo writes its history and demo.json there on first start). */
  dataDir: string;
}

/**
 * The exporter's CLI as a user runs it: `serve` without --config runs the demo configuration and writes the demo
 * history into a fresh data directory (docs/demo.md). Ready when /readyz answers 200 (the store accepts writes).
 */
export async function startExporter(env: Record<string, string> = {}): Promise<StartedExporter> {
  const port = await freePort();
  const dir = tempDir('exporter');
  const dataDir = path.join(dir, 'data');
  const started = await startProcess(
    'exporter',
    process.execPath,
    [
      repoPath('exporter', 'bin', 'dora-guarantee.js'),
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--data',
      dataDir,
    ],
    dir,
    port,
    '/readyz',
    env,
  );
  return Object.assign(started, { dataDir });
}
