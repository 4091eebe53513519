import { ByteWriter } from '../wire/writer.js';
import { encodeScriptNum } from './num.js';
import { OP_0, OP_1, OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4 } from './opcodes.js';

/** Appends a push of `data` with the shortest push opcode, as Core's `CScript << std::vector`. */
export function writePush(w: ByteWriter, data: Uint8Array): void {
  const n = data.length;
  if (n < OP_PUSHDATA1) w.u8(n);
  else if (n <= 0xff) w.u8(OP_PUSHDATA1).u8(n);
  else if (n <= 0xffff) w.u8(OP_PUSHDATA2).u16le(n);
  else w.u8(OP_PUSHDATA4).u32le(n);
  w.bytes(data);
}

/** The bytes of a single push of `data` (Core's `CScript() << data`). */
export function pushData(data: Uint8Array): Uint8Array {
  const w = new ByteWriter(data.length + 5);
  writePush(w, data);
  return w.finish();
}

/** Builds a script the way Core's CScript operator<< does. */
export class ScriptBuilder {
  private readonly w = new ByteWriter(64);

  op(...opcodes: number[]): this {
    for (const op of opcodes) {
      if (!Number.isInteger(op) || op < 0 || op > 0xff) throw new RangeError(`invalid opcode ${op}`);
      this.w.u8(op);
    }
    return this;
  }

  push(data: Uint8Array): this {
    writePush(this.w, data);
    return this;
  }

  /** Core's push_int64: OP_1NEGATE, OP_0, OP_1..OP_16 where possible, else a minimal number push. */
  pushInt(n: number): this {
    if (n === -1 || (n >= 1 && n <= 16)) return this.op(n + (OP_1 - 1));
    if (n === 0) return this.op(OP_0);
    return this.push(encodeScriptNum(n));
  }

  /** Raw bytes, not pushed (ParseScript's `0x..` words). */
  raw(bytes: Uint8Array): this {
    this.w.bytes(bytes);
    return this;
  }

  build(): Uint8Array {
    return this.w.finish();
  }
}
