import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../../src/config/load';
import { type RunningExporter, startExporter } from '../../src/exporter';
import { type Logger, createLogger } from '../../src/logger';

export const API_TOKEN = 'test-api-token-0123456789';

/** A minimal valid configuration document; tests override what they exercise. */
export function baseConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
    teams: [{ name: 'squad', services: ['checkout', 'payments', 'search'] }],
    api: { tokens: [{ env: 'TEST_API_TOKEN' }] },
    ...overrides,
  };
}

export interface TestExporter {
  url: string;
  dataDir: string;
  exporter: RunningExporter;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  scrape(): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a real exporter on a free port with a fresh SQLite file, as `serve` would. */
export async function startTestExporter(
  document: Record<string, unknown>,
  options: { now?: () => number; env?: Record<string, string>; dataDir?: string; logger?: Logger } = {},
): Promise<TestExporter> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dora-test-'));
  const env = { TEST_API_TOKEN: API_TOKEN, ...options.env };
  const start = () =>
    startExporter({
      config: buildConfig(document, env),
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logger: options.logger ?? createLogger('silent'),
      ...(options.now && { now: options.now }),
    });
  let exporter = await start();
  const url = () => `http://127.0.0.1:${exporter.port}`;
  const handle: TestExporter = {
    get url() {
      return url();
    },
    dataDir,
    get exporter() {
      return exporter;
    },
    async post(path, body, headers = {}) {
      const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const res = await fetch(`${url()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}`, ...headers },
        body: raw,
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
    async get(path, headers = {}) {
      const res = await fetch(`${url()}${path}`, { headers });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    },
    async scrape() {
      const res = await fetch(`${url()}/metrics`);
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      return res.text();
    },
    async restart() {
      await exporter.close();
      exporter = await start();
    },
    async close() {
      await exporter.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
