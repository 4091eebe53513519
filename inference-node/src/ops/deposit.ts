import { ByteReader, ByteWriter, DecodeError, type FunaiOp } from '@funai/ledger-node';
import { CONSENSUS_OP, OP_BODY_VERSION } from './numbers.js';
import { PRINCIPAL_SIZE, readPrincipal, type StandardPrincipal, writePrincipal } from './principal.js';

/**
 * `DEPOSIT` (op 0x05, version 1, docs/protocol.md §14.4): the inference-chain principal credited
 * with the FAI this ledger transaction burns. The amount is not in the body: it is the value of the
 * OP_RETURN output that carries the op (provably unspendable, so the FAI leave the ledger supply).
 *
 *   recipient: version:u8 | hash160:20                                                     21 bytes
 */
export interface DepositOp {
  recipient: StandardPrincipal;
}

export const DEPOSIT_BODY_SIZE = PRINCIPAL_SIZE;

export function encodeDeposit(d: DepositOp): FunaiOp {
  const w = new ByteWriter(DEPOSIT_BODY_SIZE);
  writePrincipal(w, d.recipient);
  return { op: CONSENSUS_OP.DEPOSIT, version: OP_BODY_VERSION, body: w.finish() };
}

/** Reasons: `wrong-op`, `unknown-op-version`, `truncated`, `trailing-bytes`, `bad-principal-version`. */
export function decodeDeposit(op: FunaiOp): DepositOp {
  if (op.op !== CONSENSUS_OP.DEPOSIT) throw new DecodeError('wrong-op', `op ${op.op}`);
  if (op.version !== OP_BODY_VERSION) throw new DecodeError('unknown-op-version', `version ${op.version}`);
  const r = new ByteReader(op.body);
  const recipient = readPrincipal(r);
  r.end();
  return { recipient };
}
