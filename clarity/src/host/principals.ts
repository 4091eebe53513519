import { createHash } from 'node:crypto';
import { AddressVersion, addressFromVersionHash, addressToString } from '@stacks/transactions';

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
