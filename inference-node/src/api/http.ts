import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, invalid } from './errors.js';

/**
 * Reads a JSON body of at most `maxBytes` (413 beyond, checked on Content-Length first and then on the
 * bytes as they arrive, so an oversized body is never buffered), within `timeoutMs` (408).
 */
export async function readJson(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<unknown> {
  const raw = await readBody(req, maxBytes, timeoutMs);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (e) {
    throw invalid(`malformed JSON body: ${(e as Error).message}`, null, 'invalid_json');
  }
}

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const tooLarge = (): ApiError =>
    new ApiError(413, 'invalid_request_error', 'request_too_large', `request body over ${maxBytes} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () =>
        finish(
          new ApiError(408, 'invalid_request_error', 'request_timeout', 'request body not received in time'),
        ),
      timeoutMs,
    );
    const finish = (err: ApiError | null): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        req.resume();
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > maxBytes) finish(tooLarge());
      else chunks.push(c);
    };
    const onEnd = (): void => finish(null);
    const onError = (): void => finish(invalid('request body stream failed'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: ApiError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const h: Record<string, string> = { ...headers };
  if (e.retryAfter !== undefined) h['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfter)));
  // The body is not read on early refusals: close the connection rather than drain an unknown upload.
  if (e.status === 413 || e.status === 408) h.connection = 'close';
  sendJson(res, e.status, e.body(), h);
}

/** Server-sent events as OpenAI sends them: `data: <json>\n\n` per chunk, then `data: [DONE]`. */
export class SseWriter {
  private readonly res: ServerResponse;

  constructor(res: ServerResponse, headers: Record<string, string>) {
    this.res = res;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...headers,
    });
    res.flushHeaders();
  }

  /**
   * Writes one event; waits for the socket to drain when its buffer is full (bounded memory).
   */
  async send(data: unknown): Promise<void> {
    if (this.res.destroyed) return;
    if (!this.res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`))
      await new Promise<void>((r) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          r();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
  }

  async done(): Promise<void> {
    await this.send('[DONE]');
    this.res.end();
  }
}
