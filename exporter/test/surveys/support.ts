import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildConfig } from '../../src/config/load';
import { type RunningExporter, startExporter } from '../../src/exporter';

export const API_TOKEN = 'survey-test-token-0123456789';
export const SALT = 'survey-test-salt';

/** Three teams on one calendar: sprint 0 is 2026-06-01..15, sprint 1 2026-06-15..29. */
export function surveyConfig(surveys: Record<string, unknown> = { salt: { env: 'SURVEY_SALT' } }) {
  return {
    calendar: { firstSprintStart: '2026-06-01', sprintLengthDays: 14 },
    teams: [
      { name: 'atlas', services: ['checkout'] },
      { name: 'borealis', services: ['payments'] },
      { name: 'cosmos', services: ['search'] },
    ],
    api: { tokens: [{ env: 'TEST_API_TOKEN' }] },
    surveys,
  };
}

export interface SurveyExporter {
  exporter: RunningExporter;
  dataDir: string;
  /** Every log line the exporter wrote, at debug level and above. */
  logs: string[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  get(path: string): Promise<{ status: number; text: string }>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A real exporter on a free port whose logs are kept, so tests can search them for what must never appear. */
export async function startSurveyExporter(document: Record<string, unknown>, now: number): Promise<SurveyExporter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dora-surveys-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const start = () =>
    startExporter({
      config: buildConfig(document, { TEST_API_TOKEN: API_TOKEN, SURVEY_SALT: SALT }),
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logger: pino({ level: 'debug' }, sink),
      now: () => now,
    });
  let exporter = await start();
  const url = (path: string) => `http://127.0.0.1:${exporter.port}${path}`;
  return {
    get exporter() {
      return exporter;
    },
    dataDir,
    logs,
    async post(path, body, headers = {}) {
      const res = await fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    async get(path) {
      const res = await fetch(url(path));
      return { status: res.status, text: await res.text() };
    },
    async restart() {
      await exporter.close();
      exporter = await start();
    },
    async close() {
      await exporter.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
