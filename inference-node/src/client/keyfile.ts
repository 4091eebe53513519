import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fromHex, toHex } from '@funai/ledger-node';
import { accountFromPrivateKey, type KeyAccount, newPrivateKey } from '../api/keystore.js';

/**
 * The `funai` CLI's own keys (`<home>/keys.json`, mode 0600): inference-chain accounts the user signs
 * with. Unlike the node's keystore (api/keystore.ts) there are no API keys: the user holds the keys.
 */
interface KeyFileData {
  version: 1;
  keys: { name: string; privateKey: string }[];
}

export class KeyFile {
  readonly path: string;
  private readonly data: KeyFileData;

  private constructor(path: string, data: KeyFileData) {
    this.path = path;
    this.data = data;
  }

  static async open(path: string): Promise<KeyFile> {
    try {
      const data = JSON.parse(await readFile(path, 'utf8')) as KeyFileData;
      if (data.version !== 1 || !Array.isArray(data.keys))
        throw new Error(`${path}: not a version 1 key file`);
      return new KeyFile(path, data);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new KeyFile(path, { version: 1, keys: [] });
      throw e;
    }
  }

  list(): KeyAccount[] {
    return this.data.keys.map((k) => accountFromPrivateKey(k.name, fromHex(k.privateKey)));
  }

  /** The key named `name`, or the first key when no name is given; null when there is none. */
  get(name?: string): KeyAccount | null {
    return this.list().find((k) => name === undefined || k.name === name) ?? null;
  }

  async create(name: string, privateKey: Uint8Array = newPrivateKey()): Promise<KeyAccount> {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error('a key name is 1-64 of A-Z a-z 0-9 _ . -');
    if (this.data.keys.some((k) => k.name === name)) throw new Error(`a key named ${name} exists`);
    const account = accountFromPrivateKey(name, privateKey);
    this.data.keys.push({ name, privateKey: toHex(privateKey) });
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
    return account;
  }
}
