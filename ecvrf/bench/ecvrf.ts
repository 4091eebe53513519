// Throughput of prove and verify per suite, each next to a plain variable-base scalar
// multiplication on the same curve measured in the same run, so the ratio survives a change of
// machine. Run with `npm run bench -w @funai/ecvrf`; writes bench-results/ecvrf.json.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Figure, writeBenchReport } from '../../tools/bench-report.mjs';
import { prove, publicKey, type Suite, verify } from '../dist/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = 4;

/**
 * Operations per second of each op, measured in interleaved rounds (about SECONDS per op in all)
 * so that a change in machine load during the run hits an op and its baseline alike.
 */
function rates(ops: ((i: number) => unknown)[]): number[] {
  const count = ops.map(() => 0);
  const time = ops.map(() => 0);
  for (const op of ops) for (let i = 0; i < 10; i++) op(i); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    ops.forEach((op, k) => {
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < (SECONDS * 1000) / ROUNDS) {
        for (let j = 0; j < 5; j++) op(count[k]!++);
        elapsed = performance.now() - start;
      }
      time[k]! += elapsed;
    });
  }
  return count.map((n, k) => (n * 1000) / time[k]!);
}

// 32-byte derived values, like the election seeds the chain feeds the VRF
const seed = (label: string, i: number) => sha256(new TextEncoder().encode(`${label}/${i}`));

const curves = [
  { suite: 'P256_SHA256_TAI', curve: 'p256', Point: p256.Point },
  { suite: 'SECP256K1_SHA256_TAI', curve: 'secp256k1', Point: secp256k1.Point },
  { suite: 'EDWARDS25519_SHA512_TAI', curve: 'edwards25519', Point: ed25519.Point },
] as const satisfies readonly { suite: Suite; curve: string; Point: unknown }[];

const figures: Figure[] = [];
for (const { suite, curve, Point } of curves) {
  const n = Point.Fn.ORDER;
  const scalarOf = (i: number) =>
    (BigInt(`0x${Buffer.from(seed('scalar', i)).toString('hex')}`) % (n - 1n)) + 1n;
  // A point other than the base, so no precomputed tables apply: the variable-base case H and Y are in.
  const P = Point.BASE.multiply(scalarOf(-1));
  const scalars = Array.from({ length: 256 }, (_, i) => scalarOf(i));

  const sk = seed(`key ${suite}`, 0); // below n for both 256-bit Weierstrass orders, with overwhelming odds
  const pk = publicKey(suite, sk);
  const alphas = Array.from({ length: 256 }, (_, i) => seed('alpha', i));
  const proofs = alphas.map((a) => prove(suite, sk, a));
  const [scalarMult = 0, proveRate = 0, verifyRate = 0] = rates([
    (i) => P.multiply(scalars[i % scalars.length]!),
    (i) => prove(suite, sk, alphas[i % alphas.length]!),
    (i) => {
      const k = i % alphas.length;
      if (verify(suite, pk, proofs[k]!, alphas[k]!) === null) throw new Error(`${suite}: proof ${k} failed`);
    },
  ]);

  const baseline = `scalarmult-${curve}`;
  figures.push({ name: baseline, value: Math.round(scalarMult), unit: 'ops/s' });
  figures.push({
    name: `prove-${suite}`,
    value: Math.round(proveRate),
    unit: 'ops/s',
    baseline,
    baselineValue: Math.round(scalarMult),
  });
  figures.push({
    name: `verify-${suite}`,
    value: Math.round(verifyRate),
    unit: 'ops/s',
    baseline,
    baselineValue: Math.round(scalarMult),
  });
}

writeBenchReport('ecvrf', figures);
