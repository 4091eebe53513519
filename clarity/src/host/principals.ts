import { createHash } from 'node:crypto';
import {
  AddressVersion,
  addressFromVersionHash,
  addressToString,
  validateStacksAddress,
} from '@stacks/transactions';

/**
 * The standard principal of a 20-byte hash under the VM's network: the simnet runs with the
 * testnet chain id, so principals use the testnet single-signature version (26, "ST...").
 */
export function principalFromHash160(hash160: Uint8Array): string {
  if (hash160.length !== 20) throw new TypeError('a principal hash is 20 bytes');
  return addressToString(
    addressFromVersionHash(AddressVersion.TestnetSingleSig, Buffer.from(hash160).toString('hex')),
  );
}

/**
 * The consensus-reserved system principal: the first 20 bytes of SHA-256("FUNAI-SYSTEM-PRINCIPAL").
 * No key hashes to it; only the consensus (the host's system calls) ever acts as it. It deploys the
 * genesis contracts and holds the issuance reserve.
 */
export const SYSTEM_PRINCIPAL = principalFromHash160(
  createHash('sha256').update('FUNAI-SYSTEM-PRINCIPAL').digest().subarray(0, 20),
);

/** The identifier of a genesis contract, e.g. `ST….staking`. */
export function genesisContractId(name: string): string {
  return `${SYSTEM_PRINCIPAL}.${name}`;
}

/**
 * Clarity's contract-name rule (stacks-core `CONTRACT_NAME_REGEX`): a letter, then up to 39
 * letters, digits, `-` or `_`. The consensus serialization admits any 1..128 bytes, but the VM
 * panics (a wasm trap that kills the session) when it deserializes a principal whose name breaks
 * the rule, so the host refuses such names before the VM.
 */
const CONTRACT_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/;

export function isValidContractName(name: string): boolean {
  return CONTRACT_NAME.test(name);
}

/** A c32check standard principal (any version 0..31, valid checksum), not a contract principal. */
export function isStandardPrincipal(p: unknown): p is string {
  return typeof p === 'string' && !p.includes('.') && validateStacksAddress(p);
}

/** A standard principal, or `<standard principal>.<contract name>` with a name the VM accepts. */
export function isValidPrincipal(p: unknown): p is string {
  if (typeof p !== 'string') return false;
  const dot = p.indexOf('.');
  if (dot < 0) return isStandardPrincipal(p);
  return isStandardPrincipal(p.slice(0, dot)) && isValidContractName(p.slice(dot + 1));
}
