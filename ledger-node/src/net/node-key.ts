/**
 * The node's libp2p identity: an Ed25519 key kept in the network directory (`p2p_key`, libp2p's
 * protobuf key encoding, mode 0600), so the peer id survives restarts and peers' bans and address
 * books stay meaningful.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from './libp2p-types.js';

export const NODE_KEY_FILE = 'p2p_key';

export async function loadOrCreateNodeKey(dir: string): Promise<PrivateKey> {
  const file = join(dir, NODE_KEY_FILE);
  if (existsSync(file)) {
    try {
      return privateKeyFromProtobuf(readFileSync(file));
    } catch (e) {
      throw new Error(`${file}: not a libp2p private key (${(e as Error).message})`);
    }
  }
  const key = await generateKeyPair('Ed25519');
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, privateKeyToProtobuf(key), { mode: 0o600 });
  renameSync(tmp, file);
  return key;
}
