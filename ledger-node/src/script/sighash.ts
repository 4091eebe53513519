import { sha256d } from '../crypto/hash.js';
import type { Transaction } from '../wire/tx.js';
import { ByteWriter, compactSizeLength } from '../wire/writer.js';
import { OP_CODESEPARATOR } from './opcodes.js';
import { ScriptCursor } from './parse.js';
import { SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from './sighash-types.js';
import { SIGVERSION_WITNESS_V0, type SigVersion } from './sigversion.js';

export * from './sighash-types.js';

/** uint256 one, in internal byte order: the legacy "hash" of SIGHASH_SINGLE without a matching output. */
export const SIGHASH_ONE: Uint8Array = (() => {
  const h = new Uint8Array(32);
  h[0] = 1;
  return h;
})();

/**
 * BIP143's per-transaction hashes (Core's PrecomputedTransactionData), computed once on first use
 * and shared by every input's signature checks.
 */
export class PrecomputedTransactionData {
  private prevouts?: Uint8Array;
  private sequences?: Uint8Array;
  private outputs?: Uint8Array;

  constructor(readonly tx: Transaction) {}

  /** SHA256d of every input's outpoint. */
  get hashPrevouts(): Uint8Array {
    if (!this.prevouts) {
      const w = new ByteWriter(this.tx.inputs.length * 36);
      for (const i of this.tx.inputs) w.bytes(i.prevout.txid).u32le(i.prevout.vout);
      // Hashed in place: the serialization is not kept, so it need not be copied out.
      this.prevouts = sha256d(w.view());
    }
    return this.prevouts;
  }

  /** SHA256d of every input's nSequence. */
  get hashSequence(): Uint8Array {
    if (!this.sequences) {
      const w = new ByteWriter(this.tx.inputs.length * 4);
      for (const i of this.tx.inputs) w.u32le(i.sequence);
      this.sequences = sha256d(w.view());
    }
    return this.sequences;
  }

  /** SHA256d of every output (value, scriptPubKey). */
  get hashOutputs(): Uint8Array {
    if (!this.outputs) {
      const w = new ByteWriter(256);
      for (const o of this.tx.outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
      this.outputs = sha256d(w.view());
    }
    return this.outputs;
  }
}

/**
 * Writes a scriptCode with its OP_CODESEPARATORs removed, as Core's legacy signature serializer.
 * A truncated push ends the scan where GetOp stopped; the length prefix still counts the whole
 * script minus the separators found (Core's behaviour for such scripts, kept byte for byte).
 */
function writeScriptCodeWithoutSeparators(w: ByteWriter, script: Uint8Array): void {
  let separators = 0;
  const counter = new ScriptCursor(script);
  while (counter.next()) if (counter.opcode === OP_CODESEPARATOR) separators++;
  w.compactSize(script.length - separators);
  if (separators === 0 && counter.pc === script.length) {
    w.bytes(script);
    return;
  }
  let begin = 0;
  const c = new ScriptCursor(script);
  while (c.next()) {
    if (c.opcode === OP_CODESEPARATOR) {
      w.bytes(script.subarray(begin, c.pc - 1));
      begin = c.pc;
    }
  }
  if (begin !== script.length) w.bytes(script.subarray(begin, c.pc));
}

/**
 * The original (pre-segwit) signature hash, with all of Bitcoin's quirks: SIGHASH_SINGLE on an
 * input without a matching output signs the constant one, unknown types act as ALL, and only the
 * low five bits pick NONE/SINGLE.
 */
export function legacySignatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  nIn: number,
  hashType: number,
): Uint8Array {
  if (nIn < 0 || nIn >= tx.inputs.length) throw new RangeError('input index out of range');
  const base = hashType & 0x1f;
  const single = base === SIGHASH_SINGLE;
  const none = base === SIGHASH_NONE;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  if (single && nIn >= tx.outputs.length) return SIGHASH_ONE;

  const w = new ByteWriter(256 + scriptCode.length + tx.inputs.length * 41 + tx.outputs.length * 40);
  w.i32le(tx.version);
  const nInputs = anyoneCanPay ? 1 : tx.inputs.length;
  w.compactSize(nInputs);
  for (let k = 0; k < nInputs; k++) {
    const i = anyoneCanPay ? nIn : k;
    const input = tx.inputs[i]!;
    w.bytes(input.prevout.txid).u32le(input.prevout.vout);
    // Other inputs' scripts are blanked; the signed input carries the scriptCode.
    if (i !== nIn) w.u8(0);
    else writeScriptCodeWithoutSeparators(w, scriptCode);
    w.u32le(i !== nIn && (single || none) ? 0 : input.sequence);
  }
  const nOutputs = none ? 0 : single ? nIn + 1 : tx.outputs.length;
  w.compactSize(nOutputs);
  for (let o = 0; o < nOutputs; o++) {
    if (single && o !== nIn) {
      // CTxOut's null form: value -1, empty script.
      w.i64le(-1n).u8(0);
    } else {
      const out = tx.outputs[o]!;
      w.i64le(out.value).varBytes(out.scriptPubKey);
    }
  }
  w.u32le(tx.locktime);
  w.i32le(hashType);
  return sha256d(w.view());
}

const ZERO32: Uint8Array = new Uint8Array(32);

/** BIP143's signature hash for segwit v0 inputs; `amount` is the value of the output spent. */
export function witnessV0SignatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  nIn: number,
  hashType: number,
  amount: bigint,
  cache?: PrecomputedTransactionData,
): Uint8Array {
  if (nIn < 0 || nIn >= tx.inputs.length) throw new RangeError('input index out of range');
  const data = cache ?? new PrecomputedTransactionData(tx);
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const hashPrevouts = anyoneCanPay ? ZERO32 : data.hashPrevouts;
  const hashSequence =
    !anyoneCanPay && base !== SIGHASH_SINGLE && base !== SIGHASH_NONE ? data.hashSequence : ZERO32;
  let hashOutputs: Uint8Array = ZERO32;
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) {
    hashOutputs = data.hashOutputs;
  } else if (base === SIGHASH_SINGLE && nIn < tx.outputs.length) {
    const out = tx.outputs[nIn]!;
    hashOutputs = sha256d(
      new ByteWriter(9 + out.scriptPubKey.length).i64le(out.value).varBytes(out.scriptPubKey).finish(),
    );
  }
  const input = tx.inputs[nIn]!;
  // Exactly the preimage's size (156 fixed bytes, the scriptCode and its length), so the writer
  // never grows; it is hashed in place.
  const w = new ByteWriter(156 + compactSizeLength(scriptCode.length) + scriptCode.length);
  w.i32le(tx.version);
  w.bytes(hashPrevouts).bytes(hashSequence);
  w.bytes(input.prevout.txid).u32le(input.prevout.vout);
  w.varBytes(scriptCode);
  w.i64le(amount);
  w.u32le(input.sequence);
  w.bytes(hashOutputs);
  w.u32le(tx.locktime);
  w.i32le(hashType);
  return sha256d(w.view());
}

/** Core's SignatureHash: the message an input's ECDSA signature signs under `sigversion`. */
export function signatureHash(
  scriptCode: Uint8Array,
  tx: Transaction,
  nIn: number,
  hashType: number,
  amount: bigint,
  sigversion: SigVersion,
  cache?: PrecomputedTransactionData,
): Uint8Array {
  return sigversion === SIGVERSION_WITNESS_V0
    ? witnessV0SignatureHash(scriptCode, tx, nIn, hashType, amount, cache)
    : legacySignatureHash(scriptCode, tx, nIn, hashType);
}
