// Bundles the exporter for the Docker image: our TypeScript (exporter + the scoring workspace) is compiled in,
// every npm dependency stays an external require so that native (better-sqlite3) and instrumented (express, http)
// modules load as themselves.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${root}src/cli/entry.ts`],
  outfile: `${root}dist/dora-guarantee.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'info',
  plugins: [
    {
      name: 'external-npm-dependencies',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@dora-guarantee/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
