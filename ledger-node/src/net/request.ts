/**
 * The request/response exchange of every protocol but gossip: the client opens a stream, sends
 * one request frame and closes its writing end; the server answers with zero or more frames and
 * closes. Both sides bound frame sizes and counts (framing.ts) and give up at a deadline.
 */
import { DecodeError } from '../wire/errors.js';
import { FrameError, FrameReader, FrameWriter, sendFrame } from './framing.js';
import type { Connection, Libp2pNode, Stream } from './libp2p-types.js';

export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
}

export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}

export interface TrafficHooks {
  onBytesIn(peer: string, n: number): void;
  onBytesOut(peer: string, n: number): void;
}

export interface RequestOptions {
  timeoutMs: number;
  /** Largest response frame. */
  frameLimit: number;
  /** Response frames allowed. */
  maxFrames: number;
  signal?: AbortSignal;
}

function openConnection(node: Libp2pNode, peerId: string): Connection {
  const conn = node.getConnections().find((c) => c.status === 'open' && c.remotePeer.toString() === peerId);
  if (conn === undefined) throw new NotConnectedError(`not connected to ${peerId}`);
  return conn;
}

/**
 * Sends a request to a connected peer and hands each response frame to `onFrame` as it arrives.
 * Rejects with FrameError when the peer breaks the framing rules, RequestTimeoutError at the
 * deadline, and the transport's error when the stream fails.
 */
export async function request(
  node: Libp2pNode,
  peerId: string,
  protocol: string,
  payload: Uint8Array,
  opts: RequestOptions,
  traffic: TrafficHooks,
  onFrame: (frame: Uint8Array, index: number) => void | Promise<void>,
): Promise<number> {
  const conn = openConnection(node, peerId);
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let stream: Stream;
  try {
    stream = await conn.newStream(protocol, { signal });
  } catch (e) {
    if (timeout.aborted) throw new RequestTimeoutError(`${protocol}: no stream within ${opts.timeoutMs} ms`);
    throw e;
  }
  const reader = new FrameReader(stream, {
    frameLimit: opts.frameLimit,
    maxFrames: opts.maxFrames,
    onBytes: (n) => traffic.onBytesIn(peerId, n),
  });
  const onAbort = () =>
    stream.abort(
      timeout.aborted
        ? new RequestTimeoutError(`${protocol}: no answer within ${opts.timeoutMs} ms`)
        : new Error('request cancelled'),
    );
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    traffic.onBytesOut(peerId, await sendFrame(stream, payload, signal));
    await stream.close({ signal });
    let n = 0;
    for (let f = await reader.next(); f !== null; f = await reader.next()) await onFrame(f, n++);
    return n;
  } catch (e) {
    if (stream.status === 'open') stream.abort(e as Error);
    if (timeout.aborted && !(e instanceof FrameError)) {
      throw new RequestTimeoutError(`${protocol}: no answer within ${opts.timeoutMs} ms`);
    }
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    reader.dispose();
  }
}

/** Requests a single-frame response (status, headers, addrs). */
export async function requestOne(
  node: Libp2pNode,
  peerId: string,
  protocol: string,
  payload: Uint8Array,
  opts: Omit<RequestOptions, 'maxFrames'>,
  traffic: TrafficHooks,
): Promise<Uint8Array> {
  let out: Uint8Array | undefined;
  await request(node, peerId, protocol, payload, { ...opts, maxFrames: 1 }, traffic, (f) => {
    out = f;
  });
  if (out === undefined) throw new FrameError('truncated-frame', `${protocol}: empty response`);
  return out;
}

export interface ServeOptions {
  /** Largest request frame. */
  requestLimit: number;
  /** Deadline for reading the request and writing the whole response. */
  timeoutMs: number;
  maxInboundStreams: number;
}

export interface ServeHooks extends TrafficHooks {
  /** Rate check of a new request stream; false drops it (the hook scores the peer). */
  allow(peer: string): boolean;
  /** The request broke the protocol (framing or decoding): the hook scores the peer. */
  onViolation(peer: string, reason: string, err: Error): void;
  onError(peer: string, err: Error): void;
}

/**
 * Registers the server side of a request protocol. `handle` decodes the request (throwing
 * DecodeError on malformed input) and answers through `reply`, one frame per call (frames may be
 * held back until the handler returns, at most COALESCE_BYTES of them).
 */
export async function serve(
  node: Libp2pNode,
  protocol: string,
  opts: ServeOptions,
  hooks: ServeHooks,
  handle: (
    req: Uint8Array,
    peer: string,
    reply: (payload: Uint8Array) => Promise<void>,
  ) => Promise<void> | void,
): Promise<void> {
  await node.handle(
    protocol,
    async (stream: Stream, connection: Connection) => {
      const peer = connection.remotePeer.toString();
      if (!hooks.allow(peer)) {
        stream.abort(new Error('rate limited'));
        return;
      }
      const timeout = AbortSignal.timeout(opts.timeoutMs);
      const onAbort = () => stream.abort(new RequestTimeoutError(`${protocol}: request not served in time`));
      timeout.addEventListener('abort', onAbort, { once: true });
      const reader = new FrameReader(stream, {
        frameLimit: opts.requestLimit,
        maxFrames: 1,
        onBytes: (n) => hooks.onBytesIn(peer, n),
      });
      try {
        const req = await reader.next();
        if (req === null) throw new FrameError('truncated-frame', 'no request');
        // Response frames go out in batches (framing.ts COALESCE_BYTES), not one write each.
        const writer = new FrameWriter(stream, timeout);
        await handle(req, peer, async (payload) => {
          hooks.onBytesOut(peer, await writer.add(payload));
        });
        await writer.flush();
        await stream.close({ signal: timeout });
      } catch (e) {
        const err = e as Error;
        if (e instanceof FrameError && e.punishable) hooks.onViolation(peer, e.message, err);
        else if (e instanceof DecodeError) hooks.onViolation(peer, `malformed request (${e.reason})`, err);
        else if (!timeout.aborted && !(e instanceof FrameError)) hooks.onError(peer, err);
        if (stream.status === 'open') stream.abort(err);
      } finally {
        timeout.removeEventListener('abort', onAbort);
        reader.dispose();
      }
    },
    { maxInboundStreams: opts.maxInboundStreams, maxOutboundStreams: opts.maxInboundStreams },
  );
}
