import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fromHex, hash160, isValidPrivateKey, publicKeyFromPrivate, sha256, toHex } from '@funai/ledger-node';
import { AddressVersion, addressFromVersionHash, addressToString } from '@stacks/transactions';

/**
 * An inference-chain account (coord rule): a secp256k1 key whose principal is the standard principal of
 * its compressed public key's hash160, testnet single-sig version (26, "ST…"), as the Clarity host uses.
 */
export interface KeyAccount {
  name: string;
  principal: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export function principalOf(publicKey: Uint8Array): string {
  return addressToString(addressFromVersionHash(AddressVersion.TestnetSingleSig, toHex(hash160(publicKey))));
}

export function accountFromPrivateKey(name: string, privateKey: Uint8Array): KeyAccount {
  if (!isValidPrivateKey(privateKey)) throw new Error(`${name}: not a valid secp256k1 private key`);
  const publicKey = publicKeyFromPrivate(privateKey, true);
  return { name, principal: principalOf(publicKey), publicKey, privateKey };
}

export function newPrivateKey(): Uint8Array {
  for (;;) {
    const k = randomBytes(32);
    if (isValidPrivateKey(k)) return new Uint8Array(k);
  }
}

/** Maps an API key (the bearer token) to the account that signs for its holder. */
export interface ApiKeystore {
  lookup(apiKey: string): KeyAccount | null;
}

/** Bearer tokens: `funai-` + 32 random bytes as base64url. */
export function newApiKey(): string {
  return `funai-${randomBytes(32).toString('base64url')}`;
}

interface KeystoreFile {
  version: 1;
  accounts: { name: string; apiKeySha256: string; privateKey: string }[];
}

/**
 * The node's keystore file (`<datadir>/api-keys.json`, mode 0600): per account its name, the SHA-256 of
 * its API key (the key itself is shown once, at creation, and never stored) and its private key in hex
 * (the node signs inference transactions for the key's holder, so it must hold the key).
 */
export class FileKeystore implements ApiKeystore {
  private readonly byHash = new Map<string, KeyAccount>();
  private entries: KeystoreFile['accounts'] = [];
  private mtimeMs = 0;
  private checkedAt = 0;
  readonly path: string;

  private constructor(path: string, file: KeystoreFile) {
    this.path = path;
    this.load(file);
  }

  private load(file: KeystoreFile): void {
    this.entries = file.accounts;
    this.byHash.clear();
    for (const e of file.accounts)
      this.byHash.set(e.apiKeySha256, accountFromPrivateKey(e.name, fromHex(e.privateKey)));
  }

  /**
   * Keys added by another process (`funai api-keys new`) are picked up without a restart: on an unknown
   * key, at most once a second, the file is re-read if its mtime changed.
   */
  private refresh(): void {
    const now = Date.now();
    if (now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    try {
      const m = statSync(this.path).mtimeMs;
      if (m === this.mtimeMs) return;
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as KeystoreFile;
      if (file.version !== 1 || !Array.isArray(file.accounts)) return;
      this.load(file);
      this.mtimeMs = m;
    } catch {
      // Missing or half-written: keep the keys we have.
    }
  }

  /** Opens the file, or starts an empty keystore when it does not exist. */
  static async open(path: string): Promise<FileKeystore> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return new FileKeystore(path, { version: 1, accounts: [] });
      throw e;
    }
    const file = JSON.parse(text) as KeystoreFile;
    if (file.version !== 1 || !Array.isArray(file.accounts))
      throw new Error(`${path}: not a version 1 keystore`);
    const ks = new FileKeystore(path, file);
    ks.mtimeMs = statSync(path).mtimeMs;
    return ks;
  }

  lookup(apiKey: string): KeyAccount | null {
    const found = this.find(apiKey);
    if (found) return found;
    this.refresh();
    return this.find(apiKey);
  }

  private find(apiKey: string): KeyAccount | null {
    const h = Buffer.from(sha256(new TextEncoder().encode(apiKey)));
    for (const [k, account] of this.byHash) if (timingSafeEqual(Buffer.from(k, 'hex'), h)) return account;
    return null;
  }

  list(): KeyAccount[] {
    return [...this.byHash.values()];
  }

  /** Creates an account (a new key unless one is given) and its API key; writes the file. */
  async add(
    name: string,
    privateKey: Uint8Array = newPrivateKey(),
  ): Promise<{ apiKey: string; account: KeyAccount }> {
    if (this.entries.some((e) => e.name === name)) throw new Error(`an account named ${name} exists`);
    const account = accountFromPrivateKey(name, privateKey);
    const apiKey = newApiKey();
    const apiKeySha256 = toHex(sha256(new TextEncoder().encode(apiKey)));
    this.entries.push({ name, apiKeySha256, privateKey: toHex(privateKey) });
    this.byHash.set(apiKeySha256, account);
    await this.save();
    return { apiKey, account };
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const file: KeystoreFile = { version: 1, accounts: this.entries };
    await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
    this.mtimeMs = statSync(this.path).mtimeMs;
  }
}

/** A keystore held in memory (tests, and daemons that keep keys elsewhere). */
export class MemoryKeystore implements ApiKeystore {
  private readonly keys = new Map<string, KeyAccount>();
  set(apiKey: string, account: KeyAccount): void {
    this.keys.set(apiKey, account);
  }
  lookup(apiKey: string): KeyAccount | null {
    return this.keys.get(apiKey) ?? null;
  }
}
