// Script verification flags: Bitcoin Core's SCRIPT_VERIFY_* bits (script/interpreter.h), same values.
// Each flag only ever narrows the set of valid scripts, so adding one is a soft fork.

export const SCRIPT_VERIFY_NONE = 0;
/** Evaluate P2SH subscripts (BIP16). */
export const SCRIPT_VERIFY_P2SH = 1 << 0;
/** Strict DER signatures, defined hash types and compressed/uncompressed pubkeys (policy). */
export const SCRIPT_VERIFY_STRICTENC = 1 << 1;
/** Strict DER signatures (BIP66). */
export const SCRIPT_VERIFY_DERSIG = 1 << 2;
/** S ≤ n/2 (BIP62 rule 5, policy). */
export const SCRIPT_VERIFY_LOW_S = 1 << 3;
/** CHECKMULTISIG's extra stack item must be empty (BIP147). */
export const SCRIPT_VERIFY_NULLDUMMY = 1 << 4;
/** scriptSig must be push-only (BIP62 rule 2, policy). */
export const SCRIPT_VERIFY_SIGPUSHONLY = 1 << 5;
/** Minimal pushes and minimally encoded numbers (BIP62 rules 3 and 4, policy). */
export const SCRIPT_VERIFY_MINIMALDATA = 1 << 6;
/** Executed NOP1, NOP4..NOP10 fail (policy, reserves them for soft forks). */
export const SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS = 1 << 7;
/** Exactly one stack element must remain (BIP62 rule 6, policy); requires P2SH and WITNESS. */
export const SCRIPT_VERIFY_CLEANSTACK = 1 << 8;
/** OP_CHECKLOCKTIMEVERIFY (BIP65). */
export const SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY = 1 << 9;
/** OP_CHECKSEQUENCEVERIFY (BIP112). */
export const SCRIPT_VERIFY_CHECKSEQUENCEVERIFY = 1 << 10;
/** Segregated witness (BIP141/143); requires P2SH. */
export const SCRIPT_VERIFY_WITNESS = 1 << 11;
/** Spending witness programs of unknown version or length fails (policy). */
export const SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1 << 12;
/** In segwit v0 scripts, OP_IF/NOTIF arguments must be empty or exactly 0x01 (policy). */
export const SCRIPT_VERIFY_MINIMALIF = 1 << 13;
/** A failed CHECK(MULTI)SIG requires every signature to be empty (BIP146, policy). */
export const SCRIPT_VERIFY_NULLFAIL = 1 << 14;
/** Segwit v0 scripts accept only compressed public keys (policy). */
export const SCRIPT_VERIFY_WITNESS_PUBKEYTYPE = 1 << 15;
/** OP_CODESEPARATOR and FindAndDelete hits fail in legacy scripts (policy). */
export const SCRIPT_VERIFY_CONST_SCRIPTCODE = 1 << 16;
/**
 * Taproot (BIP341/342). Named so that Core's test vectors parse; FUN AI does not implement it and
 * the interpreter ignores the bit: witness v1 programs are unknown witness versions.
 */
export const SCRIPT_VERIFY_TAPROOT = 1 << 17;
export const SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION = 1 << 18;
export const SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS = 1 << 19;
export const SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE = 1 << 20;

/** Flag names as Core's test vectors and its transaction_tests.cpp spell them. */
export const SCRIPT_FLAG_NAMES: Readonly<Record<string, number>> = {
  P2SH: SCRIPT_VERIFY_P2SH,
  STRICTENC: SCRIPT_VERIFY_STRICTENC,
  DERSIG: SCRIPT_VERIFY_DERSIG,
  LOW_S: SCRIPT_VERIFY_LOW_S,
  NULLDUMMY: SCRIPT_VERIFY_NULLDUMMY,
  SIGPUSHONLY: SCRIPT_VERIFY_SIGPUSHONLY,
  MINIMALDATA: SCRIPT_VERIFY_MINIMALDATA,
  DISCOURAGE_UPGRADABLE_NOPS: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  CLEANSTACK: SCRIPT_VERIFY_CLEANSTACK,
  CHECKLOCKTIMEVERIFY: SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  CHECKSEQUENCEVERIFY: SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  WITNESS: SCRIPT_VERIFY_WITNESS,
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
  MINIMALIF: SCRIPT_VERIFY_MINIMALIF,
  NULLFAIL: SCRIPT_VERIFY_NULLFAIL,
  WITNESS_PUBKEYTYPE: SCRIPT_VERIFY_WITNESS_PUBKEYTYPE,
  CONST_SCRIPTCODE: SCRIPT_VERIFY_CONST_SCRIPTCODE,
  TAPROOT: SCRIPT_VERIFY_TAPROOT,
  DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,
  DISCOURAGE_OP_SUCCESS: SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS,
  DISCOURAGE_UPGRADABLE_PUBKEYTYPE: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE,
};

/**
 * FUN AI's consensus flags: every block, from genesis, is checked with these (Bitcoin's soft forks
 * BIP16, 65, 66, 112, 141/143, 147 active from height 0). Taproot is not part of FUN AI.
 */
export const CONSENSUS_SCRIPT_VERIFY_FLAGS =
  SCRIPT_VERIFY_P2SH |
  SCRIPT_VERIFY_DERSIG |
  SCRIPT_VERIFY_NULLDUMMY |
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
  SCRIPT_VERIFY_WITNESS;

/** Mempool policy adds Core's standard flags (minus Taproot's) on top of consensus. */
export const STANDARD_SCRIPT_VERIFY_FLAGS =
  CONSENSUS_SCRIPT_VERIFY_FLAGS |
  SCRIPT_VERIFY_STRICTENC |
  SCRIPT_VERIFY_MINIMALDATA |
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS |
  SCRIPT_VERIFY_CLEANSTACK |
  SCRIPT_VERIFY_MINIMALIF |
  SCRIPT_VERIFY_NULLFAIL |
  SCRIPT_VERIFY_LOW_S |
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
  SCRIPT_VERIFY_WITNESS_PUBKEYTYPE |
  SCRIPT_VERIFY_CONST_SCRIPTCODE;

/** Parses Core's comma-separated flag list ("" and "NONE" are no flags). Throws on an unknown name. */
export function parseScriptFlags(s: string): number {
  if (s === '' || s === 'NONE') return 0;
  let flags = 0;
  for (const word of s.split(',')) {
    const bit = SCRIPT_FLAG_NAMES[word];
    if (bit === undefined) throw new TypeError(`unknown script verification flag '${word}'`);
    flags |= bit;
  }
  return flags;
}

/** The inverse of parseScriptFlags, names in Core's table order. */
export function formatScriptFlags(flags: number): string {
  return Object.entries(SCRIPT_FLAG_NAMES)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name)
    .join(',');
}
