import { ScriptCursor } from '../script/parse.js';
import { DecodeError } from '../wire/errors.js';
import { decodeTx, type Transaction } from '../wire/tx.js';

function scriptsParse(tx: Transaction): boolean {
  const parses = (script: Uint8Array) => {
    const c = new ScriptCursor(script);
    while (!c.done) if (!c.next()) return false;
    return true;
  };
  return tx.inputs.every((i) => parses(i.scriptSig)) && tx.outputs.every((o) => parses(o.scriptPubKey));
}

/**
 * Decodes a raw transaction from a user, as bitcoind's DecodeHexTx does: the BIP144 form is
 * ambiguous with a legacy transaction that has no inputs (its "00" input count reads as the
 * marker), so both readings are tried and the one whose scripts all parse wins, extended first.
 * Consensus code never needs this: blocks and P2P messages use decodeTx.
 */
export function decodeRawTransaction(bytes: Uint8Array): Transaction {
  const attempt = (allowWitness: boolean): Transaction | DecodeError => {
    try {
      return decodeTx(bytes, allowWitness);
    } catch (e) {
      if (e instanceof DecodeError) return e;
      throw e;
    }
  };
  const extended = attempt(true);
  if (!(extended instanceof DecodeError) && scriptsParse(extended)) return extended;
  const legacy = attempt(false);
  if (!(legacy instanceof DecodeError) && scriptsParse(legacy)) return legacy;
  if (!(extended instanceof DecodeError)) return extended;
  if (!(legacy instanceof DecodeError)) return legacy;
  throw extended;
}
