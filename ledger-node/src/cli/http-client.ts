import { request } from 'node:http';

export interface HttpPost {
  host: string;
  port: number;
  path: string;
  /** `user:password`, or undefined to send no Authorization header. */
  auth: string | undefined;
  body: string;
  /** 0: none. */
  timeoutMs: number;
}

/** The server could not be reached (refused, reset, unresolvable): worth a retry under -rpcwait. */
export class ConnectionFailed extends Error {
  override readonly name = 'ConnectionFailed';
}

export function postJson(p: HttpPost): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Host: p.host,
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(p.body)),
    };
    if (p.auth !== undefined) headers.Authorization = `Basic ${Buffer.from(p.auth).toString('base64')}`;
    const req = request(
      { host: p.host, port: p.port, path: p.path, method: 'POST', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e) => reject(new ConnectionFailed(e.message)));
      },
    );
    if (p.timeoutMs > 0) {
      req.setTimeout(p.timeoutMs, () => req.destroy(new Error('timeout reached')));
    }
    req.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.message === 'timeout reached' ? e : new ConnectionFailed(e.code ?? e.message));
    });
    req.end(p.body);
  });
}
