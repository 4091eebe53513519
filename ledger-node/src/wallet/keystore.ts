import { randomBytes } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { fromHex, toHex } from '../wire/bytes.js';

/** A secret encrypted at rest: scrypt derives an AES-256-GCM key from the passphrase. */
export interface EncryptedSecret {
  kdf: 'scrypt';
  /** scrypt cost parameters; N = 2^15, r = 8, p = 1 (about 32 MiB and a tenth of a second). */
  n: number;
  r: number;
  p: number;
  salt: string;
  nonce: string;
  ciphertext: string;
}

export class WalletPassphraseError extends Error {
  override readonly name = 'WalletPassphraseError';
}

const DEFAULT_COST = { n: 1 << 15, r: 8, p: 1 };

async function deriveKey(passphrase: string, salt: Uint8Array, cost: { n: number; r: number; p: number }) {
  return scryptAsync(new TextEncoder().encode(passphrase.normalize('NFKC')), salt, {
    N: cost.n,
    r: cost.r,
    p: cost.p,
    dkLen: 32,
    maxmem: 256 * 1024 * 1024,
  });
}

export async function encryptSecret(
  secret: Uint8Array,
  passphrase: string,
  cost = DEFAULT_COST,
): Promise<EncryptedSecret> {
  if (passphrase.length === 0) throw new WalletPassphraseError('passphrase cannot be empty');
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const key = await deriveKey(passphrase, salt, cost);
  const ciphertext = gcm(key, nonce).encrypt(secret);
  return { kdf: 'scrypt', ...cost, salt: toHex(salt), nonce: toHex(nonce), ciphertext: toHex(ciphertext) };
}

/** Throws WalletPassphraseError when the passphrase is wrong (GCM's tag does not verify). */
export async function decryptSecret(box: EncryptedSecret, passphrase: string): Promise<Uint8Array> {
  const key = await deriveKey(passphrase, fromHex(box.salt), box);
  try {
    return gcm(key, fromHex(box.nonce)).decrypt(fromHex(box.ciphertext));
  } catch {
    throw new WalletPassphraseError('The wallet passphrase entered was incorrect.');
  }
}
