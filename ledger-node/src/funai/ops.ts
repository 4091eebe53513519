/**
 * The registry of FUN AI operation numbers (the op byte of the envelope). Only the numbers are
 * fixed here; each op's body and rules are specified with the inference consensus. A number is
 * never reused for another meaning, and a node ignores ops it does not know (they are data).
 */
export const FUNAI_OP = Object.freeze({
  /** Never valid: a zero-filled payload must not read as an op. */
  RESERVED_ZERO: 0x00,
  /** An inference operator registers (or rotates) its ECVRF public key. */
  REGISTER_VRF_KEY: 0x01,
  /** Reserved, no meaning (docs/protocol.md §7.2): the bid is the COMMIT's own payment. */
  BID: 0x02,
  /** A producer's bid for the next inference block (body: inference-node ops/, docs §14.3). */
  COMMIT: 0x03,
  /** Reserved, no meaning (docs §7.2): the COMMIT anchors the inference block hash. */
  ANCHOR: 0x04,
  /** Burns the OP_RETURN output's value to credit an inference-chain principal (docs §14.4). */
  DEPOSIT: 0x05,
});

export type FunaiOpName = keyof typeof FUNAI_OP;

/** 0x06..0x7f: reserved for later consensus ops, assigned in order. */
export const FIRST_UNASSIGNED_OP = 0x06;
export const LAST_CONSENSUS_OP = 0x7f;
/** 0x80..0xfe: experimental ops, for regtest/devnet and tests; never given meaning on mainnet. */
export const FIRST_EXPERIMENTAL_OP = 0x80;
export const LAST_EXPERIMENTAL_OP = 0xfe;
/** 0xff: reserved to extend the op number beyond one byte (the first body bytes would carry it). */
export const OP_EXTENSION = 0xff;

export function funaiOpName(op: number): FunaiOpName | undefined {
  for (const [name, value] of Object.entries(FUNAI_OP)) if (value === op) return name as FunaiOpName;
  return undefined;
}
