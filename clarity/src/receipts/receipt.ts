import { type ClarityValue, deserializeCV } from '@stacks/transactions';

/** The VM's cost counters for one transaction (zero for a transaction refused before execution). */
export interface ExecutionCost {
  runtime: number;
  readCount: number;
  readLength: number;
  writeCount: number;
  writeLength: number;
}

export const ZERO_COST: ExecutionCost = Object.freeze({
  runtime: 0,
  readCount: 0,
  readLength: 0,
  writeCount: 0,
  writeLength: 0,
});

/**
 * One VM event as the VM reports it: its kind (`print_event`, `stx_transfer_event`,
 * `stx_burn_event`, ...) and its fields as strings: amounts in decimal, principals as addresses,
 * memos in hex, and for prints `contract_identifier`, `topic` and `raw_value` (the printed value's
 * consensus serialization in 0x-hex).
 */
export interface VmEvent {
  kind: string;
  fields: Record<string, string>;
}

/**
 * - `ok` / `err`: the transaction ran and its public function returned (ok …) / (err …) (an err
 *   response rolls back the transaction's writes, as in Clarity);
 * - `rejected`: the host refused it before the VM (unknown function, bad argument, reserved sender,
 *   invalid proof of possession, ...), with a reason; nothing was executed.
 */
export type ReceiptStatus = 'ok' | 'err' | 'rejected';

export interface Receipt {
  status: ReceiptStatus;
  /** Consensus serialization of the response value; empty when rejected. */
  result: Uint8Array;
  reason: string | null;
  events: VmEvent[];
  cost: ExecutionCost;
}

/** The response value of a receipt that ran, decoded. */
export function receiptValue(receipt: Receipt): ClarityValue {
  if (receipt.status === 'rejected') throw new Error(`rejected: ${receipt.reason}`);
  return deserializeCV(receipt.result);
}

/** A print event's value, decoded. */
export function printedValue(event: VmEvent): ClarityValue {
  const raw = event.fields.raw_value;
  if (event.kind !== 'print_event' || raw === undefined) throw new Error(`not a print event: ${event.kind}`);
  return deserializeCV(raw.startsWith('0x') ? raw.slice(2) : raw);
}
