import { scriptToAddress } from '../address/address.js';
import type { AddressPrefixes } from '../params/address-prefixes.js';
import { scriptToAsm } from '../script/asm.js';
import { solver } from '../script/standard.js';
import { toHex } from '../wire/bytes.js';

export interface ScriptPubKeyJson {
  asm: string;
  hex: string;
  address?: string;
  type: string;
}

/** bitcoind's ScriptToUniv for an output script (decoderawtransaction, getblock, gettxout). */
export function scriptPubKeyToJson(script: Uint8Array, prefixes: AddressPrefixes): ScriptPubKeyJson {
  const address = scriptToAddress(script, prefixes);
  const asm = scriptToAsm(script);
  const hex = toHex(script);
  const type = solver(script).type;
  // Two literals rather than a spread of a partial object (once per output in getblock's JSON).
  return address === null ? { asm, hex, type } : { asm, hex, address, type };
}
