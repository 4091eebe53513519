import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { COALESCE_BYTES, FrameError, FrameReader, FrameWriter, frame } from '../../src/net/framing.js';
import { VarintFrameMeter } from '../../src/net/gossip-traffic.js';
import type { Stream } from '../../src/net/libp2p-types.js';
import { varint } from '../support/varint.js';

/** Enough of a libp2p 3 stream for the reader: message, remoteCloseWrite and close events. */
class FakeStream extends EventTarget {
  status = 'open';
  remoteWriteStatus = 'writable';
  aborted: Error | undefined;

  push(data: Uint8Array): void {
    const e = new Event('message') as Event & { data: Uint8Array };
    e.data = data;
    this.dispatchEvent(e);
  }

  end(): void {
    this.remoteWriteStatus = 'closed';
    this.dispatchEvent(new Event('remoteCloseWrite'));
  }

  abort(err: Error): void {
    this.aborted = err;
    this.status = 'aborted';
    const e = new Event('close') as Event & { error: Error };
    e.error = err;
    this.dispatchEvent(e);
  }
}

function reader(s: FakeStream, frameLimit = 1000, maxFrames = 100, onBytes?: (n: number) => void) {
  return new FrameReader(s as unknown as Stream, { frameLimit, maxFrames, ...(onBytes ? { onBytes } : {}) });
}

describe('FrameReader', () => {
  test('reassembles frames however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        async (payloads, cuts) => {
          const s = new FakeStream();
          let counted = 0;
          const r = reader(s, 1000, 100, (n) => {
            counted += n;
          });
          const bytes = Uint8Array.from(payloads.flatMap((p) => [...frame(p)]));
          let o = 0;
          for (let i = 0; o < bytes.length; i++) {
            const n = cuts[i % cuts.length]!;
            s.push(bytes.subarray(o, o + n));
            o += n;
          }
          s.end();
          const out: Uint8Array[] = [];
          for (let f = await r.next(); f !== null; f = await r.next()) out.push(f);
          expect(out.map((f) => [...f])).toEqual(payloads.map((p) => [...p]));
          expect(counted).toBe(bytes.length);
        },
      ),
    );
  });

  test('rejects a frame that declares more than the limit as soon as its length arrives', async () => {
    const s = new FakeStream();
    const r = reader(s, 100);
    const pending = r.next();
    s.push(Uint8Array.of(101, 0, 0, 0));
    await expect(pending).rejects.toMatchObject({ reason: 'oversized-frame' });
    expect(s.aborted).toBeInstanceOf(FrameError);
  });

  test('rejects more frames than the exchange allows', async () => {
    const s = new FakeStream();
    const r = reader(s, 100, 1);
    s.push(Uint8Array.of(...frame(Uint8Array.of(1)), ...frame(Uint8Array.of(2))));
    // The allowed frame is delivered; the surplus one fails the stream.
    expect([...(await r.next())!]).toEqual([1]);
    await expect(r.next()).rejects.toMatchObject({ reason: 'too-many-frames' });
    expect(s.aborted).toBeInstanceOf(FrameError);
  });

  test('a stream that ends inside a frame is truncated, which is not punishable', async () => {
    const s = new FakeStream();
    const r = reader(s);
    s.push(Uint8Array.of(5, 0, 0, 0, 1, 2));
    s.end();
    const err = await r.next().catch((e) => e as FrameError);
    expect(err).toBeInstanceOf(FrameError);
    expect((err as FrameError).reason).toBe('truncated-frame');
    expect((err as FrameError).punishable).toBe(false);
    expect(new FrameError('oversized-frame').punishable).toBe(true);
  });

  test('an empty frame is a valid (empty) payload', async () => {
    const s = new FakeStream();
    const r = reader(s);
    s.push(frame(new Uint8Array(0)));
    s.end();
    expect((await r.next())!.length).toBe(0);
    expect(await r.next()).toBeNull();
  });

  test('a stream reset fails the pending read with the transport error', async () => {
    const s = new FakeStream();
    const r = reader(s);
    const pending = r.next();
    s.abort(new Error('reset by peer'));
    await expect(pending).rejects.toThrow('reset by peer');
  });
});

/** The writing side of a stream: records each write; `full` makes send ask the writer to wait for drain. */
class RecordingStream {
  readonly writes: Uint8Array[] = [];
  full = false;
  drains = 0;

  send(data: Uint8Array): boolean {
    this.writes.push(data.slice());
    return !this.full;
  }

  async onDrain(): Promise<void> {
    this.drains++;
  }
}

describe('FrameWriter', () => {
  test('batches frames into writes of at most COALESCE_BYTES (a larger frame alone), in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: COALESCE_BYTES + 100 }), { maxLength: 12 }),
        async (sizes) => {
          const s = new RecordingStream();
          const w = new FrameWriter(s as unknown as Stream);
          const payloads = sizes.map((n, i) => new Uint8Array(n).fill(i));
          let counted = 0;
          for (const p of payloads) counted += await w.add(p);
          await w.flush();
          const wire = Buffer.concat(s.writes);
          expect(wire.equals(Buffer.concat(payloads.map((p) => frame(p))))).toBe(true);
          expect(counted).toBe(wire.length);
          for (const b of s.writes) {
            const single = b.length > COALESCE_BYTES;
            // A write over the bound is exactly one frame.
            if (single) expect(new DataView(b.buffer).getUint32(0, true) + 4).toBe(b.length);
          }
          // No two consecutive writes would have fitted in one.
          for (let i = 1; i < s.writes.length; i++)
            expect(s.writes[i - 1]!.length + s.writes[i]!.length).toBeGreaterThan(COALESCE_BYTES);
        },
      ),
    );
  });

  test('many small frames go out in few writes', async () => {
    const s = new RecordingStream();
    const w = new FrameWriter(s as unknown as Stream);
    for (let i = 0; i < 100; i++) await w.add(new Uint8Array(2500));
    expect(s.writes.length).toBe(3);
    await w.flush();
    expect(s.writes.length).toBe(4);
    await w.flush();
    expect(s.writes.length).toBe(4);
  });

  test('waits for the stream to drain when its buffer is full', async () => {
    const s = new RecordingStream();
    s.full = true;
    const w = new FrameWriter(s as unknown as Stream);
    await w.add(Uint8Array.of(1));
    expect(s.drains).toBe(0);
    await w.flush();
    expect(s.drains).toBe(1);
  });
});

describe('VarintFrameMeter (gossip RPC frames)', () => {
  test('counts frames across chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 400 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 7 }),
        (sizes, cut) => {
          const bytes = Uint8Array.from(
            sizes.flatMap((n) => [...varint(n), ...new Array<number>(n).fill(0xaa)]),
          );
          const m = new VarintFrameMeter(1000);
          let frames = 0;
          for (let o = 0; o < bytes.length; o += cut) {
            const r = m.push(bytes.subarray(o, o + cut));
            expect(r.oversized).toBeUndefined();
            frames += r.frames;
          }
          expect(frames).toBe(sizes.length);
        },
      ),
    );
  });

  test('reports a declared length over the limit before the payload arrives', () => {
    const m = new VarintFrameMeter(1000);
    expect(m.push(Uint8Array.from(varint(1001)))).toEqual({ frames: 1, oversized: 1001 });
    const n = new VarintFrameMeter(1000);
    expect(n.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff)).oversized).toBeGreaterThan(1000);
  });
});
