/**
 * A second, deliberately plain computation of the SEC1 TAI ECVRF (RFC 9381 §5 with SEC1 compressed
 * points, SHA-256, RFC 6979, cLen 16, qLen 32), written straight from the RFC with @noble/curves
 * point arithmetic and @noble/hashes, sharing no code with src/. The tests check it against the
 * RFC's P-256 examples (suite 0x01) and then use it to re-derive the secp256k1 (0xFE) vectors.
 */
import type { WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';

export interface Computed {
  pk: string;
  ctr: number;
  H: string;
  k: string;
  U: string;
  V: string;
  gamma: string;
  c: string;
  s: string;
  pi: string;
  beta: string;
}

const hexInt = (n: bigint, bytes: number) => n.toString(16).padStart(bytes * 2, '0');
const int = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt(`0x${bytesToHex(b)}`));

/** RFC 6979 §3.2 for a 256-bit q with SHA-256 (so bits2int is plain big-endian decoding). */
function rfc6979k(q: bigint, x: bigint, m: Uint8Array): bigint {
  const h1 = int(sha256(m)) % q;
  const xm = concatBytes(hexToBytes(hexInt(x, 32)), hexToBytes(hexInt(h1, 32)));
  let V = new Uint8Array(32).fill(1);
  let K = new Uint8Array(32).fill(0);
  K = hmac(sha256, K, concatBytes(V, Uint8Array.of(0), xm));
  V = hmac(sha256, K, V);
  K = hmac(sha256, K, concatBytes(V, Uint8Array.of(1), xm));
  V = hmac(sha256, K, V);
  for (;;) {
    V = hmac(sha256, K, V);
    const k = int(V);
    if (k > 0n && k < q) return k;
    K = hmac(sha256, K, concatBytes(V, Uint8Array.of(0)));
    V = hmac(sha256, K, V);
  }
}

export function computeSec1Tai(
  Point: WeierstrassPointCons<bigint>,
  suiteOctet: number,
  skHex: string,
  alphaHex: string,
): Computed {
  const q = Point.Fn.ORDER;
  const x = BigInt(`0x${skHex}`);
  const enc = (p: InstanceType<typeof Point>) => bytesToHex(p.toBytes(true));
  const Y = Point.BASE.multiply(x);
  const pk = enc(Y);
  const suite = suiteOctet.toString(16).padStart(2, '0');

  // encode_to_curve_try_and_increment: Hash(suite || 01 || PK || alpha || ctr || 00), point 02 || hash
  let ctr = 0;
  let H: InstanceType<typeof Point> | undefined;
  for (; H === undefined; ctr++) {
    const digest = sha256(hexToBytes(`${suite}01${pk}${alphaHex}${hexInt(BigInt(ctr), 1)}00`));
    try {
      H = Point.fromHex(`02${bytesToHex(digest)}`);
    } catch {
      H = undefined;
    }
  }
  ctr -= 1;

  const k = rfc6979k(q, x, H.toBytes(true));
  const gamma = H.multiply(x);
  const U = Point.BASE.multiply(k);
  const V = H.multiply(k);
  const cHash = sha256(hexToBytes(`${suite}02${pk}${enc(H)}${enc(gamma)}${enc(U)}${enc(V)}00`));
  const c = int(cHash.subarray(0, 16));
  const s = (k + c * x) % q;
  const pi = `${enc(gamma)}${hexInt(c, 16)}${hexInt(s, 32)}`;
  const beta = bytesToHex(sha256(hexToBytes(`${suite}03${enc(gamma)}00`)));
  return {
    pk,
    ctr,
    H: enc(H),
    k: hexInt(k, 32),
    U: enc(U),
    V: enc(V),
    gamma: enc(gamma),
    c: hexInt(c, 16),
    s: hexInt(s, 32),
    pi,
    beta,
  };
}
