/**
 * Headers-first block download, as Bitcoin Core's: headers are fetched from every peer by locator
 * and added to the block tree; the blocks of the most-work header chain are then requested from
 * all peers that have them, in parallel, within a window that moves with the tip. A request that
 * times out is retried from another peer; the block right after the tip is re-requested from
 * another peer when it holds the window up (stalling); a peer that sends an invalid block or header
 * is banned. A node that falls behind in normal operation (missed announcements, a partition)
 * catches up the same way.
 */
import type { Logger } from 'pino';
import type { ChainState, HeaderInfo, ProcessBlockResult } from '../chain/chain-state.js';
import type { Block } from '../wire/block.js';
import { equalBytes, hashToHex, toHex } from '../wire/bytes.js';
import { DecodeError } from '../wire/errors.js';
import type { BlockHeader } from '../wire/header.js';
import { blockHash } from '../wire/header.js';
import { FrameError } from './framing.js';
import type { NetLimits } from './limits.js';
import { MISBEHAVIOUR } from './limits.js';
import type { GetHeadersMessage } from './messages.js';
import type { PeerManager, PeerState } from './peers.js';
import { MAX_BLOCKS_PER_REQUEST, MAX_BLOCKS_PER_REQUEST_V1, MAX_HEADERS_RESULTS } from './protocols.js';
import { NotConnectedError, RequestTimeoutError } from './request.js';
import type { ProgressSample } from './sync-progress.js';
import { formatDuration, formatProgress, measureProgress } from './sync-progress.js';

/** What the sync needs of the chain state. */
export type SyncChain = Pick<
  ChainState,
  'processBlock' | 'processHeaders' | 'getTip' | 'getBestHeader' | 'getHeader' | 'getLocator' | 'on' | 'off'
>;

/** The requests the sync sends (p2p-node.ts implements them over libp2p). */
export interface SyncTransport {
  getHeaders(peerId: string, msg: GetHeadersMessage): Promise<BlockHeader[]>;
  /** Calls `onBlock` per requested hash, in order: the block, or null when the peer does not have it. */
  getBlocks(
    peerId: string,
    hashes: Uint8Array[],
    onBlock: (index: number, res: { block: Block; raw: Uint8Array } | null) => void,
  ): Promise<void>;
}

/** The blocks to download: the best header's chain from the fork with the active chain. */
interface Plan {
  target: HeaderInfo;
  /** Height of hashes[0]. */
  from: number;
  hashes: Uint8Array[];
  keys: string[];
  heightOf: Map<string, number>;
}

const ZERO_HASH = new Uint8Array(32);
/** Consecutive timed-out block requests after which a peer is disconnected (not banned). */
const MAX_STALLS = 3;
/** Steps walked back from a peer's best header to place it on the download chain. */
const MAX_PEER_WALK = 4096;
/**
 * Bytes a block request aims at: many small blocks a request (every request costs a stream and a
 * round trip), few large ones (a request's blocks are held until the chain connects them).
 */
const REQUEST_TARGET_BYTES = 1 << 20;
/** Requests a peer may have in flight at full size (the next is asked for while one streams in). */
const REQUESTS_IN_FLIGHT = 2;
/** Weight of the newest block in the running mean of block sizes (out of 1). */
const SIZE_MEAN_WEIGHT = 1 / 16;

export interface SyncStatus {
  /** Blocks of the best known header chain are still missing. */
  syncing: boolean;
  height: number;
  bestHeaderHeight: number;
  blocksInFlight: number;
}

export class BlockSync {
  private plan: Plan | undefined;
  /** Hash key → peer the block is requested from. */
  private readonly inFlight = new Map<string, string>();
  /** Blocks received and handed to the chain, by key → height; dropped once the tip passes them. */
  private readonly received = new Map<string, number>();
  /** Who sent each received block, until the tip passes it (to blame the sender if it fails to connect). */
  private readonly sourceOf = new Map<string, string>();
  private readonly peerPlace = new WeakMap<PeerState, { best: string; target: string; height: number }>();
  /** Every plan height below this is received or in flight (a lower bound kept to skip rescans). */
  private cursor = 0;
  /** Running mean of received blocks' sizes in bytes (0: none received yet). */
  private meanBlockBytes = 0;
  private scheduled = false;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private progressPrev: ProgressSample | undefined;
  private syncStart: ProgressSample | undefined;
  private readonly onTip = (tip: HeaderInfo) => this.tipChanged(tip);
  private readonly onConnected = ({ entry }: { entry: HeaderInfo }) => {
    const key = toHex(entry.hash);
    this.received.delete(key);
    this.sourceOf.delete(key);
  };

  constructor(
    private readonly chain: SyncChain,
    private readonly peers: PeerManager,
    private readonly transport: SyncTransport,
    private readonly limits: NetLimits,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.chain.on('tip', this.onTip);
    this.chain.on('connected', this.onConnected);
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.limits.progressIntervalMs, () => this.logProgress());
    every(Math.max(100, Math.floor(this.limits.stallTimeoutMs / 2)), () => this.checkStall());
    every(this.limits.headersPollMs, () => {
      for (const p of this.readyPeers()) {
        p.notFound.clear();
        this.requestHeaders(p);
      }
    });
  }

  stop(): void {
    this.stopped = true;
    this.chain.off('tip', this.onTip);
    this.chain.off('connected', this.onConnected);
    for (const t of this.timers) clearInterval(t);
  }

  status(): SyncStatus {
    const tip = this.chain.getTip();
    const best = this.chain.getBestHeader();
    return {
      syncing: best.chainWork > tip.chainWork,
      height: tip.height,
      bestHeaderHeight: best.height,
      blocksInFlight: this.inFlight.size,
    };
  }

  // --- peers ------------------------------------------------------------------------------------

  private readyPeers(): PeerState[] {
    return this.peers.all().filter((p) => p.status !== undefined && !p.disconnecting);
  }

  /**
   * A peer finished its handshake: learn what it has and ask for headers beyond ours, unless
   * another peer's headers are coming in (then it waits for them; see resolveDeferred).
   */
  peerReady(p: PeerState): void {
    const tip = p.status && this.chain.getHeader(p.status.tipHash);
    if (tip) p.noteHeader(tip.hash, tip.height, tip.chainWork);
    else if (this.readyPeers().some((q) => q !== p && q.headersPending)) {
      p.headersDeferred = true;
      return;
    }
    this.requestHeaders(p);
  }

  /**
   * Peers whose first headers request waits: those whose status tip is now in the tree have it
   * and its ancestors (no request needed); once no headers exchange runs, the rest are asked.
   */
  private resolveDeferred(): void {
    const waiting = this.readyPeers().filter((q) => q.headersDeferred);
    if (waiting.length === 0) return;
    const idle = !this.readyPeers().some((q) => q.headersPending);
    for (const q of waiting) {
      const tip = this.chain.getHeader(q.status!.tipHash);
      if (tip !== undefined) {
        q.headersDeferred = false;
        q.noteHeader(tip.hash, tip.height, tip.chainWork);
      } else if (idle) {
        q.headersDeferred = false;
        this.requestHeaders(q);
      }
    }
  }

  peerGone(p: PeerState): void {
    for (const key of p.inFlight.keys()) if (this.inFlight.get(key) === p.peerId) this.inFlight.delete(key);
    p.inFlight.clear();
    this.schedule();
  }

  /** The peer has a block we could not place (an announcement on an unknown parent): catch up from it. */
  peerAhead(p: PeerState): void {
    this.requestHeaders(p);
  }

  // --- headers ----------------------------------------------------------------------------------

  requestHeaders(p: PeerState): void {
    if (p.headersPending || this.stopped || p.disconnecting) return;
    p.headersPending = true;
    this.headersLoop(p)
      .catch((e) => this.requestFailed(p, 'headers', e as Error))
      .finally(() => {
        p.headersPending = false;
        this.resolveDeferred();
        this.schedule();
      });
  }

  private async headersLoop(p: PeerState): Promise<void> {
    let locator = this.chain.getLocator(this.chain.getBestHeader().hash);
    for (;;) {
      const headers = await this.transport.getHeaders(p.peerId, { locator, stop: ZERO_HASH });
      if (headers.length === 0 || this.stopped) return;
      const hashes = headers.map((h) => blockHash(h));
      for (let i = 1; i < headers.length; i++) {
        if (!equalBytes(headers[i]!.prevBlock, hashes[i - 1]!)) {
          this.peers.misbehaving(
            p.peerId,
            MISBEHAVIOUR.nonContinuousHeaders,
            'non-continuous headers sequence',
          );
          return;
        }
      }
      const r = await this.chain.processHeaders(headers);
      if (r.invalid) {
        this.peers.misbehaving(
          p.peerId,
          MISBEHAVIOUR.invalidHeader,
          `invalid header ${r.invalid.hash}: ${r.invalid.reason}`,
        );
        return;
      }
      if (r.missingParent !== undefined) {
        p.unconnectingHeaders++;
        this.peers.misbehaving(
          p.peerId,
          MISBEHAVIOUR.unconnectingHeaders,
          `headers do not connect (parent ${r.missingParent})`,
        );
        return;
      }
      p.unconnectingHeaders = 0;
      const lastHash = hashes[hashes.length - 1]!;
      const last = this.chain.getHeader(lastHash);
      if (last !== undefined) {
        const before = p.bestKnownWork;
        p.noteHeader(last.hash, last.height, last.chainWork);
        if (p.bestKnownWork > before) p.notFound.clear();
      }
      if (r.accepted > 0)
        this.log.debug({ peer: p.peerId, accepted: r.accepted, height: last?.height }, 'headers received');
      this.resolveDeferred();
      this.schedule();
      if (headers.length < MAX_HEADERS_RESULTS) return;
      locator = this.chain.getLocator(lastHash);
    }
  }

  // --- block download ---------------------------------------------------------------------------

  /** Runs the assignment once the current burst of events is over. */
  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.stopped) this.assign();
    });
  }

  /** Rebuilds the download chain when the best header changed (extending the old one where it can). */
  private refreshPlan(): Plan | undefined {
    const best = this.chain.getBestHeader();
    const tip = this.chain.getTip();
    if (best.chainWork <= tip.chainWork) {
      this.plan = undefined;
      return undefined;
    }
    const old = this.plan;
    if (old !== undefined && equalBytes(old.target.hash, best.hash)) return old;
    const back: HeaderInfo[] = [];
    let e: HeaderInfo | undefined = best;
    let joinHeight = -1;
    while (e !== undefined && !e.inActiveChain) {
      const at = old?.heightOf.get(toHex(e.hash));
      if (at !== undefined) {
        joinHeight = at;
        break;
      }
      back.push(e);
      e = this.chain.getHeader(e.header.prevBlock);
    }
    if (e === undefined) return undefined;
    let hashes: Uint8Array[];
    let from: number;
    if (joinHeight >= 0 && old !== undefined) {
      hashes = old.hashes.slice(0, joinHeight - old.from + 1);
      from = old.from;
    } else {
      hashes = [];
      from = e.height + 1;
    }
    for (let i = back.length - 1; i >= 0; i--) hashes.push(back[i]!.hash);
    const keys = hashes.map((h) => toHex(h));
    const heightOf = new Map<string, number>();
    keys.forEach((k, i) => {
      heightOf.set(k, from + i);
    });
    this.plan = { target: best, from, hashes, keys, heightOf };
    this.cursor = 0;
    // Blocks received for an abandoned branch are no longer tracked (bounded by the window).
    for (const k of this.received.keys()) {
      if (!heightOf.has(k)) {
        this.received.delete(k);
        this.sourceOf.delete(k);
      }
    }
    if (this.syncStart === undefined) {
      this.syncStart = { height: tip.height, target: best.height, at: this.now() };
      this.log.info(
        { height: tip.height, target: best.height },
        `sync: downloading blocks ${tip.height + 1}-${best.height}`,
      );
    }
    return this.plan;
  }

  /** The highest plan height a peer has (it has the header there or a descendant of it). */
  private peerHeight(p: PeerState, plan: Plan): number {
    if (p.bestKnownHash === undefined) return -1;
    const bestKey = toHex(p.bestKnownHash);
    const direct = plan.heightOf.get(bestKey);
    if (direct !== undefined) return direct;
    const targetKey = plan.keys[plan.keys.length - 1]!;
    const cached = this.peerPlace.get(p);
    if (cached && cached.best === bestKey && cached.target === targetKey) return cached.height;
    let height = -1;
    let e = this.chain.getHeader(p.bestKnownHash);
    for (let steps = 0; e !== undefined && steps < MAX_PEER_WALK; steps++) {
      const at = plan.heightOf.get(toHex(e.hash));
      if (at !== undefined) {
        height = at;
        break;
      }
      if (e.inActiveChain) {
        // Below or beside the download chain: the peer has none of its blocks.
        height = Math.min(e.height, plan.from - 1);
        break;
      }
      e = this.chain.getHeader(e.header.prevBlock);
    }
    this.peerPlace.set(p, { best: bestKey, target: targetKey, height });
    return height;
  }

  /**
   * Heights of the plan still to download: from the first block after the active tip when the tip
   * is on the plan's chain, else from the fork (the tip is on another branch, to be replaced),
   * and at most a window's length beyond that.
   */
  private window(plan: Plan): { start: number; end: number } {
    const tip = this.chain.getTip();
    const onPlan = plan.heightOf.has(toHex(tip.hash));
    const start = onPlan ? tip.height + 1 : plan.from;
    return {
      start,
      end: Math.min(plan.from + plan.hashes.length - 1, start - 1 + this.limits.blockDownloadWindow),
    };
  }

  /**
   * Blocks per request: as many as make REQUEST_TARGET_BYTES at the blocks' mean size so far,
   * within blocks/1's count (until sizes are known, and for the largest blocks) and blocks/2's.
   */
  requestSize(): number {
    if (this.meanBlockBytes === 0) return MAX_BLOCKS_PER_REQUEST_V1;
    const n = Math.floor(REQUEST_TARGET_BYTES / this.meanBlockBytes);
    return Math.max(MAX_BLOCKS_PER_REQUEST_V1, Math.min(MAX_BLOCKS_PER_REQUEST, n));
  }

  private assign(): void {
    const plan = this.refreshPlan();
    if (plan === undefined) return;
    const { end } = this.window(plan);
    let { start } = this.window(plan);
    const busy = (h: number) => {
      const key = plan.keys[h - plan.from]!;
      return this.inFlight.has(key) || this.received.has(key);
    };
    this.cursor = Math.max(this.cursor, start);
    while (this.cursor <= end && busy(this.cursor)) this.cursor++;
    start = this.cursor;
    const size = this.requestSize();
    // Small blocks: a few large requests a peer (pipelined); large blocks: blocks/1's four of 16.
    const perPeer = Math.min(
      this.limits.maxBlocksInFlightPerPeer,
      Math.max(REQUESTS_IN_FLIGHT * size, 4 * MAX_BLOCKS_PER_REQUEST_V1),
    );
    const peers = this.readyPeers().sort((a, b) => a.inFlight.size - b.inFlight.size);
    for (const p of peers) {
      let capacity = perPeer - p.inFlight.size;
      // A request is sent whole: while a peer streams one in, the next waits for room for a full
      // one rather than go out in pieces as blocks arrive (each piece a request of its own).
      if (capacity <= 0 || (capacity < size && p.inFlight.size > 0)) continue;
      const upTo = Math.min(end, this.peerHeight(p, plan));
      let batch: number[] = [];
      for (let h = start; h <= upTo && capacity > 0; h++) {
        const key = plan.keys[h - plan.from]!;
        if (this.inFlight.has(key) || this.received.has(key) || p.notFound.has(key)) continue;
        batch.push(h);
        capacity--;
        if (batch.length === size) {
          this.requestBlocks(p, plan, batch);
          batch = [];
          if (capacity < size) break;
        }
      }
      if (batch.length > 0) this.requestBlocks(p, plan, batch);
    }
  }

  /** The block is no longer expected from `p`; unless received, it may be requested again. */
  private release(p: PeerState, key: string): void {
    const f = p.inFlight.get(key);
    if (f === undefined) return;
    p.inFlight.delete(key);
    if (this.inFlight.get(key) === p.peerId) this.inFlight.delete(key);
    if (!this.received.has(key)) this.cursor = Math.min(this.cursor, f.height);
  }

  private requestBlocks(p: PeerState, plan: Plan, heights: number[]): void {
    const hashes = heights.map((h) => plan.hashes[h - plan.from]!);
    const keys = heights.map((h) => plan.keys[h - plan.from]!);
    const at = this.now();
    keys.forEach((k, i) => {
      p.inFlight.set(k, { hash: hashes[i]!, height: heights[i]!, requestedAt: at });
      this.inFlight.set(k, p.peerId);
    });
    this.transport
      .getBlocks(p.peerId, hashes, (i, res) => this.blockArrived(p, keys[i]!, hashes[i]!, heights[i]!, res))
      .then(() => {
        p.stalls = 0;
      })
      .catch((e) => this.requestFailed(p, 'blocks', e as Error))
      .finally(() => {
        for (const k of keys) this.release(p, k);
        this.schedule();
      });
  }

  private blockArrived(
    p: PeerState,
    key: string,
    hash: Uint8Array,
    height: number,
    res: { block: Block; raw: Uint8Array } | null,
  ): void {
    if (res === null) {
      p.noteNotFound(key, this.limits.maxNotFoundPerPeer);
      this.release(p, key);
      return;
    }
    if (!equalBytes(blockHash(res.block.header), hash)) {
      this.peers.misbehaving(
        p.peerId,
        MISBEHAVIOUR.unrequestedBlock,
        'sent a block other than the one requested',
      );
      throw new Error('unrequested block');
    }
    this.received.set(key, height);
    this.meanBlockBytes =
      this.meanBlockBytes === 0
        ? res.raw.length
        : this.meanBlockBytes + (res.raw.length - this.meanBlockBytes) * SIZE_MEAN_WEIGHT;
    this.release(p, key);
    this.sourceOf.set(key, p.peerId);
    p.syncedBlocks = Math.max(p.syncedBlocks, height);
    this.chain.processBlock(res.block, res.raw).then(
      (r) => this.processed(p, key, r),
      (e) => this.log.error({ err: e, hash: hashToHex(hash) }, 'block processing failed'),
    );
    this.schedule();
  }

  private processed(p: PeerState, key: string, r: ProcessBlockResult): void {
    if (r.status === 'invalid') {
      this.received.delete(key);
      this.sourceOf.delete(key);
      this.cursor = 0;
      this.peers.misbehaving(p.peerId, MISBEHAVIOUR.invalidBlock, `invalid block ${r.hash} (${r.reason})`);
    }
    this.schedule();
  }

  private tipChanged(tip: HeaderInfo): void {
    // A block that failed to connect when its parent arrived is blamed on whoever sent it.
    const plan = this.plan;
    if (plan !== undefined) {
      const start = this.window(plan).start;
      const next = plan.hashes[start - plan.from];
      const key = next === undefined ? undefined : toHex(next);
      const source = key === undefined ? undefined : this.sourceOf.get(key);
      if (
        next !== undefined &&
        key !== undefined &&
        source !== undefined &&
        this.chain.getHeader(next)?.failed
      ) {
        this.sourceOf.delete(key);
        this.received.delete(key);
        this.peers.misbehaving(source, MISBEHAVIOUR.invalidBlock, `invalid block at height ${start}`);
      }
    }
    const best = this.chain.getBestHeader();
    if (best.chainWork <= tip.chainWork && this.syncStart !== undefined) this.finishSync(tip);
    this.schedule();
  }

  private finishSync(tip: HeaderInfo): void {
    const start = this.syncStart!;
    const seconds = (this.now() - start.at) / 1000;
    const blocks = tip.height - start.height;
    this.log.info(
      { height: tip.height, blocks, seconds, blocksPerSecond: seconds > 0 ? blocks / seconds : 0 },
      `sync: caught up at height ${tip.height}, ${blocks} blocks in ${formatDuration(seconds)}` +
        (seconds > 0 ? ` (${(blocks / seconds).toFixed(1)} blocks/s)` : ''),
    );
    this.syncStart = undefined;
    this.progressPrev = undefined;
    this.plan = undefined;
  }

  private requestFailed(p: PeerState, what: string, e: Error): void {
    if (e instanceof FrameError && e.punishable) {
      this.peers.misbehaving(p.peerId, MISBEHAVIOUR.oversized, `${what} response: ${e.message}`);
    } else if (e instanceof DecodeError) {
      this.peers.misbehaving(p.peerId, MISBEHAVIOUR.malformed, `malformed ${what} response (${e.reason})`);
    } else if (e instanceof RequestTimeoutError) {
      p.stalls++;
      this.log.info({ peer: p.peerId, stalls: p.stalls }, `${what} request timed out`);
      if (p.stalls >= MAX_STALLS) {
        this.log.warn({ peer: p.peerId }, 'disconnecting peer that keeps timing out');
        this.peers.disconnect(p.peerId);
      }
    } else if (!(e instanceof NotConnectedError) && !this.stopped) {
      this.log.debug({ peer: p.peerId, err: e.message }, `${what} request failed`);
    }
  }

  /**
   * Core's stalling rule: when the window cannot move because the block right after the tip is
   * still in flight from one peer, ask other peers for it, and for every other block of the window
   * that peer holds (a request carries many: one block at a time would stall once for each).
   */
  private checkStall(): void {
    const plan = this.plan;
    if (plan === undefined) return;
    const { start, end } = this.window(plan);
    const key = plan.keys[start - plan.from];
    if (key === undefined) return;
    const owner = this.inFlight.get(key);
    const p = owner === undefined ? undefined : this.peers.get(owner);
    const entry = p?.inFlight.get(key);
    if (p === undefined || entry === undefined || this.now() - entry.requestedAt < this.limits.stallTimeoutMs)
      return;
    for (let h = start; h <= end; h++) {
      const k = plan.keys[h - plan.from]!;
      if (!this.inFlight.has(k) && !this.received.has(k)) return;
    }
    const other = this.readyPeers().some(
      (q) => q !== p && !q.notFound.has(key) && this.peerHeight(q, plan) >= start,
    );
    if (!other) return;
    this.log.info({ peer: p.peerId, height: start }, 'block download stalled; requesting from another peer');
    // Its request stays open (a late answer is still taken) and keeps counting against it.
    for (const [k, f] of p.inFlight) {
      if (f.height > end || this.inFlight.get(k) !== p.peerId) continue;
      p.noteNotFound(k, this.limits.maxNotFoundPerPeer);
      this.inFlight.delete(k);
      this.cursor = Math.min(this.cursor, f.height);
    }
    this.schedule();
  }

  private logProgress(): void {
    const tip = this.chain.getTip();
    const best = this.chain.getBestHeader();
    if (best.chainWork <= tip.chainWork) return;
    const cur: ProgressSample = { height: tip.height, target: best.height, at: this.now() };
    const prev = this.progressPrev ?? this.syncStart ?? cur;
    const p = measureProgress(prev, cur);
    const peers = this.readyPeers().length;
    this.log.info(
      {
        height: p.height,
        target: p.target,
        percent: Number(p.percent.toFixed(2)),
        blocksPerSecond: Number(p.blocksPerSecond.toFixed(1)),
        etaSeconds: p.etaSeconds === undefined ? null : Math.round(p.etaSeconds),
        peers,
        inFlight: this.inFlight.size,
      },
      formatProgress(p, peers),
    );
    this.progressPrev = cur;
  }
}
