import { ByteWriter } from '@funai/ledger-node';

/**
 * A GGUF v3 writer (ggml docs/gguf.md): header, metadata key/values, tensor infos, then the tensor
 * data, each tensor aligned to `general.alignment` (32 here). It writes only what the test-model
 * generator needs (scalar and array metadata, F32 tensors) and always in the order given, so its
 * output is a pure function of its input.
 */

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = 32;

/** GGUF metadata value types (gguf.md `gguf_metadata_value_type`). */
const T_UINT32 = 4;
const T_INT32 = 5;
const T_FLOAT32 = 6;
const T_BOOL = 7;
const T_STRING = 8;
const T_ARRAY = 9;

/** ggml tensor type of 32-bit floats. */
const GGML_TYPE_F32 = 0;

export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'f32[]'; value: readonly number[] }
  | { type: 'i32[]'; value: readonly number[] };

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the fastest-varying (row length). */
  dims: readonly number[];
  data: Float32Array;
}

const utf8 = new TextEncoder();

function f32(w: ByteWriter, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  w.bytes(b);
}

function str(w: ByteWriter, s: string): void {
  const b = utf8.encode(s);
  w.u64le(BigInt(b.length)).bytes(b);
}

function value(w: ByteWriter, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
      w.u32le(T_UINT32).u32le(v.value);
      return;
    case 'i32':
      w.u32le(T_INT32).i32le(v.value);
      return;
    case 'f32':
      w.u32le(T_FLOAT32);
      f32(w, v.value);
      return;
    case 'bool':
      w.u32le(T_BOOL).u8(v.value ? 1 : 0);
      return;
    case 'string':
      w.u32le(T_STRING);
      str(w, v.value);
      return;
    case 'string[]':
      w.u32le(T_ARRAY).u32le(T_STRING).u64le(BigInt(v.value.length));
      for (const s of v.value) str(w, s);
      return;
    case 'f32[]':
      w.u32le(T_ARRAY).u32le(T_FLOAT32).u64le(BigInt(v.value.length));
      for (const x of v.value) f32(w, x);
      return;
    case 'i32[]':
      w.u32le(T_ARRAY).u32le(T_INT32).u64le(BigInt(v.value.length));
      for (const x of v.value) w.i32le(x);
      return;
  }
}

const align = (n: number): number => Math.ceil(n / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;

/** Serializes a GGUF v3 file. */
export function writeGguf(
  metadata: ReadonlyArray<readonly [string, GgufValue]>,
  tensors: readonly GgufTensor[],
): Uint8Array {
  const w = new ByteWriter(1 << 16);
  w.u32le(GGUF_MAGIC)
    .u32le(GGUF_VERSION)
    .u64le(BigInt(tensors.length))
    .u64le(BigInt(metadata.length + 1));
  str(w, 'general.alignment');
  value(w, { type: 'u32', value: GGUF_ALIGNMENT });
  for (const [k, v] of metadata) {
    str(w, k);
    value(w, v);
  }
  let offset = 0;
  for (const t of tensors) {
    const elements = t.dims.reduce((a, b) => a * b, 1);
    if (elements !== t.data.length) throw new RangeError(`tensor ${t.name}: dims do not match data`);
    str(w, t.name);
    w.u32le(t.dims.length);
    for (const d of t.dims) w.u64le(BigInt(d));
    w.u32le(GGML_TYPE_F32).u64le(BigInt(offset));
    offset = align(offset + t.data.byteLength);
  }
  const head = w.finish();
  const dataStart = align(head.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(head);
  let o = dataStart;
  for (const t of tensors) {
    // Float32Array is host-endian; GGUF is little-endian, so write through a DataView.
    const view = new DataView(out.buffer, o, t.data.byteLength);
    for (let i = 0; i < t.data.length; i++) view.setFloat32(i * 4, t.data[i]!, true);
    o = align(o + t.data.byteLength);
  }
  return out;
}
