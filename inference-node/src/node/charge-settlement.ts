/**
 * When the API's charges are settled in Clarity (docs/protocol.md §16.7, §17.4): with the chain's fee balance
 * (`-genesis`), what an account may spend is poi's fee account less the charges settled locally that Clarity
 * has not applied yet. A record's charge is applied — paid, forfeited or refunded — once Clarity executes the
 * inference block whose header carries its block's certificate (the verdict pays valid records, forfeits
 * invalid ones and leaves undecided and over-the-cap ones out: refunded), or, for a block never certified on
 * the executed chain, the block QC_WINDOW above it (the window is closed: every record refunded). Pure.
 */
import { equalBytes, toHex } from '@funai/ledger-node';
import type { Block } from '../block/body.js';
import { QC_WINDOW } from '../block/limits.js';
import { decodeTx, txSenderHash160 } from '../tx/transaction.js';
import { principalString } from './consensus-sink.js';
import { PRINCIPAL_VERSION } from './keys.js';

/**
 * The blocks whose records are settled once Clarity has executed block `hash`: the block its certificate
 * certifies, and its ancestor QC_WINDOW below (certified earlier or expired). Unknown blocks are left out.
 */
export function blocksSettledBy(hash: string, block: (hash: string) => Block | undefined): Block[] {
  const b = block(hash);
  if (!b) return [];
  const out: Block[] = [];
  if (b.header.qc) {
    const y = block(toHex(b.header.qc.blockHash));
    if (y) out.push(y);
  }
  let a: Block | undefined = b;
  for (let i = 0; i < QC_WINDOW && a && a.header.height > 0; i++) a = block(toHex(a.header.parentHash));
  if (a && a !== b && a.header.height === b.header.height - QC_WINDOW && !out.includes(a)) out.push(a);
  return out;
}

/**
 * This executor's records among `blocks`, with the requester's principal (read from the stored transaction,
 * `tx`; a record whose transaction is gone is skipped): what `chargeApplied` takes.
 */
export function ownCharges(
  blocks: readonly Block[],
  executorPublicKey: Uint8Array,
  tx: (txId: Uint8Array) => Uint8Array | undefined,
): { principal: string; txId: string }[] {
  const out: { principal: string; txId: string }[] = [];
  for (const b of blocks)
    for (const r of b.body.receipts) {
      if (!equalBytes(r.executor, executorPublicKey)) continue;
      const principal = requesterOf(tx(r.txId));
      if (principal) out.push({ principal, txId: toHex(r.txId) });
    }
  return out;
}

/** The principal of a stored transaction's sender, or null (absent or undecodable). */
export function requesterOf(raw: Uint8Array | undefined): string | null {
  if (!raw) return null;
  try {
    return principalString({ version: PRINCIPAL_VERSION, hash160: txSenderHash160(decodeTx(raw)) });
  } catch {
    return null;
  }
}
