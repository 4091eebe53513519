import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bls from '@chainsafe/bls/herumi';
import { fromHex, hash160, toHex } from '@funai/ledger-node';
import { BLS_PUBLIC_KEY_SIZE, VERIFIER_SET_SIZE } from '../quorum/params.js';
import { loadOrCreateNodeKeys, NODE_KEYS_FILE } from './keys.js';

/**
 * The verifier set from a file (`-verifierset`, docs/protocol.md §16.9): the interim source until the
 * daemon reads the staking contract. JSON, five entries in set order:
 * `[{ "blsPublicKey": "<48-byte hex>", "rewardScript": "<hex>" }, …]` (a devnet's genesis stakers).
 * Every block's verifier set is this one.
 */
export interface VerifierSetEntry {
  blsPublicKey: Uint8Array;
  rewardScript: Uint8Array;
}

export class VerifierSetError extends Error {
  override readonly name = 'VerifierSetError';
}

const HEX = /^(?:[0-9a-f]{2})*$/i;
/** A reward script longer than this is not a script the ledger would pay (a bound for the parser). */
const MAX_REWARD_SCRIPT_BYTES = 10_000;

/** Parses a verifier set file's text; throws VerifierSetError naming the first problem. */
export function parseVerifierSet(text: string, source = 'verifier set'): VerifierSetEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new VerifierSetError(`${source}: not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(json) || json.length !== VERIFIER_SET_SIZE)
    throw new VerifierSetError(`${source}: expected a list of ${VERIFIER_SET_SIZE} verifiers`);
  const out = json.map((v: unknown, i) => {
    const e = v as { blsPublicKey?: unknown; rewardScript?: unknown } | null;
    const key = e?.blsPublicKey;
    const script = e?.rewardScript;
    if (typeof key !== 'string' || key.length !== 2 * BLS_PUBLIC_KEY_SIZE || !HEX.test(key))
      throw new VerifierSetError(
        `${source}: verifier ${i}: blsPublicKey is not ${BLS_PUBLIC_KEY_SIZE} bytes of hex`,
      );
    if (typeof script !== 'string' || !HEX.test(script) || script.length > 2 * MAX_REWARD_SCRIPT_BYTES)
      throw new VerifierSetError(`${source}: verifier ${i}: rewardScript is not hex`);
    return { blsPublicKey: fromHex(key), rewardScript: fromHex(script) };
  });
  const keys = new Set(out.map((e) => e.blsPublicKey.join(',')));
  if (keys.size !== out.length) throw new VerifierSetError(`${source}: a BLS key appears twice`);
  return out;
}

export function loadVerifierSet(file: string): VerifierSetEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new VerifierSetError(`${file}: ${(e as Error).message}`);
  }
  return parseVerifierSet(text, file);
}

/** The file's text for a set (the inverse of parseVerifierSet). */
export function formatVerifierSet(entries: readonly VerifierSetEntry[]): string {
  if (entries.length !== VERIFIER_SET_SIZE)
    throw new RangeError(`a verifier set is ${VERIFIER_SET_SIZE} verifiers`);
  const list = entries.map((e) => ({
    blsPublicKey: toHex(e.blsPublicKey),
    rewardScript: toHex(e.rewardScript),
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

/**
 * A node's entry in a verifier set, from its key file `<networkDir>/node-keys.json` (created with fresh
 * keys if absent, as the daemon's first start would): its BLS public key, and as reward script the P2WPKH
 * script of its executor key (`0x00 0x14 hash160`). For genesis stakers (a devnet's verifiers).
 */
export function nodeVerifierSetEntry(networkDir: string): VerifierSetEntry {
  const keys = loadOrCreateNodeKeys(join(networkDir, NODE_KEYS_FILE));
  return {
    blsPublicKey: Uint8Array.from(bls.secretKeyToPublicKey(keys.blsKey)),
    rewardScript: Uint8Array.from([0x00, 0x14, ...hash160(keys.executorPublicKey)]),
  };
}
