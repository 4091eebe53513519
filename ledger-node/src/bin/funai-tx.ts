import { readFileSync } from 'node:fs';
import { txToJson } from '../json/tx.js';
import { FUNAI_MAINNET, FUNAI_REGTEST, FUNAI_TESTNET } from '../params/address-prefixes.js';
import { applyTxCommand, TxToolError } from '../txtool/commands.js';
import { decodeRawTransaction } from '../txtool/decode.js';
import { fromHex, hashToHex, toHex } from '../wire/bytes.js';
import { DecodeError } from '../wire/errors.js';
import { encodeTx, type Transaction, txid } from '../wire/tx.js';

const USAGE = `Usage: funai-tx [options] <hex-tx> [commands]   Update hex-encoded transaction
   or: funai-tx [options] -create [commands]   Create hex-encoded transaction

Options:
  -json      Select JSON output (the shape of bitcoind's decoderawtransaction)
  -txid      Output only the transaction id
  -create    Create a new transaction (version 2) instead of reading one
  -regtest   Use regtest/devnet address prefixes; -testnet for testnet (default: mainnet)
  -          Read the hex transaction from standard input

Commands:
  in=TXID:VOUT(:SEQUENCE)   outaddr=VALUE:ADDRESS   outdata=[VALUE:]DATA   outscript=VALUE:ASM
  nversion=N   locktime=N   replaceable(=N)   delin=N   delout=N`;

function fail(message: string): never {
  process.stderr.write(`error: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
}

function main(argv: string[]): void {
  const options = new Set<string>();
  const rest: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-') && a !== '-' && rest.length === 0) options.add(a.replace(/^--?/, ''));
    else rest.push(a);
  }
  if (options.has('help') || options.has('h') || options.has('?')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const known = ['json', 'txid', 'create', 'regtest', 'testnet'];
  for (const o of options) if (!known.includes(o)) fail(`unknown option -${o}`);
  const prefixes = options.has('regtest')
    ? FUNAI_REGTEST
    : options.has('testnet')
      ? FUNAI_TESTNET
      : FUNAI_MAINNET;

  let tx: Transaction;
  if (options.has('create')) {
    tx = { version: 2, inputs: [], outputs: [], locktime: 0 };
  } else {
    const source = rest.shift();
    if (source === undefined) fail('too few parameters (see funai-tx -help)');
    const hex = (source === '-' ? readFileSync(0, 'utf8') : source).trim();
    try {
      tx = decodeRawTransaction(fromHex(hex));
    } catch (e) {
      if (e instanceof DecodeError || e instanceof TypeError) fail(`TX decode failed (${e.message})`);
      throw e;
    }
  }
  try {
    for (const command of rest) applyTxCommand(tx, command, prefixes);
  } catch (e) {
    if (e instanceof TxToolError) fail(e.message);
    throw e;
  }

  if (options.has('json')) process.stdout.write(`${JSON.stringify(txToJson(tx, prefixes), null, 2)}\n`);
  else if (options.has('txid')) process.stdout.write(`${hashToHex(txid(tx))}\n`);
  else process.stdout.write(`${toHex(encodeTx(tx))}\n`);
}

main(process.argv.slice(2));
