import { HDKey } from '@scure/bip32';
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { hash160 } from '../crypto/hash.js';
import type { ChainName } from '../params/chain-params.js';
import { scriptForP2WPKH } from '../script/standard.js';

/**
 * BIP84-style paths m/84'/coin'/0'/change/index for P2WPKH keys. FUN AI has no registered SLIP-44
 * coin type: mainnet uses 4645 (our choice, documented in docs/protocol.md) and the test networks
 * use 1, as Bitcoin's do, so a test seed never yields a mainnet key path.
 */
export function coinType(network: ChainName): number {
  return network === 'main' ? 4645 : 1;
}

export function accountPath(network: ChainName): string {
  return `m/84'/${coinType(network)}'/0'`;
}

export function newMnemonic(): string {
  return generateMnemonic(wordlist, 128);
}

export function isValidMnemonic(mnemonic: string): boolean {
  return validateMnemonic(mnemonic, wordlist);
}

export function mnemonicSeed(mnemonic: string): Uint8Array {
  return mnemonicToSeedSync(mnemonic);
}

export interface DerivedKey {
  /** 0 receive, 1 change. */
  change: 0 | 1;
  index: number;
  publicKey: Uint8Array;
  scriptPubKey: Uint8Array;
}

/** The account's extended public key: addresses can be derived while the wallet is locked. */
export function accountXpub(seed: Uint8Array, network: ChainName): string {
  return HDKey.fromMasterSeed(seed).derive(accountPath(network)).publicExtendedKey;
}

export function derivePublic(xpub: string, change: 0 | 1, index: number): DerivedKey {
  const key = HDKey.fromExtendedKey(xpub).deriveChild(change).deriveChild(index);
  const publicKey = key.publicKey!;
  return { change, index, publicKey, scriptPubKey: scriptForP2WPKH(hash160(publicKey)) };
}

export function derivePrivate(
  seed: Uint8Array,
  network: ChainName,
  change: 0 | 1,
  index: number,
): Uint8Array {
  const key = HDKey.fromMasterSeed(seed).derive(`${accountPath(network)}/${change}/${index}`);
  return key.privateKey!;
}
