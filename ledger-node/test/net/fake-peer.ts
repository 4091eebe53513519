/**
 * A scripted peer: a bare libp2p node that speaks the ledger's request protocols from a block list
 * it is given, valid or not, and can send arbitrary bytes. It stands in for a malicious node.
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { ChainParams } from '../../src/consensus/params.js';
import type { Libp2pNode, Multiaddr, Stream } from '../../src/net/libp2p-types.js';
import {
  decodeGetBlocks,
  decodeGetHeaders,
  encodeBlockResponse,
  encodeGetBlocks,
  encodeHeaders,
  encodeStatus,
} from '../../src/net/messages.js';
import type { NetworkProtocols } from '../../src/net/protocols.js';
import { MAX_HEADERS_RESULTS, networkProtocols } from '../../src/net/protocols.js';
import { request, requestOne, serve } from '../../src/net/request.js';
import type { Block } from '../../src/wire/block.js';
import { encodeBlock } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import { blockHash } from '../../src/wire/header.js';

const noTraffic = { onBytesIn: () => {}, onBytesOut: () => {} };

export class FakePeer {
  readonly protocols: NetworkProtocols;
  private readonly hashes: Uint8Array[];
  private readonly raw = new Map<string, Uint8Array>();

  /** Get-blocks requests received (answered or, when stalling, held open). */
  blockRequests = 0;
  /** Get-headers requests received. */
  headerRequests = 0;
  private headersGate: Promise<void> = Promise.resolve();
  private openHeadersGate: (() => void) | undefined;
  private unstall: (() => void) | undefined;
  private readonly stalled = new Promise<void>((resolve) => {
    this.unstall = resolve;
  });

  private constructor(
    readonly node: Libp2pNode,
    readonly params: ChainParams,
    readonly blocks: Block[],
    /** Never answer a get-blocks request (hold it open until stopped), as a stalling peer. */
    private readonly stallBlocks: boolean,
  ) {
    this.protocols = networkProtocols(params.genesisHash);
    this.hashes = [params.genesisHash, ...blocks.map((b) => blockHash(b.header))];
    blocks.forEach((b, i) => {
      this.raw.set(toHex(this.hashes[i + 1]!), encodeBlock(b));
    });
  }

  /** `blocks` are heights 1..n of the chain the peer claims. */
  static async start(
    params: ChainParams,
    blocks: Block[],
    o: { stallBlocks?: boolean } = {},
  ): Promise<FakePeer> {
    const node = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify(), ping: ping() },
    });
    const f = new FakePeer(node, params, blocks, o.stallBlocks ?? false);
    await f.serveChain();
    return f;
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  private async serveChain(): Promise<void> {
    const hooks = { ...noTraffic, allow: () => true, onViolation: () => {}, onError: () => {} };
    const opts = { requestLimit: 1 << 20, timeoutMs: 10_000, maxInboundStreams: 32 };
    const ids = this.protocols.ids;
    await serve(this.node, ids.status, opts, hooks, async (_req, _peer, reply) =>
      reply(encodeStatus(this.status())),
    );
    await serve(this.node, ids.headers, opts, hooks, async (req, _peer, reply) => {
      const { locator } = decodeGetHeaders(req);
      this.headerRequests++;
      await this.headersGate;
      const keys = this.hashes.map((h) => toHex(h));
      let from = 0;
      for (const h of locator) {
        const i = keys.indexOf(toHex(h));
        if (i >= 0) {
          from = i;
          break;
        }
      }
      const headers = this.blocks.slice(from, from + MAX_HEADERS_RESULTS).map((b) => b.header);
      await reply(encodeHeaders(headers));
    });
    const blocksOpts = this.stallBlocks ? { ...opts, timeoutMs: 600_000 } : opts;
    await serve(this.node, ids.blocks, blocksOpts, hooks, async (req, _peer, reply) => {
      const hashes = decodeGetBlocks(req);
      this.blockRequests++;
      if (this.stallBlocks) return this.stalled;
      for (const h of hashes) await reply(encodeBlockResponse(this.raw.get(toHex(h))));
    });
  }

  private status() {
    return {
      version: 1,
      height: this.blocks.length,
      tipHash: this.hashes[this.hashes.length - 1]!,
      chainWork: 0n,
      userAgent: '/fake-peer/',
    };
  }

  /** Connects to a node and introduces itself (status handshake). */
  async connectTo(addr: string): Promise<string> {
    const conn = await this.node.dial(multiaddr(addr) as unknown as Multiaddr);
    const peer = conn.remotePeer.toString();
    await requestOne(
      this.node,
      peer,
      this.protocols.ids.status,
      encodeStatus(this.status()),
      { timeoutMs: 5_000, frameLimit: 1 << 16 },
      noTraffic,
    );
    return peer;
  }

  /** Sends a status request (one request stream) to a connected peer. */
  async statusRequest(peer: string): Promise<void> {
    await requestOne(
      this.node,
      peer,
      this.protocols.ids.status,
      encodeStatus(this.status()),
      { timeoutMs: 5_000, frameLimit: 1 << 16 },
      noTraffic,
    );
  }

  /** Headers requests are held (unanswered) until `releaseHeaders`. */
  holdHeaders(): void {
    this.headersGate = new Promise((resolve) => {
      this.openHeadersGate = resolve;
    });
  }

  releaseHeaders(): void {
    this.openHeadersGate?.();
    this.headersGate = Promise.resolve();
  }

  /** Requests blocks of a connected peer on `protocol`: one response payload per frame. */
  async getBlocks(peer: string, protocol: string, hashes: Uint8Array[], max?: number): Promise<Uint8Array[]> {
    const frames: Uint8Array[] = [];
    await request(
      this.node,
      peer,
      protocol,
      encodeGetBlocks(hashes, max),
      { timeoutMs: 10_000, frameLimit: 1 << 22, maxFrames: hashes.length },
      noTraffic,
      (f) => {
        frames.push(f);
      },
    );
    return frames;
  }

  /** Opens a stream of `protocol` to a connected peer and writes raw bytes on it. */
  async sendRaw(peer: string, protocol: string, bytes: Uint8Array): Promise<Stream> {
    const conn = this.node.getConnections().find((c) => c.remotePeer.toString() === peer);
    if (!conn) throw new Error('not connected');
    const stream = await conn.newStream(protocol);
    stream.send(bytes);
    return stream;
  }

  connectedTo(peer: string): boolean {
    return this.node.getConnections().some((c) => c.remotePeer.toString() === peer && c.status === 'open');
  }

  async stop(): Promise<void> {
    this.unstall?.();
    this.releaseHeaders();
    await this.node.stop();
  }
}
