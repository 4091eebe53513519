import { describe, expect, it } from 'vitest';
import { hash160 } from '../../src/crypto/hash.js';
import {
  isNativeSecp256k1Available,
  publicKeyFromPrivate,
  setSecp256k1Backend,
  signEcdsaDer,
} from '../../src/crypto/secp256k1.js';
import { CONSENSUS_SCRIPT_VERIFY_FLAGS, STANDARD_SCRIPT_VERIFY_FLAGS } from '../../src/script/flags.js';
import { verifyInput } from '../../src/script/interpreter.js';
import {
  legacySignatureHash,
  PrecomputedTransactionData,
  SIGHASH_ALL,
  witnessV0SignatureHash,
} from '../../src/script/sighash.js';
import { scriptForP2PKH, scriptForP2WPKH } from '../../src/script/standard.js';
import { concatBytes, fromHex, toHex } from '../../src/wire/bytes.js';
import { decodeTx } from '../../src/wire/tx.js';

// The examples of BIP143 itself ("Native P2WPKH" and "P2SH-P2WPKH").
const NATIVE_TX =
  '0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000';
const NATIVE_KEY = '619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9';
const NATIVE_PUB = '025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357';
const NATIVE_SIG =
  '304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee';
const NESTED_TX =
  '0100000001db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a54770100000000feffffff02b8b4eb0b000000001976a914a457b684d7f0d539a46a45bbc043f35b59d0d96388ac0008af2f000000001976a914fd270b1ee6abcaea97fea7ad0402e8bd8ad6d77c88ac92040000';

describe('BIP143 signature hash', () => {
  it('reproduces the native P2WPKH example, with and without the precomputed hashes', () => {
    const tx = decodeTx(fromHex(NATIVE_TX));
    const scriptCode = fromHex('76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac');
    const want = 'c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670';
    expect(toHex(witnessV0SignatureHash(scriptCode, tx, 1, SIGHASH_ALL, 600_000_000n))).toBe(want);
    const cache = new PrecomputedTransactionData(tx);
    expect(toHex(witnessV0SignatureHash(scriptCode, tx, 1, SIGHASH_ALL, 600_000_000n, cache))).toBe(want);
    // The amount is committed to, unlike the legacy hash.
    expect(toHex(witnessV0SignatureHash(scriptCode, tx, 1, SIGHASH_ALL, 600_000_001n, cache))).not.toBe(want);
  });

  it('reproduces the P2SH-P2WPKH example', () => {
    const tx = decodeTx(fromHex(NESTED_TX));
    const scriptCode = fromHex('76a91479091972186c449eb1ded22b78e40d009bdf008988ac');
    expect(toHex(witnessV0SignatureHash(scriptCode, tx, 0, SIGHASH_ALL, 1_000_000_000n))).toBe(
      '64f3b0f4dd2bb3aa1ce8566d220cc74dda9df97d8490cc81d89d735c92e59fb6',
    );
  });

  it('signs the native example exactly as the BIP (RFC 6979) and the spend verifies on both backends', () => {
    const tx = decodeTx(fromHex(NATIVE_TX));
    const key = fromHex(NATIVE_KEY);
    const pub = publicKeyFromPrivate(key);
    expect(toHex(pub)).toBe(NATIVE_PUB);
    const scriptCode = scriptForP2PKH(hash160(pub));
    const hash = witnessV0SignatureHash(scriptCode, tx, 1, SIGHASH_ALL, 600_000_000n);
    const der = signEcdsaDer(hash, key);
    expect(toHex(der)).toBe(NATIVE_SIG);

    tx.inputs[1]!.witness = [concatBytes(der, Uint8Array.of(SIGHASH_ALL)), pub];
    const spent = { value: 600_000_000n, scriptPubKey: scriptForP2WPKH(hash160(pub)) };
    for (const backend of isNativeSecp256k1Available()
      ? (['native', 'noble'] as const)
      : (['noble'] as const)) {
      setSecp256k1Backend(backend);
      expect(verifyInput(tx, 1, spent, STANDARD_SCRIPT_VERIFY_FLAGS)).toBe('OK');
      expect(verifyInput(tx, 1, { ...spent, value: 600_000_001n }, CONSENSUS_SCRIPT_VERIFY_FLAGS)).toBe(
        'EVAL_FALSE',
      );
    }
    setSecp256k1Backend(isNativeSecp256k1Available() ? 'native' : 'noble');
  });

  it('legacy SIGHASH_SINGLE without a matching output signs the constant one', () => {
    const tx = decodeTx(fromHex(NESTED_TX));
    tx.outputs.length = 0;
    tx.outputs.push({ value: 1n, scriptPubKey: new Uint8Array(0) });
    tx.inputs.push({ ...tx.inputs[0]!, prevout: { txid: new Uint8Array(32).fill(9), vout: 0 } });
    const one = legacySignatureHash(new Uint8Array(0), tx, 1, 3);
    expect(toHex(one)).toBe(`01${'00'.repeat(31)}`);
    expect(toHex(legacySignatureHash(new Uint8Array(0), tx, 0, 3))).not.toBe(toHex(one));
  });
});
