import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AllowedClients } from './allow-ip.js';
import type { RpcAuthEntry } from './auth.js';
import {
  checkCredentials,
  deleteCookieFile,
  generateCookie,
  parseBasicAuth,
  writeCookieFile,
} from './auth.js';
import { RpcError, RpcErrorCode, toRpcError } from './errors.js';
import { parseJson, stringifyJson } from './json.js';
import type { RpcContext, RpcMethodDef, RpcMethodRegistrar } from './registry.js';
import { RpcMethodRegistry } from './registry.js';

/** The subset of a pino logger the server writes to. */
export interface RpcLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const SILENT: RpcLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** bitcoind's MAX_SIZE, its limit on an HTTP request body. */
export const DEFAULT_MAX_BODY_BYTES = 0x02000000;
/** bitcoind sleeps this long before answering a failed authentication, to slow down guessing. */
export const AUTH_FAILURE_DELAY_MS = 250;
const WWW_AUTHENTICATE = 'Basic realm="jsonrpc"';

export interface RpcServerOptions {
  /** Port of every bind address that names none; 0 picks a free one. */
  port: number;
  /**
   * Addresses to listen on ("host", "host:port", "[v6]:port"); default 127.0.0.1. As bitcoind, an
   * address other than loopback is refused (and 127.0.0.1 used) unless `allowIp` is set too.
   */
  bind?: readonly string[];
  /** Client addresses or subnets allowed besides loopback (bitcoind's -rpcallowip). */
  allowIp?: readonly string[];
  /** Where to write the auth cookie (`<network dir>/.cookie`); no cookie when absent. */
  cookieFile?: string;
  /** rpcuser/rpcpassword pairs. */
  users?: readonly { user: string; password: string }[];
  rpcauth?: readonly RpcAuthEntry[];
  /** Largest request body; a larger one is answered 413 without being read. */
  maxBodyBytes?: number;
  authFailureDelayMs?: number;
  /**
   * Requests served at once (bitcoind's -rpcthreads plus -rpcworkqueue); more are answered
   * 503 "Work queue depth exceeded".
   */
  maxConcurrentRequests?: number;
  /** Idle keep-alive connections are closed after this long (bitcoind's -rpcservertimeout). */
  idleTimeoutMs?: number;
  logger?: RpcLogger;
  /** Called after `stop` has been answered; the daemon shuts down. */
  onStop?: () => void;
  /** What `stop` answers. */
  stopMessage?: string;
  /** Epoch milliseconds `uptime` counts from; default when the server object is made. */
  startTime?: number;
}

/** The request state bitcoind's JSONRPCRequest carries into its reply: what is known of id and version. */
interface RequestState {
  hasId: boolean;
  id: unknown;
  version: 1 | 2;
  method: string;
  params: unknown[] | Record<string, unknown>;
}

function newState(): RequestState {
  // Until the request is read, a reply carries "id": null, as bitcoind's.
  return { hasId: true, id: null, version: 1, method: '', params: [] };
}

/** bitcoind's JSONRPCRequest::parse. Fills `s` as far as it gets before throwing, as the reply needs. */
function parseRequest(v: unknown, s: RequestState): void {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new RpcError(RpcErrorCode.INVALID_REQUEST, 'Invalid Request object');
  }
  const o = v as Record<string, unknown>;
  s.hasId = Object.hasOwn(o, 'id');
  s.id = s.hasId ? o.id : undefined;
  s.version = 1;
  const jsonrpc = o.jsonrpc;
  if (jsonrpc !== undefined && jsonrpc !== null) {
    if (typeof jsonrpc !== 'string')
      throw new RpcError(RpcErrorCode.INVALID_REQUEST, 'jsonrpc field must be a string');
    // "1.0" appears in old documentation's examples; bitcoind accepts it as the legacy version.
    if (jsonrpc === '2.0') s.version = 2;
    else if (jsonrpc !== '1.0')
      throw new RpcError(RpcErrorCode.INVALID_REQUEST, 'JSON-RPC version not supported');
  }
  const method = o.method;
  if (method === undefined || method === null)
    throw new RpcError(RpcErrorCode.INVALID_REQUEST, 'Missing method');
  if (typeof method !== 'string') throw new RpcError(RpcErrorCode.INVALID_REQUEST, 'Method must be a string');
  s.method = method;
  const params = o.params;
  if (params === undefined || params === null) s.params = [];
  else if (typeof params === 'object') s.params = params as unknown[] | Record<string, unknown>;
  else throw new RpcError(RpcErrorCode.INVALID_REQUEST, 'Params must be an array or object');
}

function isNotification(s: RequestState): boolean {
  return s.version === 2 && !s.hasId;
}

/** bitcoind's JSONRPCReplyObj: 1.0 replies carry both result and error, 2.0 replies one of them. */
function replyObject(result: unknown, error: RpcError | null, s: RequestState): Record<string, unknown> {
  const reply: Record<string, unknown> = {};
  if (s.version === 2) {
    reply.jsonrpc = '2.0';
    if (error) reply.error = error.toJSON();
    else reply.result = result ?? null;
  } else {
    reply.result = error ? null : (result ?? null);
    reply.error = error ? error.toJSON() : null;
  }
  if (s.hasId) reply.id = s.id;
  return reply;
}

/** bitcoind's JSONErrorReply: the HTTP status of a JSON-RPC 1.0 error. */
function errorStatus(code: number): number {
  if (code === RpcErrorCode.INVALID_REQUEST) return 400;
  if (code === RpcErrorCode.METHOD_NOT_FOUND) return 404;
  return 500;
}

function parseBind(entry: string, defaultPort: number): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : defaultPort };
  if (isIP(entry) === 6) return { host: entry, port: defaultPort };
  const colon = entry.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(entry.slice(colon + 1))) {
    return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) };
  }
  return { host: entry, port: defaultPort };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * bitcoind's HTTP JSON-RPC server: Basic auth (cookie, rpcuser/rpcpassword, rpcauth), JSON-RPC
 * 1.0 and 2.0 bodies and batches, bitcoind's error codes and HTTP statuses. Methods come from the
 * modules through registerRpcMethods; `help`, `stop` and `uptime` are built in.
 */
export class RpcServer implements RpcMethodRegistrar {
  readonly registry = new RpcMethodRegistry();
  private readonly opts: RpcServerOptions;
  private readonly log: RpcLogger;
  private readonly allowed: AllowedClients;
  private readonly servers: Server[] = [];
  private readonly inFlight = new Set<AbortController>();
  private cookie: string | undefined;
  private warmup: string | null = null;
  private readonly startTime: number;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(opts: RpcServerOptions) {
    this.opts = opts;
    this.log = opts.logger ?? SILENT;
    this.allowed = new AllowedClients(opts.allowIp ?? []);
    this.startTime = opts.startTime ?? Date.now();
    this.registerBuiltins();
  }

  registerMethod(def: RpcMethodDef): void {
    this.registry.registerMethod(def);
  }

  /**
   * While set, every method not marked `allowInWarmup` is answered RPC_IN_WARMUP with this status
   * ("Loading block index…"), as bitcoind answers while it starts. null ends the warmup.
   */
  setWarmup(status: string | null): void {
    this.warmup = status;
  }

  /** Listens on every bind address and writes the cookie. */
  async start(): Promise<void> {
    if (this.servers.length > 0) throw new Error('RPC server already started');
    const binds = this.bindAddresses();
    if (this.opts.cookieFile !== undefined) {
      this.cookie = generateCookie();
      writeCookieFile(this.opts.cookieFile, this.cookie);
      this.log.info({ file: this.opts.cookieFile }, 'Generated RPC authentication cookie');
    }
    try {
      for (const b of binds) {
        const server = createServer({ keepAliveTimeout: this.opts.idleTimeoutMs ?? 30_000 }, (req, res) => {
          this.handle(req, res).catch((e: unknown) => {
            this.log.error({ err: e }, 'RPC request handling failed');
            if (!res.headersSent) res.writeHead(500).end();
            else res.destroy();
          });
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(b.port, b.host, () => {
            server.off('error', reject);
            resolve();
          });
        });
        this.servers.push(server);
        const a = server.address() as AddressInfo;
        this.log.info({ address: a.address, port: a.port }, 'Binding RPC');
      }
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  private bindAddresses(): { host: string; port: number }[] {
    const binds = (this.opts.bind ?? []).map((b) => parseBind(b, this.opts.port));
    if (binds.length === 0) return [{ host: '127.0.0.1', port: this.opts.port }];
    if ((this.opts.allowIp ?? []).length === 0 && binds.some((b) => !isLoopback(b.host))) {
      this.log.warn(
        { bind: this.opts.bind },
        'option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect',
      );
      return [{ host: '127.0.0.1', port: this.opts.port }];
    }
    return binds;
  }

  /** Where the server listens (ports resolved when 0 was asked for). */
  addresses(): { host: string; port: number }[] {
    return this.servers.map((s) => {
      const a = s.address() as AddressInfo;
      return { host: a.address, port: a.port };
    });
  }

  /** The port of the first listener. */
  get port(): number {
    const first = this.addresses()[0];
    if (!first) throw new Error('RPC server not started');
    return first.port;
  }

  /**
   * Stops listening, aborts the handlers still running (long polls), waits up to `graceMs` for
   * their replies, closes every connection and deletes the cookie.
   */
  close(graceMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      const closed = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const c of this.inFlight) c.abort(new Error('RPC server shutting down'));
      if (this.inFlight.size > 0) {
        const drained = new Promise<void>((resolve) => {
          this.drained = resolve;
        });
        await Promise.race([drained, sleep(graceMs, undefined, { ref: false })]);
      }
      for (const s of this.servers) s.closeAllConnections();
      await Promise.all(closed);
      if (this.cookie !== undefined && this.opts.cookieFile !== undefined) {
        deleteCookieFile(this.opts.cookieFile, this.cookie);
      }
    })();
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.closing) return void res.writeHead(503, { Connection: 'close' }).end();
    const remote = req.socket.remoteAddress;
    const peer = `${remote}:${req.socket.remotePort}`;
    if (!this.allowed.allows(remote)) {
      this.log.warn({ peer }, 'HTTP request rejected: Client network is not allowed RPC access');
      return void res.writeHead(403).end();
    }
    const uri = (req.url ?? '/').split('?')[0]!;
    if (uri !== '/' && !uri.startsWith('/wallet/')) return void res.writeHead(404).end();
    if (req.method !== 'POST')
      return void res.writeHead(405).end('JSONRPC server handles only POST requests');
    const maxBody = this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return this.tooLarge(res);

    if (req.headers.authorization === undefined) {
      return void res.writeHead(401, { 'WWW-Authenticate': WWW_AUTHENTICATE }).end();
    }
    const creds = parseBasicAuth(req.headers.authorization);
    const credentials = { cookie: this.cookie, users: this.opts.users, rpcauth: this.opts.rpcauth };
    if (!creds || !checkCredentials(credentials, creds.user, creds.password)) {
      this.log.warn({ peer }, 'ThreadRPCServer incorrect password attempt');
      await sleep(this.opts.authFailureDelayMs ?? AUTH_FAILURE_DELAY_MS);
      return void res.writeHead(401, { 'WWW-Authenticate': WWW_AUTHENTICATE }).end();
    }

    const maxConcurrent = this.opts.maxConcurrentRequests ?? 20;
    if (this.inFlight.size >= maxConcurrent) {
      this.log.warn(
        {},
        'request rejected because http work queue depth exceeded, it can be increased with -rpcworkqueue',
      );
      return void res.writeHead(503).end('Work queue depth exceeded');
    }
    const abort = new AbortController();
    this.inFlight.add(abort);
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(new Error('client disconnected'));
    });
    try {
      let body: Buffer | null;
      try {
        body = await readBody(req, maxBody);
      } catch {
        return; // the client went away mid-request
      }
      if (body === null) return this.tooLarge(res);
      const ctx = { uri, user: creds.user, peer, signal: abort.signal };
      await this.dispatch(body, ctx, res);
    } finally {
      this.inFlight.delete(abort);
      if (this.inFlight.size === 0) this.drained?.();
    }
  }

  private tooLarge(res: ServerResponse): void {
    // The rest of the body is never read: the connection is closed once the answer is out.
    res.writeHead(413, { Connection: 'close' }).end();
    res.on('finish', () => res.socket?.destroySoon());
  }

  private async dispatch(
    body: Buffer,
    ctx: Pick<RpcContext, 'uri' | 'user' | 'peer' | 'signal'>,
    res: ServerResponse,
  ): Promise<void> {
    let s = newState();
    try {
      let request: unknown;
      try {
        request = parseJson(body.toString('utf8'));
      } catch {
        throw new RpcError(RpcErrorCode.PARSE_ERROR, 'Parse error');
      }
      if (Array.isArray(request)) {
        const replies: unknown[] = [];
        for (const item of request) {
          s = newState();
          let reply: Record<string, unknown>;
          try {
            parseRequest(item, s);
            reply = await this.executeOne(s, ctx, true);
          } catch (e) {
            reply = replyObject(null, toRpcError(e), s);
          }
          if (!isNotification(s)) replies.push(reply);
        }
        // A batch of notifications only gets no body; an empty batch is no JSON-RPC 2.0 batch and
        // gets an empty array, as bitcoind answers.
        if (replies.length === 0 && request.length > 0) return void res.writeHead(204).end();
        return this.writeJson(res, 200, replies);
      }
      if (request === null || typeof request !== 'object') {
        throw new RpcError(RpcErrorCode.PARSE_ERROR, 'Top-level object parse error');
      }
      parseRequest(request, s);
      // JSON-RPC 1.0 answers a failed call with an HTTP error status, 2.0 with 200.
      const reply = await this.executeOne(s, ctx, s.version === 2);
      if (isNotification(s)) return void res.writeHead(204).end();
      this.writeJson(res, 200, reply);
    } catch (e) {
      const err = toRpcError(e);
      this.writeJson(res, errorStatus(err.code), replyObject(null, err, s));
    }
  }

  private async executeOne(
    s: RequestState,
    base: Pick<RpcContext, 'uri' | 'user' | 'peer' | 'signal'>,
    catchErrors: boolean,
  ): Promise<Record<string, unknown>> {
    const ctx: RpcContext = { ...base, method: s.method, jsonVersion: s.version };
    this.log.debug({ method: s.method, user: ctx.user }, 'ThreadRPCServer method');
    let result: unknown;
    try {
      const def = this.registry.get(s.method);
      if (this.warmup !== null && !def?.allowInWarmup)
        throw new RpcError(RpcErrorCode.IN_WARMUP, this.warmup);
      result = await this.registry.execute(s.method, s.params, ctx);
    } catch (e) {
      if (!(e instanceof RpcError)) this.log.debug({ method: s.method, err: e }, 'RPC handler threw');
      if (!catchErrors) throw toRpcError(e);
      return replyObject(null, toRpcError(e), s);
    }
    return replyObject(result, null, s);
  }

  private writeJson(res: ServerResponse, status: number, reply: unknown): void {
    let text: string;
    try {
      text = stringifyJson(reply);
    } catch (e) {
      const err = new RpcError(
        RpcErrorCode.INTERNAL_ERROR,
        `result is not serializable: ${(e as Error).message}`,
      );
      text = stringifyJson({ result: null, error: err.toJSON(), id: null });
      status = 500;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(`${text}\n`);
  }

  private registerBuiltins(): void {
    this.registry.registerMethod({
      name: 'help',
      category: 'control',
      params: [{ name: 'command', type: 'string', optional: true, help: 'The command to get help on' }],
      help: 'List all commands, or get help for a specified command.',
      result: '"str"    (string) The help text',
      allowInWarmup: true,
      handler: (args) => {
        const command = args.command as string | undefined;
        if (command === undefined) return this.registry.helpIndex();
        const def = this.registry.get(command);
        if (!def) return `help: unknown command: ${command}`;
        return this.registry.helpText(def);
      },
    });
    this.registry.registerMethod({
      name: 'stop',
      category: 'control',
      help: 'Request a graceful shutdown of the node.',
      result: '"str"    (string) A string with the content \'FUN AI ledger stopping\'',
      allowInWarmup: true,
      handler: () => {
        // After the reply is written: the shutdown closes this server.
        if (this.opts.onStop) setImmediate(this.opts.onStop);
        return this.opts.stopMessage ?? 'FUN AI ledger stopping';
      },
    });
    this.registry.registerMethod({
      name: 'uptime',
      category: 'control',
      help: 'Returns the total uptime of the server.',
      result: 'n    (numeric) The number of seconds that the server has been running',
      allowInWarmup: true,
      handler: () => Math.floor((Date.now() - this.startTime) / 1000),
    });
  }
}

/** The body, or null as soon as it exceeds `limit` (the rest is left unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('client disconnected'));
    });
  });
}
