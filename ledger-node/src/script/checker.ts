import { verifyEcdsaDerLax } from '../crypto/secp256k1.js';
import type { Transaction } from '../wire/tx.js';
import { SEQUENCE_FINAL } from '../wire/tx.js';
import { LOCKTIME_THRESHOLD } from './limits.js';
import { type PrecomputedTransactionData, signatureHash } from './sighash.js';
import type { SigVersion } from './sigversion.js';

/** BIP68 nSequence bits. */
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00400000;
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;

/**
 * What the interpreter asks of the transaction being validated (Core's BaseSignatureChecker).
 * Keeping it an interface lets block validation batch, cache or move signature checks to worker
 * threads without the interpreter knowing.
 */
export interface SignatureChecker {
  /** `sig` is DER plus the sighash byte; `scriptCode` is the script the sighash commits to. */
  checkEcdsaSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    scriptCode: Uint8Array,
    sigversion: SigVersion,
  ): boolean;
  /** BIP65; `lockTime` is a non-negative script number of up to 5 bytes. */
  checkLockTime(lockTime: number): boolean;
  /** BIP112; `sequence` is a non-negative script number of up to 5 bytes. */
  checkSequence(sequence: number): boolean;
}

/** A checker with no transaction: every check fails (Core's BaseSignatureChecker). */
export const NO_SIGNATURE_CHECKER: SignatureChecker = {
  checkEcdsaSignature: () => false,
  checkLockTime: () => false,
  checkSequence: () => false,
};

/** Core's GenericTransactionSignatureChecker for input `nIn` of `tx`, spending `amount`. */
export class TransactionSignatureChecker implements SignatureChecker {
  constructor(
    readonly tx: Transaction,
    readonly nIn: number,
    readonly amount: bigint,
    readonly txdata?: PrecomputedTransactionData,
  ) {}

  checkEcdsaSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    scriptCode: Uint8Array,
    sigversion: SigVersion,
  ): boolean {
    if (sig.length === 0) return false;
    const hashType = sig[sig.length - 1]!;
    const hash = signatureHash(scriptCode, this.tx, this.nIn, hashType, this.amount, sigversion, this.txdata);
    return this.verifySignature(sig.subarray(0, sig.length - 1), pubkey, hash);
  }

  /** The ECDSA step alone (a subclass may cache or defer it). */
  protected verifySignature(der: Uint8Array, pubkey: Uint8Array, sighash: Uint8Array): boolean {
    return verifyEcdsaDerLax(der, sighash, pubkey);
  }

  checkLockTime(lockTime: number): boolean {
    const txLockTime = this.tx.locktime;
    // Heights and times are different units: both sides must use the same one.
    if (txLockTime < LOCKTIME_THRESHOLD !== lockTime < LOCKTIME_THRESHOLD) return false;
    if (lockTime > txLockTime) return false;
    // A final input would let the transaction skip nLockTime entirely (IsFinalTx), defeating CLTV.
    if (this.tx.inputs[this.nIn]!.sequence === SEQUENCE_FINAL) return false;
    return true;
  }

  checkSequence(sequence: number): boolean {
    const txSequence = this.tx.inputs[this.nIn]!.sequence;
    // BIP68 only applies from version 2 (compared as unsigned, as Core does).
    if (this.tx.version >>> 0 < 2) return false;
    if (txSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) return false;
    const mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
    const txMasked = txSequence & mask;
    // `sequence` may exceed 32 bits; `&` keeps its low 32 bits, which is all the mask looks at.
    const masked = sequence & mask;
    if (txMasked < SEQUENCE_LOCKTIME_TYPE_FLAG !== masked < SEQUENCE_LOCKTIME_TYPE_FLAG) return false;
    return masked <= txMasked;
  }
}
