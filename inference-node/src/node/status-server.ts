import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

/**
 * A minimal HTTP server for `GET /funai/v1/status` only, used until the API's server factory
 * (src/api, issue 17) serves the daemon: the same path and body either way.
 */
export function createStatusServer(status: () => unknown): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (code: number, body: unknown) => {
      const text = `${JSON.stringify(body)}\n`;
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/funai/v1/status') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: { message: 'use GET' } });
      try {
        return send(200, status());
      } catch (e) {
        return send(500, { error: { message: (e as Error).message } });
      }
    }
    send(404, { error: { message: `no route ${req.method} ${path}` } });
  });
}
