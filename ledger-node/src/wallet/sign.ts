import { hash160 } from '../crypto/hash.js';
import { publicKeyFromPrivate, signEcdsaDer } from '../crypto/secp256k1.js';
import { PrecomputedTransactionData, SIGHASH_ALL, witnessV0SignatureHash } from '../script/sighash.js';
import { scriptForP2PKH } from '../script/standard.js';
import { concatBytes } from '../wire/bytes.js';
import type { Transaction, TxOut } from '../wire/tx.js';

/**
 * Signs input `nIn` of `tx` as a P2WPKH spend of `spent` (BIP143, SIGHASH_ALL): sets its witness to
 * [signature || hash type, public key] and empties its scriptSig.
 */
export function signP2wpkhInput(
  tx: Transaction,
  nIn: number,
  spent: TxOut,
  privateKey: Uint8Array,
  txdata = new PrecomputedTransactionData(tx),
): void {
  const publicKey = publicKeyFromPrivate(privateKey, true);
  // BIP143: the scriptCode of a P2WPKH input is the P2PKH script of the same key hash.
  const scriptCode = scriptForP2PKH(hash160(publicKey));
  const sighash = witnessV0SignatureHash(scriptCode, tx, nIn, SIGHASH_ALL, spent.value, txdata);
  const input = tx.inputs[nIn]!;
  input.scriptSig = new Uint8Array(0);
  input.witness = [concatBytes(signEcdsaDer(sighash, privateKey), Uint8Array.of(SIGHASH_ALL)), publicKey];
}
