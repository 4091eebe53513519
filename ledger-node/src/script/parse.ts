import { DecodeError } from '../wire/errors.js';
import { OP_INVALIDOPCODE, OP_PUSHDATA1, OP_PUSHDATA2, OP_PUSHDATA4 } from './opcodes.js';

/** A script that cannot be split into operations: a push runs past the end of the script. */
export class ScriptParseError extends DecodeError {
  constructor(
    reason: string,
    message: string,
    /** Byte offset of the operation that failed. */
    readonly offset: number,
  ) {
    super(reason, message);
  }
}

/**
 * A cursor over a script's operations with exactly the semantics of Bitcoin Core's GetScriptOp,
 * allocation-free: pushed data is described by offsets and read as a view with `data()`.
 *
 * `next()` returns false at the end of the script and when an operation is truncated; in the
 * second case `pc` is left where Core leaves its iterator (after the opcode and whatever length
 * bytes could be read), which the legacy sighash's scriptCode serialization depends on.
 */
export class ScriptCursor {
  pc: number;
  /** Offset of the current operation's opcode byte. */
  start = 0;
  opcode = OP_INVALIDOPCODE;
  dataStart = 0;
  dataEnd = 0;

  constructor(
    readonly script: Uint8Array,
    pc = 0,
  ) {
    this.pc = pc;
  }

  get done(): boolean {
    return this.pc >= this.script.length;
  }

  next(): boolean {
    const s = this.script;
    const end = s.length;
    let pc = this.pc;
    this.opcode = OP_INVALIDOPCODE;
    this.dataStart = this.dataEnd = pc;
    if (pc >= end) return false;
    this.start = pc;
    const opcode = s[pc++]!;
    if (opcode <= OP_PUSHDATA4) {
      let size: number;
      if (opcode < OP_PUSHDATA1) {
        size = opcode;
      } else if (opcode === OP_PUSHDATA1) {
        if (end - pc < 1) return this.fail(pc);
        size = s[pc++]!;
      } else if (opcode === OP_PUSHDATA2) {
        if (end - pc < 2) return this.fail(pc);
        size = s[pc]! | (s[pc + 1]! << 8);
        pc += 2;
      } else {
        if (end - pc < 4) return this.fail(pc);
        size = (s[pc]! | (s[pc + 1]! << 8) | (s[pc + 2]! << 16) | (s[pc + 3]! << 24)) >>> 0;
        pc += 4;
      }
      if (end - pc < size) return this.fail(pc);
      this.dataStart = pc;
      this.dataEnd = pc + size;
      pc += size;
    }
    this.opcode = opcode;
    this.pc = pc;
    return true;
  }

  private fail(pc: number): false {
    this.pc = pc;
    this.dataStart = this.dataEnd = pc;
    return false;
  }

  /** The current operation's pushed bytes (a view into the script; empty for non-push opcodes). */
  data(): Uint8Array {
    return this.script.subarray(this.dataStart, this.dataEnd);
  }

  get dataLength(): number {
    return this.dataEnd - this.dataStart;
  }
}

/** One decoded operation: its opcode, and for pushes (opcodes 0x00..0x4e) the bytes pushed. */
export interface ScriptOp {
  opcode: number;
  /** Pushed bytes for push opcodes (a copy); undefined for every other opcode. */
  data?: Uint8Array;
  /** Byte offset of the opcode in the script. */
  offset: number;
}

/**
 * Splits a script into operations. Throws ScriptParseError('script-truncated-push') when a push
 * runs past the end; every other byte string decodes (undefined opcodes are operations too).
 */
export function decodeScript(script: Uint8Array): ScriptOp[] {
  // Copies each push, so the ops outlive the script buffer.
  return Array.from(scriptOps(script), (op) => (op.data ? { ...op, data: op.data.slice() } : op));
}

/** Iterates a script's operations, throwing ScriptParseError at a truncated push. */
export function* scriptOps(script: Uint8Array): Generator<ScriptOp> {
  const c = new ScriptCursor(script);
  while (!c.done) {
    const offset = c.pc;
    if (!c.next()) {
      throw new ScriptParseError(
        'script-truncated-push',
        `push at offset ${offset} runs past the end`,
        offset,
      );
    }
    yield c.opcode <= OP_PUSHDATA4
      ? { opcode: c.opcode, data: c.data(), offset }
      : { opcode: c.opcode, offset };
  }
}
