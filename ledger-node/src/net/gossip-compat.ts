/**
 * Runs @chainsafe/libp2p-gossipsub 14 (written for libp2p 2's streams) on libp2p 3.
 *
 * libp2p 3 changed three things gossipsub 14 relies on: stream handlers are called as
 * `(stream, connection)` instead of `({ stream, connection })`; a stream is an event target with
 * `send()` and async iteration instead of an it-stream duplex with `sink` and `source`; and
 * multiaddrs (v13) lost `tuples()`, which gossipsub reads for peer-scoring by IP. This adapter gives
 * gossipsub a registrar whose handlers, topology callbacks and new streams look like libp2p 2's,
 * over the real libp2p 3 objects. It also meters the gossip traffic of every peer: bytes in and
 * out, RPC frames received, and frames whose declared length exceeds the limit (the stream is
 * aborted before such a frame is buffered).
 */
import { multiaddr as legacyMultiaddr } from '@multiformats/multiaddr';
import type { Connection, Stream } from './libp2p-types.js';

export interface GossipTrafficHooks {
  /** Largest RPC frame accepted, in bytes. */
  maxFrameBytes: number;
  onBytesIn(peer: string, n: number): void;
  onBytesOut(peer: string, n: number): void;
  /** One RPC frame (a length-prefixed protobuf) began arriving. */
  onFrame(peer: string): void;
  onOversized(peer: string, declared: number): void;
}

type Chunk = Uint8Array | { byteLength: number; subarray(): Uint8Array };

function bytesOf(c: Chunk): Uint8Array {
  return c instanceof Uint8Array ? c : c.subarray();
}

/** Follows the unsigned-varint length prefixes of gossipsub's RPC frames across chunks. */
export class VarintFrameMeter {
  private skip = 0;
  private varint = 0;
  private shift = 0;
  private varintBytes = 0;

  constructor(private readonly maxFrame: number) {}

  /** Frames started in `chunk`, or an `oversized` length as soon as one is declared. */
  push(chunk: Uint8Array): { frames: number; oversized?: number } {
    let frames = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const k = Math.min(this.skip, chunk.length - i);
        this.skip -= k;
        i += k;
        continue;
      }
      const b = chunk[i++]!;
      this.varint += (b & 0x7f) * 2 ** this.shift;
      this.shift += 7;
      this.varintBytes++;
      if (b & 0x80) {
        if (this.varintBytes >= 5) return { frames, oversized: this.varint };
        continue;
      }
      const len = this.varint;
      this.varint = 0;
      this.shift = 0;
      this.varintBytes = 0;
      frames++;
      if (len > this.maxFrame) return { frames, oversized: len };
      this.skip = len;
    }
    return { frames };
  }
}

interface LegacyStream {
  readonly protocol: string;
  source: AsyncIterable<Chunk>;
  sink(source: AsyncIterable<Chunk>): Promise<void>;
  close(options?: { signal?: AbortSignal }): Promise<void>;
  abort(err: Error): void;
}

function legacyStream(stream: Stream, peer: string, hooks: GossipTrafficHooks): LegacyStream {
  async function* source(): AsyncGenerator<Chunk> {
    const meter = new VarintFrameMeter(hooks.maxFrameBytes);
    for await (const chunk of stream) {
      hooks.onBytesIn(peer, chunk.byteLength);
      const r = meter.push(bytesOf(chunk));
      for (let k = 0; k < r.frames; k++) hooks.onFrame(peer);
      if (r.oversized !== undefined) {
        hooks.onOversized(peer, r.oversized);
        stream.abort(new Error(`gossip frame of ${r.oversized} bytes exceeds ${hooks.maxFrameBytes}`));
        return;
      }
      yield chunk;
    }
  }
  return {
    get protocol() {
      return stream.protocol;
    },
    source: source(),
    async sink(src: AsyncIterable<Chunk>): Promise<void> {
      for await (const chunk of src) {
        hooks.onBytesOut(peer, chunk.byteLength);
        if (!stream.send(chunk as Uint8Array)) await stream.onDrain();
      }
      await stream.close();
    },
    close: (options) => stream.close(options),
    abort: (err) => stream.abort(err),
  };
}

function passThrough<T extends object>(target: T, overrides: Record<PropertyKey, unknown>): T {
  return new Proxy(target, {
    get(t, p) {
      if (Object.hasOwn(overrides, p)) return overrides[p];
      const v = Reflect.get(t, p, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

function legacyConnection(conn: Connection, hooks: GossipTrafficHooks): Connection {
  const peer = conn.remotePeer.toString();
  return passThrough(conn, {
    remoteAddr: legacyMultiaddr(conn.remoteAddr.toString()),
    newStream: async (protocols: string | string[], options?: object) =>
      legacyStream(await conn.newStream(protocols, options), peer, hooks),
  });
}

interface Registrar {
  handle(protocol: string, handler: unknown, options?: unknown): Promise<void>;
  register(protocol: string, topology: { onConnect?: (...a: unknown[]) => unknown }): Promise<string>;
}

/** Wraps a gossipsub service factory so that it runs on libp2p 3 (see the module comment). */
export function onLibp2p3<C extends object, S>(factory: (components: never) => S, hooks: GossipTrafficHooks) {
  return (components: C): S => {
    const real = (components as unknown as { registrar: Registrar }).registrar;
    const registrar = passThrough(real, {
      handle: (
        protocol: string,
        handler: (arg: { stream: LegacyStream; connection: Connection }) => void,
        options?: unknown,
      ) =>
        real.handle(
          protocol,
          (stream: Stream, connection: Connection) =>
            handler({
              stream: legacyStream(stream, connection.remotePeer.toString(), hooks),
              connection: legacyConnection(connection, hooks),
            }),
          options,
        ),
      register: (
        protocol: string,
        topology: { onConnect?: (peerId: unknown, conn: Connection) => unknown },
      ) =>
        real.register(protocol, {
          ...topology,
          ...(topology.onConnect
            ? {
                onConnect: (peerId: unknown, conn: Connection) =>
                  topology.onConnect!(peerId, legacyConnection(conn, hooks)),
              }
            : {}),
        } as never),
    });
    return factory(passThrough(components, { registrar }) as never);
  };
}
