import { FUNAI_OP } from '@funai/ledger-node';

/**
 * The FUN AI op numbers the inference consensus gives a meaning (docs/protocol.md §7.2, §14.1). The
 * envelope and the number registry are the ledger's (`@funai/ledger-node` funai/); the bodies are
 * defined here. 0x02 and 0x04 stay reserved: the bid is the commit's own payment, and the inference
 * block hash is anchored by the commit itself.
 */
export const CONSENSUS_OP = Object.freeze({
  REGISTER_VRF_KEY: FUNAI_OP.REGISTER_VRF_KEY,
  COMMIT: FUNAI_OP.COMMIT,
  DEPOSIT: FUNAI_OP.DEPOSIT,
});

/** Op numbers that are reserved without meaning: a transaction carrying one is plain data. */
export const RESERVED_CONSENSUS_OPS: readonly number[] = Object.freeze([0x02, 0x04]);

/** The body format version every op of §14 has today; any other version does not decode. */
export const OP_BODY_VERSION = 1;
