// Builders shared by the consensus tests: ledger transactions carrying ops, verifier scripts.
import { encodeFunaiOpScript, type FunaiOp, sha256, type Transaction, type TxOut } from '@funai/ledger-node';
import {
  type CommitOp,
  encodeCommit,
  encodeRegisterVrfKey,
  type StandardPrincipal,
  splitBid,
} from '../../src/index.js';

export const tag = (s: string): Uint8Array => Uint8Array.from(sha256(new TextEncoder().encode(s)));

/** A P2WPKH script paying hash160 = first 20 bytes of SHA-256(name). */
export const p2wpkh = (name: string): Uint8Array => Uint8Array.of(0x00, 0x14, ...tag(name).subarray(0, 20));

export const VERIFIERS: Uint8Array[] = ['v0', 'v1', 'v2', 'v3', 'v4'].map(p2wpkh);

/** A non-coinbase transaction (its one input spends a made-up outpoint named by `salt`). */
export function ledgerTx(outputs: TxOut[], salt = 'tx'): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: tag(salt), vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs,
    locktime: 0,
  };
}

export function opTx(op: FunaiOp, rest: TxOut[] = [], envelopeValue = 0n, salt = 'op'): Transaction {
  return ledgerTx([{ value: envelopeValue, scriptPubKey: encodeFunaiOpScript(op) }, ...rest], salt);
}

export function principalOf(name: string): StandardPrincipal {
  return { version: 26, hash160: tag(`principal ${name}`).subarray(0, 20) };
}

export function registrationTx(vrfKey: Uint8Array, name: string): Transaction {
  return opTx(encodeRegisterVrfKey({ vrfKey, principal: principalOf(name) }), [], 0n, `reg ${name}`);
}

/** A commit paying `bid` split over `scripts` right after the envelope (or burning it when none). */
export function commitTx(
  op: CommitOp,
  bid: bigint,
  scripts: readonly Uint8Array[] = VERIFIERS,
  salt = 'commit',
): Transaction {
  if (scripts.length === 0) return opTx(encodeCommit(op), [], bid, salt);
  const split = splitBid(bid, scripts.length);
  return opTx(
    encodeCommit(op),
    scripts.map((s, i) => ({ value: split[i]!, scriptPubKey: s })),
    0n,
    salt,
  );
}
