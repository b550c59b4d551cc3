/**
 * Bundles the harness, serves it beside dist/ on 127.0.0.1 and opens Debian's Chromium through playwright-core:
 * shared by the browser test and the benchmark.
 */
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { type Server, createServer } from 'http';
import { tmpdir } from 'os';
import { extname, join, normalize } from 'path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PLUGIN = join(__dirname, '..', '..');

/** Flags for a root, network-isolated runner: no sandbox, and none of Chromium's own outgoing connections. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether to run; under CI a missing browser is a failure, elsewhere a loud skip. */
export function chromiumOrSkip(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${what}: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') {
    console.error(`FAIL ${message}; CI must run the browser test.`);
    process.exit(1);
  }
  console.warn(`\n*** SKIPPED ${message} ***\n`);
  return false;
}

/** Bundles into a temporary folder: generated code never lands in the tree that lint and prettier walk. */
export async function bundleHarness(www: string): Promise<void> {
  await build({
    entryPoints: { harness: join(__dirname, 'harness.tsx') },
    outdir: www,
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    minify: process.env.HARNESS_MINIFY !== '0',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'text', '.woff': 'file', '.woff2': 'file', '.ttf': 'file' },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Serves `/dist/*` from the build and everything else from the harness folder. */
export function serve(www: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    const file =
      path === '/' ? join(__dirname, 'index.html') : path.startsWith('/dist/') ? join(PLUGIN, path) : join(www, path);
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    }),
  );
}

export interface Session {
  context: BrowserContext;
  url: string;
  close(): Promise<void>;
}

export async function open(): Promise<Session> {
  if (!existsSync(join(PLUGIN, 'dist', 'module.js'))) {
    throw new Error('dist/module.js is missing: run `npm run build -w grafana-plugin` first');
  }
  const www = mkdtempSync(join(tmpdir(), 'sprintscore-harness-'));
  await bundleHarness(www);
  const { server, url } = await serve(www);
  const profile = mkdtempSync(join(tmpdir(), 'sprintscore-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    url,
    async close() {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(www, { recursive: true, force: true });
    },
  };
}
