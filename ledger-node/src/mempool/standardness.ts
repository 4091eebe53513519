/**
 * Bitcoin Core's standardness rules (policy/policy.cpp): which transactions a node relays and
 * accepts into its mempool, beyond what consensus allows. Each check returns Core's reject reason,
 * or null when the transaction passes.
 */
import type { Coin } from '../consensus/coins.js';
import { isStandardNullData } from '../funai/envelope.js';
import { NO_SIGNATURE_CHECKER } from '../script/checker.js';
import { SCRIPT_VERIFY_NONE } from '../script/flags.js';
import { evalScript } from '../script/interpreter.js';
import { OP_0, OP_RETURN } from '../script/opcodes.js';
import {
  isPayToPubKeyHash,
  isPayToScriptHash,
  isPushOnly,
  isUnspendable,
  isWitnessProgram,
} from '../script/patterns.js';
import { getSigOpCount } from '../script/sigops.js';
import { SIGVERSION_BASE } from '../script/sigversion.js';
import { solver, type TxoutType } from '../script/standard.js';
import type { Transaction, TxOut } from '../wire/tx.js';
import { isCoinbase, txWeight, WITNESS_SCALE_FACTOR } from '../wire/tx.js';
import { compactSizeLength } from '../wire/writer.js';
import type { NonStandardReason } from './errors.js';
import { feeForVsize } from './fee-rate.js';
import type { MempoolPolicy } from './policy.js';
import {
  MAX_BIP125_RBF_SEQUENCE,
  MAX_P2SH_SIGOPS,
  MAX_STANDARD_BARE_MULTISIG_KEYS,
  MAX_STANDARD_P2WSH_SCRIPT_SIZE,
  MAX_STANDARD_P2WSH_STACK_ITEM_SIZE,
  MAX_STANDARD_P2WSH_STACK_ITEMS,
  MAX_STANDARD_SCRIPTSIG_SIZE,
  TX_MAX_STANDARD_VERSION,
  TX_MIN_STANDARD_VERSION,
} from './policy.js';

type StandardPolicy = Pick<
  MempoolPolicy,
  'maxStandardTxWeight' | 'maxDataCarrierBytes' | 'permitBareMultisig' | 'dustRelayFeeRate'
>;

/**
 * Solver's template alone. The templates nearly every transaction pays to and spends are recognised
 * from their bytes (as Solver recognises them), without the copies of keys and hashes it returns.
 */
function templateOf(script: Uint8Array): TxoutType {
  const n = script.length;
  if (script[0] === OP_0 && n === 22 && script[1] === 20) return 'witness_v0_keyhash';
  if (script[0] === OP_0 && n === 34 && script[1] === 32) return 'witness_v0_scripthash';
  if (isPayToScriptHash(script)) return 'scripthash';
  if (isPayToPubKeyHash(script)) return 'pubkeyhash';
  return solver(script).type;
}

/**
 * Core's IsStandard for one output script: its Solver template when standard, else null. Any
 * template but 'nonstandard' is; bare multisig only of 1..3 keys; OP_RETURN data as the FUN AI
 * envelope allows it (push-only, at most 83 bytes, and at most `maxDataCarrierBytes`).
 */
export function standardOutputType(script: Uint8Array, maxDataCarrierBytes: number): TxoutType | null {
  if (script.length > 0 && script[0] === OP_RETURN) {
    return isStandardNullData(script) && script.length <= maxDataCarrierBytes ? 'nulldata' : null;
  }
  const type = templateOf(script);
  if (type === 'nonstandard' || type === 'nulldata') return null;
  if (type === 'multisig') {
    const { solutions } = solver(script);
    const m = solutions[0]![0]!;
    const n = solutions[solutions.length - 1]![0]!;
    if (n < 1 || n > MAX_STANDARD_BARE_MULTISIG_KEYS || m < 1 || m > n) return null;
  }
  return type;
}

/**
 * GetDustThreshold: the value below which an output costs more to spend than it is worth at the dust
 * relay fee rate. Its size, plus the input that would spend it (148 bytes, or 67 vbytes for a
 * witness program), priced at that rate; 0 for an unspendable output.
 */
export function dustThreshold(output: TxOut, dustRelayFeeRate: bigint): bigint {
  const script = output.scriptPubKey;
  if (isUnspendable(script)) return 0n;
  let size = 8 + compactSizeLength(script.length) + script.length;
  // outpoint, scriptSig length, a 107-byte signature and key (witness: discounted), sequence
  size += isWitnessProgram(script)
    ? 32 + 4 + 1 + Math.floor(107 / WITNESS_SCALE_FACTOR) + 4
    : 32 + 4 + 1 + 107 + 4;
  return feeForVsize(dustRelayFeeRate, size);
}

export function isDust(output: TxOut, dustRelayFeeRate: bigint): boolean {
  return output.value < dustThreshold(output, dustRelayFeeRate);
}

/**
 * IsStandardTx, in Core's order: `version`, `tx-size` (weight), `scriptsig-size`,
 * `scriptsig-not-pushonly`, `scriptpubkey`, `bare-multisig`, `dust`, `multi-op-return`.
 * `weight` is the transaction's, when the caller has it.
 */
export function standardTxError(
  tx: Transaction,
  policy: StandardPolicy,
  weight = txWeight(tx),
): NonStandardReason | null {
  if (tx.version > TX_MAX_STANDARD_VERSION || tx.version < TX_MIN_STANDARD_VERSION) return 'version';
  // Signature hashing is quadratic in legacy inputs: the weight cap bounds that work.
  if (weight > policy.maxStandardTxWeight) return 'tx-size';
  for (const input of tx.inputs) {
    if (input.scriptSig.length > MAX_STANDARD_SCRIPTSIG_SIZE) return 'scriptsig-size';
    if (input.scriptSig.length > 0 && !isPushOnly(input.scriptSig)) return 'scriptsig-not-pushonly';
  }
  let dataOutputs = 0;
  for (const output of tx.outputs) {
    const type = standardOutputType(output.scriptPubKey, policy.maxDataCarrierBytes);
    if (type === null) return 'scriptpubkey';
    if (type === 'nulldata') dataOutputs++;
    else if (type === 'multisig' && !policy.permitBareMultisig) return 'bare-multisig';
    else if (isDust(output, policy.dustRelayFeeRate)) return 'dust';
  }
  // One data output per transaction, so that a FUN AI op is never ambiguous.
  if (dataOutputs > 1) return 'multi-op-return';
  return null;
}

/** The redeem script of a P2SH spend: the last element the scriptSig leaves, or null. */
function p2shRedeemScript(scriptSig: Uint8Array): Uint8Array | null {
  const stack: Uint8Array[] = [];
  if (evalScript(stack, scriptSig, SCRIPT_VERIFY_NONE, NO_SIGNATURE_CHECKER, SIGVERSION_BASE) !== 'OK')
    return null;
  return stack.length === 0 ? null : stack[stack.length - 1]!;
}

/**
 * AreInputsStandard: every spent output is a known template (not 'nonstandard', not an unknown
 * witness version; FUN AI has no Taproot, so witness v1 counts as unknown), and a P2SH redeem script
 * counts at most 15 sigops. `coins[i]` is what input i spends.
 */
export function areInputsStandard(tx: Transaction, coins: readonly Coin[]): boolean {
  if (isCoinbase(tx)) return true;
  for (let i = 0; i < tx.inputs.length; i++) {
    const prev = coins[i]!.output.scriptPubKey;
    const type = templateOf(prev);
    if (type === 'nonstandard' || type === 'witness_unknown' || type === 'witness_v1_taproot') return false;
    if (type === 'scripthash') {
      const redeem = p2shRedeemScript(tx.inputs[i]!.scriptSig);
      if (redeem === null || getSigOpCount(redeem, true) > MAX_P2SH_SIGOPS) return false;
    }
  }
  return true;
}

/**
 * IsWitnessStandard: a witness only where a (native or P2SH-nested) witness program is spent, and
 * P2WSH spends within 3,600 script bytes, 100 stack items and 80 bytes per item.
 */
export function isWitnessStandard(tx: Transaction, coins: readonly Coin[]): boolean {
  if (isCoinbase(tx)) return true;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    if (input.witness.length === 0) continue;
    let prev = coins[i]!.output.scriptPubKey;
    if (isPayToScriptHash(prev)) {
      const redeem = p2shRedeemScript(input.scriptSig);
      if (redeem === null) return false;
      prev = redeem;
    }
    if (!isWitnessProgram(prev)) return false;
    // P2WSH: witness version 0 with a 32-byte program
    if (prev[0] === OP_0 && prev.length === 34) {
      const stack = input.witness;
      if (stack[stack.length - 1]!.length > MAX_STANDARD_P2WSH_SCRIPT_SIZE) return false;
      if (stack.length - 1 > MAX_STANDARD_P2WSH_STACK_ITEMS) return false;
      for (let j = 0; j < stack.length - 1; j++) {
        if (stack[j]!.length > MAX_STANDARD_P2WSH_STACK_ITEM_SIZE) return false;
      }
    }
  }
  return true;
}

/** BIP125: some input's sequence is at most 0xfffffffd (replaceability is not inherited, as in Core). */
export function signalsOptInRbf(tx: Transaction): boolean {
  return tx.inputs.some((i) => i.sequence >>> 0 <= MAX_BIP125_RBF_SEQUENCE);
}
