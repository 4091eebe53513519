import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FrameError, FrameReader, frame } from '../../src/net/framing.js';
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
