import { readFileSync } from 'node:fs';

/**
 * The ledger node's JSON-RPC, as the inference node reads it (docs/protocol.md §16.1): bitcoind's
 * JSON-RPC 1.0 over HTTP POST with Basic auth, either the cookie file the ledger writes at start
 * (`<datadir>/<network>/.cookie`, re-read after every failed call because a restarted ledger writes
 * a new one) or a fixed user and password.
 */
export type LedgerAuth = { cookieFile: string } | { user: string; password: string };

export interface LedgerRpcOptions {
  /** `http://host:port` (a path, if any, is kept). */
  url: string;
  auth: LedgerAuth;
  /** Per-call timeout in milliseconds for ordinary calls (long polls add their own wait). */
  timeoutMs?: number;
}

/** The ledger answered with a JSON-RPC error (bitcoind's codes: -5 not found, -8 bad parameter, …). */
export class LedgerRpcError extends Error {
  override readonly name = 'LedgerRpcError';
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (code ${code})`);
  }
}

/**
 * The ledger could not be asked: refused or reset connection, timeout, authentication refused
 * (a stale cookie), warming up (RPC_IN_WARMUP, -28), or an answer that is not JSON-RPC. Always
 * worth a retry after a pause.
 */
export class LedgerUnreachableError extends Error {
  override readonly name = 'LedgerUnreachableError';
  constructor(
    readonly method: string,
    readonly reason: 'connection' | 'timeout' | 'auth' | 'warmup' | 'bad-response',
    detail: string,
  ) {
    super(`${method}: ledger unreachable (${reason}): ${detail}`);
  }
}

/** bitcoind's RPC_IN_WARMUP. */
const RPC_IN_WARMUP = -28;
/** Largest JSON answer read (a 4 MB-weight block as hex is at most 8 MB of text). */
const MAX_RESPONSE_BYTES = 16 << 20;

export interface BlockchainInfo {
  chain: string;
  blocks: number;
  headers: number;
  bestblockhash: string;
  initialblockdownload: boolean;
}

export interface BlockHeaderInfo {
  hash: string;
  height: number;
  confirmations: number;
  previousblockhash?: string;
  time: number;
}

/** One op of `getfunaiops` (docs/node.md "FUN AI calls"), as far as the inference node reads it. */
export interface FunaiOpsEntry {
  txid: string;
  txindex: number;
  /** The output the transaction's input 0 spends, from the ledger's undo data. */
  prevout: { txid: string; vout: number; value: number; scriptPubKey: string };
}

export interface FunaiOpsInfo {
  height: number;
  hash: string;
  ops: FunaiOpsEntry[];
}

export class LedgerRpcClient {
  private readonly url: string;
  private readonly auth: LedgerAuth;
  private readonly timeoutMs: number;
  private authHeader: string | undefined;
  private id = 0;

  constructor(opts: LedgerRpcOptions) {
    this.url = opts.url.replace(/\/+$/, '') || opts.url;
    this.auth = opts.auth;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  private authorization(method: string): string {
    if (this.authHeader !== undefined) return this.authHeader;
    let credentials: string;
    if ('cookieFile' in this.auth) {
      try {
        credentials = readFileSync(this.auth.cookieFile, 'utf8').trim();
      } catch (e) {
        // The ledger writes its cookie once it listens: no cookie yet is an unreachable ledger.
        throw new LedgerUnreachableError(
          method,
          'auth',
          `cookie ${this.auth.cookieFile}: ${(e as Error).message}`,
        );
      }
    } else {
      credentials = `${this.auth.user}:${this.auth.password}`;
    }
    this.authHeader = `Basic ${Buffer.from(credentials).toString('base64')}`;
    return this.authHeader;
  }

  /**
   * One call. `waitMs` is how long the method itself may block (a long poll's timeout), added to
   * the call timeout. Throws LedgerRpcError for an error answer, LedgerUnreachableError when the
   * ledger could not be asked.
   */
  async call<T>(
    method: string,
    params: unknown[] = [],
    opts: { waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs + (opts.waitMs ?? 0));
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const body = JSON.stringify({ jsonrpc: '1.0', id: ++this.id, method, params });
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: this.authorization(method) },
        body,
        signal,
      });
    } catch (e) {
      this.authHeader = undefined;
      if (opts.signal?.aborted) throw e;
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (timeout.aborted) throw new LedgerUnreachableError(method, 'timeout', `no answer in time`);
      throw new LedgerUnreachableError(
        method,
        'connection',
        err.cause?.code ?? err.cause?.message ?? err.message,
      );
    }
    if (res.status === 401 || res.status === 403) {
      this.authHeader = undefined;
      await res.body?.cancel();
      throw new LedgerUnreachableError(method, 'auth', `HTTP ${res.status}`);
    }
    let text: string;
    try {
      text = await readLimited(res, MAX_RESPONSE_BYTES);
    } catch (e) {
      this.authHeader = undefined;
      if (opts.signal?.aborted) throw e;
      throw new LedgerUnreachableError(
        method,
        timeout.aborted ? 'timeout' : 'connection',
        (e as Error).message,
      );
    }
    let reply: { result?: unknown; error?: { code?: unknown; message?: unknown } | null };
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      throw new LedgerUnreachableError(method, 'bad-response', `HTTP ${res.status}, not JSON`);
    }
    if (reply === null || typeof reply !== 'object') {
      throw new LedgerUnreachableError(method, 'bad-response', `HTTP ${res.status}, not a JSON-RPC reply`);
    }
    if (reply.error) {
      const code = typeof reply.error.code === 'number' ? reply.error.code : 0;
      const message = typeof reply.error.message === 'string' ? reply.error.message : 'unknown error';
      if (code === RPC_IN_WARMUP) throw new LedgerUnreachableError(method, 'warmup', message);
      throw new LedgerRpcError(method, code, message);
    }
    if (!('result' in reply)) throw new LedgerUnreachableError(method, 'bad-response', 'no result');
    return reply.result as T;
  }

  getBlockchainInfo(signal?: AbortSignal): Promise<BlockchainInfo> {
    return this.call('getblockchaininfo', [], signal ? { signal } : {});
  }

  getBlockHash(height: number, signal?: AbortSignal): Promise<string> {
    return this.call('getblockhash', [height], signal ? { signal } : {});
  }

  getBlockHeader(hash: string, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    return this.call('getblockheader', [hash, true], signal ? { signal } : {});
  }

  /** The serialized block (getblock verbosity 0), hex. */
  getBlockHex(hash: string, signal?: AbortSignal): Promise<string> {
    return this.call('getblock', [hash, 0], signal ? { signal } : {});
  }

  /** The FUN AI ops of the active chain's block at `height`, with each one's input-0 prevout. */
  getFunaiOps(height: number, signal?: AbortSignal): Promise<FunaiOpsInfo> {
    return this.call('getfunaiops', [height], signal ? { signal } : {});
  }

  /**
   * Long poll: returns once the ledger's tip height is at least `height` or `timeoutMs` passed
   * (bitcoind's waitforblockheight; unlike waitfornewblock it cannot miss a block that arrived
   * just before the call).
   */
  waitForBlockHeight(
    height: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ hash: string; height: number }> {
    return this.call('waitforblockheight', [height, timeoutMs], {
      waitMs: timeoutMs,
      ...(signal ? { signal } : {}),
    });
  }
}

async function readLimited(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    n += chunk.length;
    if (n > limit) throw new Error(`answer larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
