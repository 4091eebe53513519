/**
 * Local (never consensus) encoding of structured records in the store: JSON with byte strings as
 * `{"$b": hex}` and big integers as `{"$n": decimal}`, so the consensus core's types (Uint8Array
 * hashes, bigint amounts) round-trip without a codec per type. Records are read back only by the
 * node that wrote them.
 */
export function encodeStoredJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      if (raw instanceof Uint8Array)
        return { $b: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex') };
      if (typeof raw === 'bigint') return { $n: raw.toString() };
      return v;
    }),
  );
}

export function decodeStoredJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes), (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.$b === 'string') return Uint8Array.from(Buffer.from(o.$b, 'hex'));
      if (keys.length === 1 && typeof o.$n === 'string') return BigInt(o.$n);
    }
    return v;
  }) as T;
}
