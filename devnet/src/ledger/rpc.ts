import { readFileSync } from 'node:fs';

export class LedgerRpcError extends Error {
  override readonly name = 'LedgerRpcError';
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** A JSON-RPC 1.0 client for a funai-ledger node, authenticated with its cookie file (read per call: it changes on restart). */
export class LedgerRpc {
  readonly url: string;
  readonly cookieFile: string;
  private id = 0;

  constructor(url: string, cookieFile: string) {
    this.url = url;
    this.cookieFile = cookieFile;
  }

  async call<T>(method: string, ...params: unknown[]): Promise<T> {
    const auth = Buffer.from(readFileSync(this.cookieFile, 'utf8').trim()).toString('base64');
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${auth}` },
      body: JSON.stringify({ jsonrpc: '1.0', id: ++this.id, method, params }),
    });
    const text = await res.text();
    let reply: { result: unknown; error: { code: number; message: string } | null };
    try {
      reply = JSON.parse(text);
    } catch {
      throw new LedgerRpcError(-32700, `HTTP ${res.status} from ${method}: ${text.slice(0, 200)}`);
    }
    if (reply.error) throw new LedgerRpcError(reply.error.code, reply.error.message);
    return reply.result as T;
  }
}
