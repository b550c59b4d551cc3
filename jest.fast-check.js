// Property tests draw the same cases on every run of a commit, so a red CI is a regression of that commit, never a
// new draw. FC_SEED=random explores fresh cases (fast-check prints the seed of a failure); FC_SEED=<n> replays one.
const fc = require('fast-check');

const seed = process.env.FC_SEED ?? '20261207';
if (seed !== 'random') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${JSON.stringify(seed)}`);
  fc.configureGlobal({ seed: Number(seed) });
}
