// One seeded fast-check configuration for every property test in the repository (vitest setupFiles).
// The seed is fixed so CI is repeatable; FC_SEED=<int> replays a failure, FC_SEED=random explores.
// fast-check prints the seed and path of any failing property in its error.
import fc from 'fast-check';

const env = process.env.FC_SEED;
const seed =
  env === 'random' ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : env ? Number(env) : 20261207;
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${env}`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
console.log(
  `fast-check seed ${seed}${env ? ` (FC_SEED=${env})` : ' (default; FC_SEED=<int>|random to change)'}`,
);
