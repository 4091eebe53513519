import { ByteReader, ByteWriter, DecodeError, type FunaiOp } from '@funai/ledger-node';
import { CONSENSUS_OP, OP_BODY_VERSION } from './numbers.js';
import { PRINCIPAL_SIZE, readPrincipal, type StandardPrincipal, writePrincipal } from './principal.js';

/**
 * `REGISTER_VRF_KEY` (op 0x01, version 1, docs/protocol.md §14.2): a producer's SECP256K1_SHA256_TAI
 * public key and the inference-chain principal its block rewards are paid to.
 *
 *   vrfKey:33 (SEC1 compressed, prefix 02 or 03) | principal: version:u8 | hash160:20      54 bytes
 */
export interface RegisterVrfKeyOp {
  vrfKey: Uint8Array;
  principal: StandardPrincipal;
}

export const VRF_KEY_SIZE = 33;
export const REGISTER_VRF_KEY_BODY_SIZE = VRF_KEY_SIZE + PRINCIPAL_SIZE;

export function encodeRegisterVrfKey(reg: RegisterVrfKeyOp): FunaiOp {
  if (reg.vrfKey.length !== VRF_KEY_SIZE || (reg.vrfKey[0] !== 0x02 && reg.vrfKey[0] !== 0x03)) {
    throw new RangeError('a VRF key is a 33-byte SEC1 compressed point');
  }
  const w = new ByteWriter(REGISTER_VRF_KEY_BODY_SIZE).bytes(reg.vrfKey);
  writePrincipal(w, reg.principal);
  return { op: CONSENSUS_OP.REGISTER_VRF_KEY, version: OP_BODY_VERSION, body: w.finish() };
}

/**
 * Decodes a `REGISTER_VRF_KEY` op. Reasons (`DecodeError`): `wrong-op`, `unknown-op-version`,
 * `truncated`, `trailing-bytes`, `bad-vrf-key-prefix`, `bad-principal-version`.
 */
export function decodeRegisterVrfKey(op: FunaiOp): RegisterVrfKeyOp {
  if (op.op !== CONSENSUS_OP.REGISTER_VRF_KEY) throw new DecodeError('wrong-op', `op ${op.op}`);
  if (op.version !== OP_BODY_VERSION) throw new DecodeError('unknown-op-version', `version ${op.version}`);
  const r = new ByteReader(op.body);
  const vrfKey = r.bytes(VRF_KEY_SIZE).slice();
  if (vrfKey[0] !== 0x02 && vrfKey[0] !== 0x03) throw new DecodeError('bad-vrf-key-prefix');
  const principal = readPrincipal(r);
  r.end();
  return { vrfKey, principal };
}
