#!/usr/bin/env node
// In a checkout the CLI runs straight from the TypeScript sources (no build step to forget); the Docker image
// runs the esbuild bundle (dist/dora-guarantee.js) instead.
require('tsx/cjs');
require('../src/cli/main.ts').run();
