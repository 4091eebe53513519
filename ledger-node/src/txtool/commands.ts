import { addressToScript } from '../address/address.js';
import { amountFromJson } from '../json/amount.js';
import type { AddressPrefixes } from '../params/address-prefixes.js';
import { parseScriptAsm } from '../script/asm.js';
import { scriptForNullData } from '../script/standard.js';
import { fromHex, hexToHash } from '../wire/bytes.js';
import { SEQUENCE_FINAL, type Transaction } from '../wire/tx.js';

/** A command line that funai-tx cannot carry out; the CLI prints its message on one line. */
export class TxToolError extends Error {
  override readonly name = 'TxToolError';
}

/** BIP125's highest signalling sequence, which bitcoin-tx's `replaceable` sets. */
const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

function parseUint(s: string, what: string, max = 0xffffffff): number {
  if (!/^\d+$/.test(s) || Number(s) > max) throw new TxToolError(`Invalid TX ${what} requested: '${s}'`);
  return Number(s);
}

function parseAmount(s: string): bigint {
  try {
    const v = amountFromJson(s);
    if (v < 0n) throw new RangeError('negative');
    return v;
  } catch {
    throw new TxToolError(`invalid TX output value: '${s}'`);
  }
}

function parseIndex(s: string, length: number, what: string): number {
  const i = parseUint(s, `${what} index`);
  if (i >= length) throw new TxToolError(`Invalid TX ${what} index '${s}'`);
  return i;
}

/**
 * Applies one bitcoin-tx style command (`in=TXID:VOUT[:SEQ]`, `outaddr=VALUE:ADDRESS`,
 * `outdata=[VALUE:]HEX`, `outscript=VALUE:ASM`, `nversion=N`, `locktime=N`, `replaceable[=N]`,
 * `delin=N`, `delout=N`) to `tx`, in place.
 */
export function applyTxCommand(tx: Transaction, command: string, prefixes: AddressPrefixes): void {
  const eq = command.indexOf('=');
  const key = eq < 0 ? command : command.slice(0, eq);
  const value = eq < 0 ? '' : command.slice(eq + 1);
  switch (key) {
    case 'nversion':
      tx.version = parseUint(value, 'version', 0x7fffffff);
      return;
    case 'locktime':
      tx.locktime = parseUint(value, 'locktime');
      return;
    case 'replaceable': {
      const targets =
        value === '' ? tx.inputs.map((_, i) => i) : [parseIndex(value, tx.inputs.length, 'input')];
      for (const i of targets) {
        const input = tx.inputs[i]!;
        if (input.sequence > MAX_BIP125_RBF_SEQUENCE) input.sequence = MAX_BIP125_RBF_SEQUENCE;
      }
      return;
    }
    case 'in': {
      const [id, vout, seq, ...rest] = value.split(':');
      if (!id || vout === undefined || rest.length > 0) throw new TxToolError('TX input missing separator');
      let txidBytes: Uint8Array;
      try {
        txidBytes = hexToHash(id);
      } catch {
        throw new TxToolError('invalid TX input txid');
      }
      tx.inputs.push({
        prevout: { txid: txidBytes, vout: parseUint(vout, 'input vout') },
        scriptSig: new Uint8Array(0),
        sequence: seq === undefined ? SEQUENCE_FINAL : parseUint(seq, 'sequence'),
        witness: [],
      });
      return;
    }
    case 'outaddr': {
      const sep = value.indexOf(':');
      if (sep < 0) throw new TxToolError('TX output missing or too many separators');
      let script: Uint8Array;
      try {
        script = addressToScript(value.slice(sep + 1), prefixes);
      } catch (e) {
        throw new TxToolError(`invalid TX output address: ${(e as Error).message}`);
      }
      tx.outputs.push({ value: parseAmount(value.slice(0, sep)), scriptPubKey: script });
      return;
    }
    case 'outdata': {
      const sep = value.lastIndexOf(':');
      const amount = sep < 0 ? 0n : parseAmount(value.slice(0, sep));
      let data: Uint8Array;
      try {
        data = fromHex(value.slice(sep + 1));
      } catch {
        throw new TxToolError('invalid TX output data');
      }
      tx.outputs.push({ value: amount, scriptPubKey: scriptForNullData(data) });
      return;
    }
    case 'outscript': {
      const sep = value.indexOf(':');
      if (sep < 0) throw new TxToolError('TX output missing separator');
      let script: Uint8Array;
      try {
        script = parseScriptAsm(value.slice(sep + 1));
      } catch (e) {
        throw new TxToolError(`invalid TX output script: ${(e as Error).message}`);
      }
      tx.outputs.push({ value: parseAmount(value.slice(0, sep)), scriptPubKey: script });
      return;
    }
    case 'delin':
      tx.inputs.splice(parseIndex(value, tx.inputs.length, 'input'), 1);
      return;
    case 'delout':
      tx.outputs.splice(parseIndex(value, tx.outputs.length, 'output'), 1);
      return;
    default:
      throw new TxToolError(`unknown command: ${key}`);
  }
}
