/**
 * The inference node's peer-to-peer network (docs/protocol.md §16.6) on libp2p 3, as the ledger's:
 * TCP, Noise, Yamux, identify; a persistent Ed25519 node key; gossipsub (no signatures, message id =
 * SHA-256 of the data) for inference blocks, each validated before it is forwarded; and a one-shot
 * request protocol to fetch a block by hash (a late joiner's sync, a block whose parent is unknown).
 * A peer that sends invalid data is banned for the session and disconnected.
 *
 * The ledger node's framing, limits, peer scores and ban list (ledger-node/src/net) are not exported
 * by @funai/ledger-node, so this layer keeps to what needs none of them: gossip frames are bounded by
 * gossipsub's maxInboundDataLength, a block request is 32 bytes and its answer one block (bounded).
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { sha256, toHex } from '@funai/ledger-node';
import { funaiGossipsubOptions } from '@funai/ledger-node/node-kit';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { Logger } from 'pino';
import { MAX_BLOCK_BODY_BYTES } from '../block/limits.js';
import {
  CONTENTS_BATCH_RECORDS,
  MAX_CONTENTS_REPLY_BYTES,
  MAX_RECORD_CONTENT_BYTES,
} from '../roles/verifier.js';

type Libp2pNode = Awaited<ReturnType<typeof createLibp2p>>;
type Connection = ReturnType<Libp2pNode['getConnections']>[number];
type Stream = Awaited<ReturnType<Connection['newStream']>>;
type PrivateKey = NonNullable<NonNullable<Parameters<typeof createLibp2p>[0]>['privateKey']>;

export type ValidationResult = 'accept' | 'reject' | 'ignore';

/** What gossipsub's implementation offers beyond its exported interface (as ledger-node/src/net/relay.ts). */
interface GossipService {
  subscribe(topic: string): void;
  publish(topic: string, data: Uint8Array): Promise<{ recipients: unknown[] }>;
  addEventListener(type: 'gossipsub:message', listener: (evt: CustomEvent<GossipMessage>) => void): void;
  reportMessageValidationResult(msgId: string, propagationSource: string, result: ValidationResult): void;
}

interface GossipMessage {
  propagationSource: { toString(): string };
  msgId: string;
  msg: { topic: string; data: Uint8Array };
}

export const P2P_KEY_FILE = 'p2p_key';
/** Largest gossip message or block answer: a header with a certificate and the largest body. */
export const MAX_BLOCK_MESSAGE_BYTES = MAX_BLOCK_BODY_BYTES + 4096;
/** Invalid messages a peer may send before it is banned (one: invalid data is never an accident). */
export const BAN_THRESHOLD = 1;
const REQUEST_TIMEOUT_MS = 10_000;
/** A contents request (§16.9): block hash, CompactSize count, at most CONTENTS_BATCH_RECORDS ids. */
const MAX_CONTENTS_REQUEST_BYTES = 33 + 32 * CONTENTS_BATCH_RECORDS;
/** A gossiped executed record (records.ts): a contents reply's count byte and one record. */
export const MAX_RECORD_MESSAGE_BYTES = 1 + MAX_RECORD_CONTENT_BYTES;
/** A gossiped vote: block hash, record count, index, bitmap (≤ 4,096 records) and a BLS signature. */
export const MAX_VOTE_MESSAGE_BYTES = 1024;
const RECONNECT_MS = 2_000;

export interface InferenceNetOptions {
  network: string;
  /** Where the node key is kept (`<datadir>/<network>`). */
  dir: string;
  /** Listen addresses (IPv4) and port; port 0 picks one. */
  listen: { hosts: string[]; port: number };
  /** Peers to connect to, `host:port`. */
  connect: string[];
  log: Logger;
  /** Validates a gossiped block: accept (forward), ignore (drop), reject (drop and ban the sender). */
  onBlock(bytes: Uint8Array, peer: string): ValidationResult;
  /** The block with this hash (hex), for peers that ask. */
  getBlock(hashHex: string): Uint8Array | undefined;
  /** Validates a gossiped verifier vote (§16.9), as `onBlock`. Omitted: votes are ignored. */
  onVote?(bytes: Uint8Array, peer: string): ValidationResult;
  /**
   * Validates a gossiped executed record (records.ts, at most MAX_RECORD_MESSAGE_BYTES, checked here
   * before it is called), as `onBlock`. Omitted: records are ignored.
   */
  onRecord?(bytes: Uint8Array, peer: string): ValidationResult;
  /**
   * Answers a records' contents request (contents-codec.ts `serveContents`); throws DecodeError for a
   * malformed request (the peer is struck).
   */
  serveContents?(request: Uint8Array): Uint8Array;
}

export function topics(network: string): { blocks: string; votes: string; records: string } {
  return {
    blocks: `/funai/inference/${network}/blocks/1`,
    votes: `/funai/inference/${network}/votes/1`,
    records: `/funai/inference/${network}/records/1`,
  };
}

export function contentsProtocol(network: string): string {
  return `/funai/inference/${network}/contents/1`;
}

export function blockProtocol(network: string): string {
  return `/funai/inference/${network}/block-by-hash/1`;
}

async function loadOrCreateKey(dir: string): Promise<PrivateKey> {
  const file = join(dir, P2P_KEY_FILE);
  if (existsSync(file)) return privateKeyFromProtobuf(readFileSync(file));
  mkdirSync(dir, { recursive: true });
  const key = await generateKeyPair('Ed25519');
  writeFileSync(`${file}.tmp`, privateKeyToProtobuf(key), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return key;
}

/**
 * Reads a whole stream (until the remote closes its end), at most `limit` bytes: beyond, it fails, or
 * with `truncate` resolves with the first `limit` bytes (the caller's decoder then refuses them).
 */
function readAll(stream: Stream, limit: number, signal: AbortSignal, truncate = false): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let n = 0;
    const done = (err?: Error) => {
      stream.removeEventListener('message', onMessage);
      stream.removeEventListener('remoteCloseWrite', onEnd);
      stream.removeEventListener('close', onEnd);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(Buffer.concat(parts));
    };
    const onMessage = (evt: { data: Uint8Array | { subarray(): Uint8Array } }) => {
      const chunk = evt.data instanceof Uint8Array ? evt.data : evt.data.subarray();
      n += chunk.length;
      if (n > limit) {
        stream.abort(new Error('message too large'));
        if (truncate) {
          parts.push(chunk.subarray(0, chunk.length - (n - limit)));
          done();
        } else done(new Error(`more than ${limit} bytes`));
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => done();
    const onAbort = () => done(new Error('timeout'));
    stream.addEventListener('message', onMessage);
    stream.addEventListener('remoteCloseWrite', onEnd);
    stream.addEventListener('close', onEnd);
    signal.addEventListener('abort', onAbort, { once: true });
    if (stream.remoteWriteStatus === 'closed' || stream.status !== 'open') onEnd();
  });
}

async function writeAll(stream: Stream, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  if (!stream.send(bytes)) await stream.onDrain({ signal });
  await stream.close({ signal });
}

export class InferenceNet {
  private node!: Libp2pNode;
  private gossip!: GossipService;
  private readonly banned = new Set<string>();
  private readonly strikes = new Map<string, number>();
  private readonly o: InferenceNetOptions;
  private readonly topic: string;
  private readonly voteTopic: string;
  private readonly recordTopic: string;
  private readonly protocol: string;
  private readonly contentsProtocol: string;
  /** `host:port` of -connect peers → the peer id they turned out to have. */
  private readonly dialed = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(o: InferenceNetOptions) {
    this.o = o;
    this.topic = topics(o.network).blocks;
    this.voteTopic = topics(o.network).votes;
    this.recordTopic = topics(o.network).records;
    this.protocol = blockProtocol(o.network);
    this.contentsProtocol = contentsProtocol(o.network);
  }

  static async start(o: InferenceNetOptions): Promise<InferenceNet> {
    const n = new InferenceNet(o);
    await n.init();
    return n;
  }

  private async init(): Promise<void> {
    const o = this.o;
    const isBanned = (id: { toString(): string }) => this.banned.has(id.toString());
    this.node = await createLibp2p({
      start: false,
      privateKey: await loadOrCreateKey(o.dir),
      nodeInfo: { name: 'funai-inference', version: '0.1.0', userAgent: '/funai-inference:0.1.0/' },
      addresses: { listen: o.listen.hosts.map((h) => `/ip4/${h}/tcp/${o.listen.port}`) },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionGater: {
        denyDialPeer: isBanned,
        denyInboundEncryptedConnection: isBanned,
        denyOutboundEncryptedConnection: isBanned,
      },
      services: {
        identify: identify(),
        pubsub: gossipsub(
          funaiGossipsubOptions({
            msgIdFn: (msg) => sha256(msg.data),
            allowedTopics: [this.topic, this.voteTopic, this.recordTopic],
            maxInboundDataLength: MAX_BLOCK_MESSAGE_BYTES,
          }),
        ),
      },
    });
    this.gossip = this.node.services.pubsub as unknown as GossipService;
    this.gossip.addEventListener('gossipsub:message', (evt) => this.onGossip(evt.detail));
    await this.node.handle(
      this.protocol,
      async (stream: Stream, connection: Connection) => {
        const peer = connection.remotePeer.toString();
        const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
        try {
          const req = await readAll(stream, 32, signal);
          if (req.length !== 32) throw new Error('a block request is a 32-byte hash');
          const block = this.o.getBlock(toHex(req));
          await writeAll(stream, block ?? new Uint8Array(0), signal);
        } catch (e) {
          this.strike(peer, `bad block request: ${(e as Error).message}`);
          if (stream.status === 'open') stream.abort(e as Error);
        }
      },
      { maxInboundStreams: 16, maxOutboundStreams: 16 },
    );
    const serve = o.serveContents;
    if (serve) {
      await this.node.handle(
        this.contentsProtocol,
        async (stream: Stream, connection: Connection) => {
          const peer = connection.remotePeer.toString();
          const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
          try {
            const req = await readAll(stream, MAX_CONTENTS_REQUEST_BYTES, signal);
            await writeAll(stream, serve(req), signal);
          } catch (e) {
            this.strike(peer, `bad contents request: ${(e as Error).message}`);
            if (stream.status === 'open') stream.abort(e as Error);
          }
        },
        { maxInboundStreams: 16, maxOutboundStreams: 16 },
      );
    }
    await this.node.start();
    this.gossip.subscribe(this.topic);
    this.gossip.subscribe(this.voteTopic);
    this.gossip.subscribe(this.recordTopic);
    this.o.log.info({ peerId: this.peerId, listen: this.listenAddresses() }, 'p2p network started');
    for (const c of o.connect) void this.dial(c);
    // Configured peers are dialled again while they are not connected (a peer restarting).
    this.timer = setInterval(() => {
      for (const c of o.connect) void this.dial(c);
    }, RECONNECT_MS);
    this.timer.unref();
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  listenAddresses(): string[] {
    return this.node.getMultiaddrs().map((m) => m.toString());
  }

  /** The TCP port listened on (the first address's). */
  get listenPort(): number | null {
    const a = this.node.getMultiaddrs()[0];
    const m = a ? /\/tcp\/(\d+)/.exec(a.toString()) : null;
    return m ? Number(m[1]) : null;
  }

  get peerCount(): number {
    return new Set(this.node.getConnections().map((c) => c.remotePeer.toString())).size;
  }

  /** Connected peers' ids. */
  peers(): string[] {
    return [...new Set(this.node.getConnections().map((c) => c.remotePeer.toString()))];
  }

  isBanned(peer: string): boolean {
    return this.banned.has(peer);
  }

  private async dial(hostPort: string): Promise<void> {
    if (this.stopped) return;
    const known = this.dialed.get(hostPort);
    if (known && this.node.getConnections().some((c) => c.remotePeer.toString() === known)) return;
    const m = /^([^:]+):(\d+)$/.exec(hostPort);
    const addr = m ? `/ip4/${m[1]}/tcp/${m[2]}` : hostPort;
    try {
      const conn = await this.node.dial(multiaddr(addr) as unknown as Parameters<Libp2pNode['dial']>[0]);
      this.dialed.set(hostPort, conn.remotePeer.toString());
      this.o.log.info({ peer: hostPort, peerId: conn.remotePeer.toString() }, 'connected to peer');
    } catch (e) {
      this.o.log.debug({ peer: hostPort, err: (e as Error).message }, 'could not connect to peer');
    }
  }

  private onGossip(m: GossipMessage): void {
    const peer = m.propagationSource.toString();
    let result: ValidationResult = 'ignore';
    const isVote = m.msg.topic === this.voteTopic;
    const isRecord = m.msg.topic === this.recordTopic;
    if (m.msg.topic === this.topic) {
      try {
        result = this.o.onBlock(m.msg.data, peer);
      } catch (e) {
        this.o.log.error({ err: (e as Error).message, peer }, 'block validation failed');
      }
    } else if (isVote && this.o.onVote) {
      try {
        result = m.msg.data.length > MAX_VOTE_MESSAGE_BYTES ? 'reject' : this.o.onVote(m.msg.data, peer);
      } catch (e) {
        this.o.log.error({ err: (e as Error).message, peer }, 'vote validation failed');
      }
    } else if (isRecord && this.o.onRecord) {
      try {
        result = m.msg.data.length > MAX_RECORD_MESSAGE_BYTES ? 'reject' : this.o.onRecord(m.msg.data, peer);
      } catch (e) {
        this.o.log.error({ err: (e as Error).message, peer }, 'record validation failed');
      }
    }
    this.gossip.reportMessageValidationResult(m.msgId, peer, result);
    if (result === 'reject')
      this.strike(peer, isVote ? 'invalid vote' : isRecord ? 'invalid record' : 'invalid block');
  }

  /** Counts a violation; at BAN_THRESHOLD the peer is banned for this session and disconnected. */
  strike(peer: string, why: string): void {
    const n = (this.strikes.get(peer) ?? 0) + 1;
    this.strikes.set(peer, n);
    this.o.log.warn({ peer, why, strikes: n }, 'peer misbehaved');
    if (n >= BAN_THRESHOLD && !this.banned.has(peer)) {
      this.banned.add(peer);
      this.o.log.warn({ peer, why }, 'peer banned');
      for (const c of this.node.getConnections())
        if (c.remotePeer.toString() === peer) void c.close().catch(() => {});
    }
  }

  publishBlock(bytes: Uint8Array): void {
    this.gossip.publish(this.topic, bytes).then(
      (r) => this.o.log.debug({ recipients: r.recipients.length }, 'block gossiped'),
      (e) => this.o.log.debug({ err: (e as Error).message }, 'could not gossip block'),
    );
  }

  publishVote(bytes: Uint8Array): void {
    this.gossip.publish(this.voteTopic, bytes).then(
      (r) => this.o.log.debug({ recipients: r.recipients.length }, 'vote gossiped'),
      (e) => this.o.log.debug({ err: (e as Error).message }, 'could not gossip vote'),
    );
  }

  /** Gossips an executed record (records.ts `encodeRecordMessage`). */
  publishRecord(bytes: Uint8Array): void {
    this.gossip.publish(this.recordTopic, bytes).then(
      (r) => this.o.log.debug({ recipients: r.recipients.length }, 'record gossiped'),
      (e) => this.o.log.debug({ err: (e as Error).message }, 'could not gossip record'),
    );
  }

  /**
   * Sends a contents request to one connected peer (a ContentsTransport, contents-codec.ts): its reply,
   * read up to MAX_CONTENTS_REPLY_BYTES + 1 bytes (a longer one fails to decode), or null (not
   * connected, no answer, timeout).
   */
  async requestContents(peer: string, bytes: Uint8Array, signal: AbortSignal): Promise<Uint8Array | null> {
    const conn = this.node
      .getConnections()
      .find((c) => c.status === 'open' && c.remotePeer.toString() === peer);
    if (!conn) return null;
    const s = AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
    try {
      const stream = await conn.newStream(this.contentsProtocol, { signal: s });
      if (!stream.send(bytes)) await stream.onDrain({ signal: s });
      await stream.close({ signal: s });
      return await readAll(stream, MAX_CONTENTS_REPLY_BYTES + 1, s, true);
    } catch (e) {
      this.o.log.debug({ peer, err: (e as Error).message }, 'contents request failed');
      return null;
    }
  }

  /**
   * Asks the connected peers, one after the other, for a block by hash (hex); the first non-empty
   * answer that `check` accepts is returned. An answer that is too large or fails the check strikes
   * the peer.
   */
  async requestBlock(hashHex: string, check: (bytes: Uint8Array) => boolean): Promise<Uint8Array | null> {
    for (const conn of this.node.getConnections()) {
      if (conn.status !== 'open') continue;
      const peer = conn.remotePeer.toString();
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      try {
        const stream = await conn.newStream(this.protocol, { signal });
        if (!stream.send(Buffer.from(hashHex, 'hex'))) await stream.onDrain({ signal });
        await stream.close({ signal });
        const answer = await readAll(stream, MAX_BLOCK_MESSAGE_BYTES, signal);
        if (answer.length === 0) continue;
        if (check(answer)) return answer;
        this.strike(peer, 'wrong block in answer');
      } catch (e) {
        this.o.log.debug({ peer, err: (e as Error).message }, 'block request failed');
      }
    }
    return null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.node.stop();
  }
}
