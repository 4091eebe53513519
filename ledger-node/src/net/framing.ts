/**
 * Length-prefixed frames over a libp2p 3 stream: a 4-byte little-endian payload length, then the
 * payload. The reader checks each frame's declared length against the limit as soon as its 4
 * bytes arrive, and the number of frames against what the exchange allows, so a peer cannot make
 * it buffer more than `frameLimit × maxFrames` bytes.
 */
import type { Stream } from './libp2p-types.js';
import { FRAME_HEADER_BYTES } from './protocols.js';

export type FrameViolation = 'oversized-frame' | 'too-many-frames' | 'truncated-frame';

/**
 * The remote broke the framing rules. Oversized frames and surplus frames are protocol violations
 * the peer is scored for; a truncated exchange is not, since a dropped connection looks the same.
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly reason: FrameViolation,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }

  get punishable(): boolean {
    return this.reason !== 'truncated-frame';
  }
}

export interface FrameReaderOptions {
  /** Largest payload a frame may declare. */
  frameLimit: number;
  /** Frames the remote may send on this stream in all. */
  maxFrames: number;
  /** Called with the size of every chunk received (traffic accounting). */
  onBytes?: (n: number) => void;
}

function asBytes(data: Uint8Array | { subarray(): Uint8Array }): Uint8Array {
  return data instanceof Uint8Array ? data : data.subarray();
}

/** Reads the frames of one stream, in order; `next()` resolves null once the remote ends cleanly. */
export class FrameReader {
  private parts: Uint8Array[] = [];
  private partsLength = 0;
  /** Payload length of the frame being received, or -1 while its header is incomplete. */
  private expecting = -1;
  private readonly frames: Uint8Array[] = [];
  private framesSeen = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: Stream,
    private readonly opts: FrameReaderOptions,
  ) {
    stream.addEventListener('message', this.onMessage);
    stream.addEventListener('remoteCloseWrite', this.onRemoteEnd);
    stream.addEventListener('close', this.onClose);
    if (stream.remoteWriteStatus === 'closed' || stream.status !== 'open') this.ended = true;
  }

  private readonly onMessage = (evt: { data: Uint8Array | { subarray(): Uint8Array } }): void => {
    if (this.failure !== undefined) return;
    const chunk = asBytes(evt.data);
    this.opts.onBytes?.(chunk.length);
    this.parts.push(chunk);
    this.partsLength += chunk.length;
    try {
      this.parse();
    } catch (e) {
      this.fail(e as Error);
      this.stream.abort(e as Error);
    }
    this.notify();
  };

  private readonly onRemoteEnd = (): void => {
    this.ended = true;
    this.notify();
  };

  private readonly onClose = (evt: Event): void => {
    const err = (evt as Event & { error?: Error }).error;
    if (err !== undefined && this.failure === undefined) this.failure = err;
    this.ended = true;
    this.notify();
  };

  private fail(e: Error): void {
    if (this.failure === undefined) this.failure = e;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const first = this.parts[0]!;
    let out: Uint8Array;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.parts.shift();
      else this.parts[0] = first.subarray(n);
    } else {
      out = new Uint8Array(n);
      let o = 0;
      while (o < n) {
        const p = this.parts[0]!;
        const k = Math.min(p.length, n - o);
        out.set(p.subarray(0, k), o);
        o += k;
        if (k === p.length) this.parts.shift();
        else this.parts[0] = p.subarray(k);
      }
    }
    this.partsLength -= n;
    return out;
  }

  private parse(): void {
    for (;;) {
      if (this.expecting < 0) {
        if (this.partsLength < FRAME_HEADER_BYTES) return;
        const h = this.take(FRAME_HEADER_BYTES);
        const len = new DataView(h.buffer, h.byteOffset, FRAME_HEADER_BYTES).getUint32(0, true);
        if (len > this.opts.frameLimit)
          throw new FrameError('oversized-frame', `${len} > ${this.opts.frameLimit}`);
        if (++this.framesSeen > this.opts.maxFrames)
          throw new FrameError('too-many-frames', `> ${this.opts.maxFrames}`);
        this.expecting = len;
      }
      if (this.partsLength < this.expecting) return;
      // Copied out so that the payload never aliases a transport buffer that is reused.
      this.frames.push(this.take(this.expecting).slice());
      this.expecting = -1;
    }
  }

  /** The next frame's payload, or null when the remote closed its end after whole frames. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      const f = this.frames.shift();
      if (f !== undefined) return f;
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) {
        if (this.partsLength > 0 || this.expecting >= 0) throw new FrameError('truncated-frame');
        return null;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  dispose(): void {
    this.stream.removeEventListener('message', this.onMessage);
    this.stream.removeEventListener('remoteCloseWrite', this.onRemoteEnd);
    this.stream.removeEventListener('close', this.onClose);
  }
}

export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length, true);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** Writes one frame, waiting for the stream to drain when its buffer is full. Returns the bytes sent. */
export async function sendFrame(stream: Stream, payload: Uint8Array, signal?: AbortSignal): Promise<number> {
  const bytes = frame(payload);
  if (!stream.send(bytes)) await stream.onDrain(signal ? { signal } : {});
  return bytes.length;
}

/**
 * Bytes of frames gathered into one stream write. Every write costs a Yamux frame, a Noise message
 * (one cipher set-up and tag each), a socket write and, on the receiving side, a window update sent
 * back: per small block that overhead is as large as the block's own handling. Just under Noise's
 * largest message (65,535 bytes with its 16-byte tag, less Yamux's 12-byte header) so that one write
 * is one message.
 */
export const COALESCE_BYTES = 65_535 - 16 - 12;

/**
 * Frames written to a stream in batches: `add` queues a frame and writes the queue first when the
 * frame would take it past COALESCE_BYTES (a larger frame is written on its own); `flush` writes
 * what is queued. What is held back is bounded by COALESCE_BYTES whatever the frames.
 */
export class FrameWriter {
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;

  constructor(
    private readonly stream: Stream,
    private readonly signal?: AbortSignal,
  ) {}

  /** Queues one frame; resolves once it is queued or written. Returns its bytes on the wire. */
  async add(payload: Uint8Array): Promise<number> {
    const n = FRAME_HEADER_BYTES + payload.length;
    if (this.queuedBytes + n > COALESCE_BYTES) await this.flush();
    if (n > COALESCE_BYTES) {
      await this.write(frame(payload));
      return n;
    }
    this.queued.push(payload);
    this.queuedBytes += n;
    return n;
  }

  async flush(): Promise<void> {
    if (this.queuedBytes === 0) return;
    const out = new Uint8Array(this.queuedBytes);
    const view = new DataView(out.buffer);
    let o = 0;
    for (const p of this.queued) {
      view.setUint32(o, p.length, true);
      out.set(p, o + FRAME_HEADER_BYTES);
      o += FRAME_HEADER_BYTES + p.length;
    }
    this.queued = [];
    this.queuedBytes = 0;
    await this.write(out);
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (!this.stream.send(bytes)) await this.stream.onDrain(this.signal ? { signal: this.signal } : {});
  }
}
