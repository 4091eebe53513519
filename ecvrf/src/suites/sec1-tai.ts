import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import type { CHash } from '@noble/hashes/utils.js';
import type { CipherSuite, KeyPair, Suite } from '../cipher-suite.js';
import { rfc6979Nonce } from '../nonce/rfc6979.js';

type Point = WeierstrassPoint<bigint>;

/**
 * The TAI ciphersuite shape of ECVRF-P256-SHA256-TAI (RFC 9381 §5.5) for a prime-order short
 * Weierstrass curve with 32-byte field and order: SEC1 compressed points (ptLen 33), big-endian
 * integers (I2OSP/OS2IP), cLen 16, qLen 32, RFC 6979 nonces, the secret key is the scalar itself
 * and interpret_hash_value_as_a_point(s) = string_to_point(0x02 || s).
 */
export function sec1TaiSuite(
  name: Suite,
  suiteOctet: number,
  PointCons: WeierstrassPointCons<bigint>,
  hash: CHash,
): CipherSuite<Point> {
  const q = PointCons.Fn.ORDER;
  const fLen = PointCons.Fp.BYTES;
  const ptLen = fLen + 1;
  const base = PointCons.BASE;

  const stringToPoint = (bytes: Uint8Array): Point | null => {
    // SEC1 §2.3.4 would also take the 65-byte uncompressed form and 0x00 (infinity); neither is ptLen octets.
    if (bytes.length !== ptLen || (bytes[0] !== 0x02 && bytes[0] !== 0x03)) return null;
    try {
      return PointCons.fromBytes(bytes); // rejects x >= p and x with no square root of x^3 + ax + b
    } catch {
      return null;
    }
  };

  return {
    name,
    suiteString: Uint8Array.of(suiteOctet),
    ptLen,
    cLen: 16,
    qLen: 32,
    q,
    cofactor: 1n,
    base,
    hash,
    intToString: numberToBytesBE,
    stringToInt: bytesToNumberBE,
    pointToString: (point) => (point.is0() ? null : point.toBytes(true)),
    stringToPoint,
    interpretHashValueAsPoint: (s) => stringToPoint(Uint8Array.of(0x02, ...s)),
    isIdentity: (point) => point.is0(),
    mulByCofactor: (point) => point,
    mulSecret: (point, scalar) => (scalar === 0n ? PointCons.ZERO : point.multiply(scalar)),
    mulSubPublic: (s, p, c, qPoint) => p.mulAddUnsafe(s, qPoint, PointCons.Fn.neg(c)),
    expandSecretKey(secretKey): KeyPair<Point> {
      if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
        throw new TypeError(`${name}: the secret key must be a 32-byte Uint8Array`);
      }
      const x = bytesToNumberBE(secretKey);
      if (x < 1n || x >= q) throw new TypeError(`${name}: the secret key must be a scalar in [1, n-1]`);
      const Y = base.multiply(x);
      return {
        x,
        Y,
        publicKey: Y.toBytes(true),
        nonce: (hString) => rfc6979Nonce(hash, q, x, hString),
      };
    },
  };
}
