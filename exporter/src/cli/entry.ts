// Entry point of the esbuild bundle (dist/dora-guarantee.js).
import { run } from './main';

run();
