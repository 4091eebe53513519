import { createCipheriv } from 'node:crypto';
import { sha256 } from '../crypto/hash.js';

/**
 * MuHash3072, as Bitcoin Core's crypto/muhash: a multiset hash. Each element maps to a number modulo
 * the prime 2^3072 - 1103717 (ChaCha20 keystream keyed with the element's SHA-256); the set's value
 * is the product of its elements' numbers, so it is independent of order and an element is removed
 * by dividing. The digest is SHA-256 of the 384-byte little-endian product.
 */

const BITS = 3072n;
const BYTES = 384;
const C = 1103717n;
const MASK = (1n << BITS) - 1n;
export const MUHASH_PRIME = (1n << BITS) - C;
const ZEROS = new Uint8Array(BYTES);
const ZERO_IV = new Uint8Array(16);

/** Reduces a product of two reduced numbers: 2^3072 ≡ C, so the high part folds down times C. */
function reduce(x: bigint): bigint {
  while (x > MASK) x = (x & MASK) + (x >> BITS) * C;
  return x >= MUHASH_PRIME ? x - MUHASH_PRIME : x;
}

function mulMod(a: bigint, b: bigint): bigint {
  return reduce(a * b);
}

function powMod(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = reduce(base);
  while (exp > 0n) {
    if (exp & 1n) result = mulMod(result, b);
    b = mulMod(b, b);
    exp >>= 1n;
  }
  return result;
}

function fromLE(bytes: Uint8Array): bigint {
  const hex = Buffer.from(bytes).reverse().toString('hex');
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

function toLE(n: bigint, size: number): Uint8Array {
  const hex = n.toString(16).padStart(size * 2, '0');
  return Uint8Array.from(Buffer.from(hex, 'hex').reverse());
}

/** ToNum3072: 384 bytes of ChaCha20 keystream (key SHA-256(data), nonce 0, counter 0), little-endian. */
export function muhashElement(data: Uint8Array): bigint {
  // OpenSSL's chacha20 takes a 16-byte IV: 32-bit block counter then 96-bit nonce, both zero here.
  const stream = createCipheriv('chacha20', sha256(data), ZERO_IV).update(ZEROS);
  return fromLE(stream);
}

export class MuHash3072 {
  private numerator = 1n;
  private denominator = 1n;

  insert(data: Uint8Array): this {
    this.numerator = mulMod(this.numerator, muhashElement(data));
    return this;
  }

  remove(data: Uint8Array): this {
    this.denominator = mulMod(this.denominator, muhashElement(data));
    return this;
  }

  /** Multiset union (Core's operator*=). */
  combine(other: MuHash3072): this {
    this.numerator = mulMod(this.numerator, other.numerator);
    this.denominator = mulMod(this.denominator, other.denominator);
    return this;
  }

  /** Multiset difference (Core's operator/=). */
  divide(other: MuHash3072): this {
    this.numerator = mulMod(this.numerator, other.denominator);
    this.denominator = mulMod(this.denominator, other.numerator);
    return this;
  }

  /** The state as Core serializes it: numerator then denominator, 384 bytes each, little-endian. */
  serialize(): Uint8Array {
    const out = new Uint8Array(2 * BYTES);
    out.set(toLE(this.numerator, BYTES), 0);
    out.set(toLE(this.denominator, BYTES), BYTES);
    return out;
  }

  static deserialize(bytes: Uint8Array): MuHash3072 {
    if (bytes.length !== 2 * BYTES) throw new TypeError('a MuHash3072 state is 768 bytes');
    const m = new MuHash3072();
    // Core accepts unreduced limbs; reducing here gives the same residues.
    m.numerator = reduce(fromLE(bytes.subarray(0, BYTES)));
    m.denominator = reduce(fromLE(bytes.subarray(BYTES)));
    return m;
  }

  /** SHA-256 of numerator / denominator (mod p), 384 bytes little-endian; internal byte order. */
  digest(): Uint8Array {
    const inverse = powMod(this.denominator, MUHASH_PRIME - 2n);
    return sha256(toLE(mulMod(this.numerator, inverse), BYTES));
  }
}
