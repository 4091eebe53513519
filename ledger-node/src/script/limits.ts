// Bitcoin Core's script limits (script/script.h), unchanged. consensus/limits.ts re-exports them.

/** Largest scriptPubKey/scriptSig/witnessScript the interpreter will run, in bytes. */
export const MAX_SCRIPT_SIZE = 10_000;
/** Largest stack element (and push), in bytes. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
/** Non-push opcodes per script (pushes and OP_1..OP_16 do not count; CHECKMULTISIG adds its key count). */
export const MAX_OPS_PER_SCRIPT = 201;
export const MAX_PUBKEYS_PER_MULTISIG = 20;
/** Main stack plus alt stack, in elements. */
export const MAX_STACK_SIZE = 1000;

/** nLockTime / CLTV values below this are block heights, at or above it UNIX times. */
export const LOCKTIME_THRESHOLD = 500_000_000;
