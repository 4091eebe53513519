import { readFile } from 'node:fs/promises';
import { sha256, toHex } from '@funai/ledger-node';
import { readGgufFileInfo } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { generateTinyModel, TINY_EOS, tinyVocab } from '../../src/llm/gguf/tiny-model.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { GGUF_ALIGNMENT, GGUF_MAGIC, writeGguf } from '../../src/llm/gguf/writer.js';

describe('GGUF writer', () => {
  it('writes the v3 header, aligned tensor data and little-endian floats', () => {
    const bytes = writeGguf(
      [['general.name', { type: 'string', value: 'x' }]],
      [{ name: 't', dims: [3], data: Float32Array.of(1, -2, 0.5) }],
    );
    const v = new DataView(bytes.buffer);
    expect(v.getUint32(0, true)).toBe(GGUF_MAGIC);
    expect(v.getUint32(4, true)).toBe(3);
    expect(v.getBigUint64(8, true)).toBe(1n);
    expect(v.getBigUint64(16, true)).toBe(2n); // general.alignment + general.name
    const dataStart = bytes.length - 32;
    expect(dataStart % GGUF_ALIGNMENT).toBe(0);
    expect([0, 1, 2].map((i) => v.getFloat32(dataStart + 4 * i, true))).toEqual([1, -2, 0.5]);
  });

  it('refuses a tensor whose dims do not match its data', () => {
    expect(() => writeGguf([], [{ name: 't', dims: [2, 2], data: new Float32Array(3) }])).toThrow(RangeError);
  });
});

describe('generated test model', () => {
  it('is deterministic byte for byte from its seed, and two seeds differ', () => {
    const a1 = generateTinyModel({ seed: 'alpha' });
    const a2 = generateTinyModel({ seed: 'alpha' });
    const b = generateTinyModel({ seed: 'beta' });
    expect(toHex(sha256(a1))).toBe(toHex(sha256(a2)));
    expect(b.length).toBe(a1.length);
    expect(toHex(sha256(b))).not.toBe(toHex(sha256(a1)));
  });

  it('is a llama-architecture GGUF that node-llama-cpp parses, with byte fallback and yes/no tokens', async () => {
    const path = await writeTinyModel({ seed: 'alpha', layers: 3 });
    expect(toHex(sha256(await readFile(path)))).toBe(
      toHex(sha256(generateTinyModel({ seed: 'alpha', layers: 3 }))),
    );
    const info = await readGgufFileInfo(path);
    const md = info.metadata as unknown as {
      general: { architecture: string };
      llama: { block_count: number; embedding_length: number };
      tokenizer: { ggml: { model: string; tokens: string[]; token_type: number[]; eos_token_id: number } };
    };
    expect(md.general.architecture).toBe('llama');
    expect(md.llama.block_count).toBe(3);
    expect(md.tokenizer.ggml.model).toBe('llama');
    expect(md.tokenizer.ggml.eos_token_id).toBe(TINY_EOS);
    const tokens = md.tokenizer.ggml.tokens;
    expect(tokens).toEqual(tinyVocab().tokens);
    expect(tokens.length).toBeGreaterThan(300);
    expect(tokens.length).toBeLessThan(1000);
    expect(md.tokenizer.ggml.token_type.filter((t) => t === 6)).toHaveLength(256);
    for (const w of ['\u2581yes', '\u2581no', '<0x0A>', '<0xFF>']) expect(tokens).toContain(w);
    expect(info.tensorInfo?.length).toBe(1 + 9 * 3 + 2);
  });
});

describe('the cheat-test family', () => {
  it('the default model is unchanged by the family options (its tolerance profile is keyed by this id)', async () => {
    const path = await writeTinyModel({ seed: 'alpha' });
    expect(toHex(sha256(await readFile(path)))).toBe(toHex(sha256(generateTinyModel({ seed: 'alpha' }))));
    expect(generateTinyModel({ seed: 'alpha', noise: 0, eos: 'decisive' })).toEqual(
      generateTinyModel({ seed: 'alpha' }),
    );
  });

  it('noisy copies: same layout, every random weight moved by at most noise × its range, deterministic', () => {
    const base = generateTinyModel({ seed: 'flat', logitStd: 2, eos: 'competing' });
    const a = generateTinyModel({ seed: 'flat', logitStd: 2, eos: 'competing', noise: 0.01 });
    const b = generateTinyModel({ seed: 'flat', logitStd: 2, eos: 'competing', noise: 0.01 });
    const c = generateTinyModel({
      seed: 'flat',
      logitStd: 2,
      eos: 'competing',
      noise: 0.01,
      noiseSeed: 'other',
    });
    expect(a).toEqual(b);
    expect(a.length).toBe(base.length);
    expect(toHex(sha256(a))).not.toBe(toHex(sha256(base)));
    expect(toHex(sha256(c))).not.toBe(toHex(sha256(a)));
    // The tensor data is the tail; compare it as floats: relative moves bounded by the noise level.
    const n = 4096;
    const fa = new DataView(a.buffer, a.length - 4 * n, 4 * n);
    const fb = new DataView(base.buffer, base.length - 4 * n, 4 * n);
    let moved = 0;
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      const x = fa.getFloat32(4 * i, true);
      const y = fb.getFloat32(4 * i, true);
      maxAbs = Math.max(maxAbs, Math.abs(y));
      if (x !== y) moved++;
    }
    expect(moved).toBeGreaterThan(n / 2);
    for (let i = 0; i < n; i++)
      expect(Math.abs(fa.getFloat32(4 * i, true) - fb.getFloat32(4 * i, true))).toBeLessThanOrEqual(
        0.011 * maxAbs,
      );
  });

  it('competing EOS: only the EOS output row changes', () => {
    const d = generateTinyModel({ seed: 'x', eos: 'decisive' });
    const c = generateTinyModel({ seed: 'x', eos: 'competing' });
    expect(c.length).toBe(d.length);
    let diff = 0;
    for (let i = 0; i < d.length; i++) if (c[i] !== d[i]) diff++;
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(64 * 4); // one row of `embedding` floats
  });
});
