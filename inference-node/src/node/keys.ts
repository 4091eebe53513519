import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { publicKey as vrfPublicKey } from '@funai/ecvrf';
import { fromHex, hash160, isValidPrivateKey, publicKeyFromPrivate, toHex } from '@funai/ledger-node';
import { ELECTION_VRF_SUITE } from '../election/elected-block.js';
import type { StandardPrincipal } from '../ops/principal.js';

export const NODE_KEYS_FILE = 'node-keys.json';
/** c32 version of the node's principals: testnet single-sig (26), as the API's keystore and Clarity host. */
export const PRINCIPAL_VERSION = 26;

/**
 * The node's own keys (`<datadir>/<network>/node-keys.json`, mode 0600, created at first start):
 * - `executor`: secp256k1; signs execution receipts; its principal is the one block rewards are paid to;
 * - `vrf`: the SECP256K1_SHA256_TAI secret key registered by REGISTER_VRF_KEY (§14.2);
 * - `bls`: the verifier's BLS secret key (herumi, min-pk), registered in the staking contract.
 */
export interface NodeKeys {
  executorKey: Uint8Array;
  executorPublicKey: Uint8Array;
  principal: StandardPrincipal;
  vrfKey: Uint8Array;
  vrfPublicKey: Uint8Array;
  blsKey: Uint8Array;
}

interface KeysFile {
  version: 1;
  executor: string;
  vrf: string;
  bls: string;
}

function newSecp256k1Key(): Uint8Array {
  for (;;) {
    const k = new Uint8Array(randomBytes(32));
    if (isValidPrivateKey(k)) return k;
  }
}

/** A BLS12-381 secret key: 32 random bytes below the group order (r ≈ 0x73ed…), top byte cleared. */
function newBlsKey(): Uint8Array {
  const k = new Uint8Array(randomBytes(32));
  k[0] = k[0]! & 0x3f;
  if (k.every((b) => b === 0)) k[31] = 1;
  return k;
}

/** Loads the node's keys, creating the file with fresh keys the first time. */
export function loadOrCreateNodeKeys(file: string): NodeKeys {
  let f: KeysFile;
  if (existsSync(file)) {
    f = JSON.parse(readFileSync(file, 'utf8')) as KeysFile;
    if (f.version !== 1) throw new Error(`${file}: not a version 1 key file`);
  } else {
    f = {
      version: 1,
      executor: toHex(newSecp256k1Key()),
      vrf: toHex(newSecp256k1Key()),
      bls: toHex(newBlsKey()),
    };
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(f, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  }
  const executorKey = fromHex(f.executor);
  const executorPublicKey = publicKeyFromPrivate(executorKey, true);
  const vrfKey = fromHex(f.vrf);
  return {
    executorKey,
    executorPublicKey,
    principal: { version: PRINCIPAL_VERSION, hash160: hash160(executorPublicKey) },
    vrfKey,
    vrfPublicKey: vrfPublicKey(ELECTION_VRF_SUITE, vrfKey),
    blsKey: fromHex(f.bls),
  };
}
