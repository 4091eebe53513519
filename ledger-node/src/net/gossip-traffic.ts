/**
 * Per-peer metering of gossipsub's streams: bytes in and out, RPC frames received (for the frame
 * rate limit), and frames whose declared length exceeds the limit (the stream is aborted before
 * such a frame is buffered, and the peer is scored).
 *
 * @libp2p/gossipsub opens and accepts its streams itself, through the registrar in the components
 * libp2p hands to its factory; so the factory is given a registrar whose gossip stream handlers and
 * whose connections' `newStream` instrument each stream before gossipsub uses it. libp2p 3's stream
 * middleware (`libp2p.use`) would be the natural hook, but libp2p 3.3's connection appends the
 * protocol handler to the registered middleware list on every inbound stream, so once middleware is
 * registered each inbound stream runs the handler again for every earlier one.
 */
import type { GossipSubComponents } from '@libp2p/gossipsub';

export interface GossipTrafficHooks {
  /** Largest RPC frame accepted, in bytes. */
  maxFrameBytes: number;
  onBytesIn(peer: string, n: number): void;
  onBytesOut(peer: string, n: number): void;
  /** One RPC frame (a length-prefixed protobuf) began arriving. */
  onFrame(peer: string): void;
  onOversized(peer: string, declared: number): void;
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

type Registrar = GossipSubComponents['registrar'];
type StreamHandler = Parameters<Registrar['handle']>[1];
type Topology = Parameters<Registrar['register']>[1];
type Stream = Parameters<StreamHandler>[0];
type Connection = Parameters<StreamHandler>[1];

/**
 * Instruments a gossip stream in place. Received data is observed with a second 'message' listener:
 * gossipsub attaches its own synchronously in its stream handler, and a stream dispatches data only
 * after that call returns, so both listeners see every chunk. (On the streams gossipsub opens, which
 * it only writes to, this listener alone drains whatever the peer sends, metered and limited alike.)
 * Sent data is counted by wrapping the stream's own `send`, the only way gossipsub writes.
 */
function meter(stream: Stream, peer: string, hooks: GossipTrafficHooks): Stream {
  const frames = new VarintFrameMeter(hooks.maxFrameBytes);
  let aborted = false;
  stream.addEventListener('message', (evt) => {
    if (aborted) return;
    const data = evt.data;
    hooks.onBytesIn(peer, data.byteLength);
    for (const chunk of data instanceof Uint8Array ? [data] : data) {
      const r = frames.push(chunk);
      for (let k = 0; k < r.frames; k++) hooks.onFrame(peer);
      if (r.oversized !== undefined) {
        aborted = true;
        hooks.onOversized(peer, r.oversized);
        stream.abort(new Error(`gossip frame of ${r.oversized} bytes exceeds ${hooks.maxFrameBytes}`));
        return;
      }
    }
  });
  const send = stream.send.bind(stream);
  stream.send = (data) => {
    hooks.onBytesOut(peer, data.byteLength);
    return send(data);
  };
  return stream;
}

/** A view of `target` with some members replaced (methods of the target stay bound to it). */
function overlay<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, p) {
      if (Object.hasOwn(overrides, p)) return (overrides as Record<PropertyKey, unknown>)[p];
      const v = Reflect.get(t, p, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

/** The connection as gossipsub sees it: the streams it opens on it are metered. */
function meteredConnection(conn: Connection, hooks: GossipTrafficHooks): Connection {
  const peer = conn.remotePeer.toString();
  return overlay(conn, {
    newStream: async (protocols, options) => meter(await conn.newStream(protocols, options), peer, hooks),
  });
}

/** Wraps a gossipsub service factory so that every gossip stream it opens or accepts is metered. */
export function meteredGossip<S>(
  factory: (components: GossipSubComponents) => S,
  hooks: GossipTrafficHooks,
): (components: GossipSubComponents) => S {
  return (components) => {
    const real = components.registrar;
    const registrar = overlay(real, {
      handle: (protocol: string, handler: StreamHandler, options) =>
        real.handle(
          protocol,
          (stream, connection) =>
            handler(
              meter(stream, connection.remotePeer.toString(), hooks),
              meteredConnection(connection, hooks),
            ),
          options,
        ),
      register: (protocol: string, topology: Topology, options) =>
        real.register(
          protocol,
          {
            ...topology,
            ...(topology.onConnect
              ? {
                  onConnect: (peerId, conn) => topology.onConnect!(peerId, meteredConnection(conn, hooks)),
                }
              : {}),
          },
          options,
        ),
    });
    return factory(overlay(components, { registrar }));
  };
}
