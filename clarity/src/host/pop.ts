// The BLS backend is chosen explicitly (herumi, the coordination sheet's choice) instead of
// @chainsafe/bls's run-time pick between blst-native and herumi: both must agree with every node.
import bls from '@chainsafe/bls/herumi';
import { Cl, serializeCVBytes } from '@stacks/transactions';

/** Domain tag of a BLS proof of possession, so that no verdict signature can double as one. */
export const POP_DOMAIN = new TextEncoder().encode('FUNAI-BLS-POP-V1');

/**
 * The message a verifier signs to prove it holds the secret key of `blsPubkey` (48-byte compressed
 * G1): the domain tag, the key, and the Clarity consensus serialization of the principal that
 * registers it, so a proof cannot be replayed by another principal.
 */
export function popMessage(blsPubkey: Uint8Array, principal: string): Uint8Array {
  const who = serializeCVBytes(Cl.principal(principal));
  const msg = new Uint8Array(POP_DOMAIN.length + blsPubkey.length + who.length);
  msg.set(POP_DOMAIN, 0);
  msg.set(blsPubkey, POP_DOMAIN.length);
  msg.set(who, POP_DOMAIN.length + blsPubkey.length);
  return msg;
}

/** Signs a proof of possession (for verifiers and tests). */
export function signPop(
  secretKey: Uint8Array,
  principal: string,
): { blsPubkey: Uint8Array; pop: Uint8Array } {
  const blsPubkey = bls.secretKeyToPublicKey(secretKey);
  return { blsPubkey, pop: bls.sign(secretKey, popMessage(blsPubkey, principal)) };
}

/**
 * The host's check before staking.register-keys reaches the VM: a BLS signature (Ethereum's
 * BLS12-381 scheme, signatures in G2, as @chainsafe/bls) by the key over popMessage. Invalid or
 * infinite keys and malformed signatures fail.
 */
export function verifyPop(blsPubkey: Uint8Array, pop: Uint8Array, principal: string): boolean {
  if (blsPubkey.length !== 48 || pop.length !== 96) return false;
  return bls.verify(blsPubkey, popMessage(blsPubkey, principal), pop);
}

/** The BLS implementation every node uses for proofs of possession (and verdict certificates). */
export const BLS_BACKEND = bls.implementation;
