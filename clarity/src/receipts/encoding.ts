import type { ExecutionCost, Receipt, VmEvent } from './receipt.js';

/** The few primitives of the canonical receipt encoding: CompactSize counts, varbytes and u64 LE. */
class ReceiptWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }

  u8(v: number): void {
    this.push(Uint8Array.of(v));
  }

  u64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.push(b);
  }

  compactSize(n: number): void {
    if (n < 0xfd) {
      this.u8(n);
      return;
    }
    const b = new Uint8Array(n <= 0xffff ? 3 : 5);
    const view = new DataView(b.buffer);
    if (n <= 0xffff) {
      b[0] = 0xfd;
      view.setUint16(1, n, true);
    } else {
      b[0] = 0xfe;
      view.setUint32(1, n, true);
    }
    this.push(b);
  }

  varBytes(b: Uint8Array): void {
    this.compactSize(b.length);
    this.push(b);
  }

  varString(s: string): void {
    this.varBytes(new TextEncoder().encode(s));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

const STATUS_BYTE = { ok: 0, err: 1, rejected: 2 } as const;

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.startsWith('0x') ? hex.slice(2) : hex, 'hex'));
}

function writeEvent(w: ReceiptWriter, e: VmEvent): void {
  w.varString(e.kind);
  const keys = Object.keys(e.fields).sort();
  w.compactSize(keys.length);
  for (const k of keys) {
    w.varString(k);
    const v = e.fields[k]!;
    if (k === 'raw_value') w.varBytes(hexBytes(v));
    else w.varString(v);
  }
}

function writeCost(w: ReceiptWriter, c: ExecutionCost): void {
  w.u64(c.runtime);
  w.u64(c.readCount);
  w.u64(c.readLength);
  w.u64(c.writeCount);
  w.u64(c.writeLength);
}

/**
 * The canonical bytes of a receipt (docs/protocol.md §13):
 * status:u8 | result:varbytes | reason:varbytes | events | cost, where events is a CompactSize count
 * of (kind:varbytes | field count | (key:varbytes | value:varbytes) sorted by key) and cost five u64
 * LE counters (runtime, read count, read length, write count, write length).
 */
export function encodeReceipt(r: Receipt): Uint8Array {
  const w = new ReceiptWriter();
  w.u8(STATUS_BYTE[r.status]);
  w.varBytes(r.result);
  w.varString(r.reason ?? '');
  w.compactSize(r.events.length);
  for (const e of r.events) writeEvent(w, e);
  writeCost(w, r.cost);
  return w.finish();
}
