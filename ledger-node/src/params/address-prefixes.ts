/**
 * The version bytes and human-readable part that tie an address or private key to one network.
 * A decoder given one network's prefixes rejects every other network's strings.
 */
export interface AddressPrefixes {
  /** Base58Check version byte of P2PKH addresses. */
  pubKeyHash: number;
  /** Base58Check version byte of P2SH addresses. */
  scriptHash: number;
  /** Base58Check version byte of WIF private keys. */
  secretKey: number;
  /** BIP173 human-readable part of segwit addresses (lower case). */
  bech32Hrp: string;
}

// FUN AI's bytes are distinct from Bitcoin's (0, 5, 111, 196, 128, 239) and from one another, and
// its hrps from bc/tb/bcrt and one another, so no address or key is valid on two of these networks.
// The P2PKH and P2SH bytes give readable first characters: F/f on mainnet, T/t on testnet, R/r on
// regtest.

export const FUNAI_MAINNET: AddressPrefixes = Object.freeze({
  pubKeyHash: 35, // 'F'
  scriptHash: 95, // 'f'
  secretKey: 163, // WIF '6', compressed 'R'
  bech32Hrp: 'fai',
});

export const FUNAI_TESTNET: AddressPrefixes = Object.freeze({
  pubKeyHash: 65, // 'T'
  scriptHash: 127, // 't'
  secretKey: 193, // WIF '7', compressed 'V'
  bech32Hrp: 'tfai',
});

/** Regtest, which the local devnet uses too. */
export const FUNAI_REGTEST: AddressPrefixes = Object.freeze({
  pubKeyHash: 60, // 'R'
  scriptHash: 122, // 'r'
  secretKey: 186, // WIF '7', compressed 'U'
  bech32Hrp: 'fairt',
});

/** Bitcoin's own prefixes, so that Bitcoin Core's key_io vectors run through the same codec. */
export const BITCOIN_MAINNET: AddressPrefixes = Object.freeze({
  pubKeyHash: 0,
  scriptHash: 5,
  secretKey: 128,
  bech32Hrp: 'bc',
});

export const BITCOIN_TESTNET: AddressPrefixes = Object.freeze({
  pubKeyHash: 111,
  scriptHash: 196,
  secretKey: 239,
  bech32Hrp: 'tb',
});

export const BITCOIN_REGTEST: AddressPrefixes = Object.freeze({
  pubKeyHash: 111,
  scriptHash: 196,
  secretKey: 239,
  bech32Hrp: 'bcrt',
});

export const FUNAI_NETWORKS = Object.freeze({
  mainnet: FUNAI_MAINNET,
  testnet: FUNAI_TESTNET,
  regtest: FUNAI_REGTEST,
});

export type FunaiNetworkName = keyof typeof FUNAI_NETWORKS;
