// CORS for browsers (docs/protocol.md §17.1): preflights answered without a key, allowed origins reflected
// with the readable headers named, others and `corsOrigins: null` get no CORS headers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/node/config.js';
import { type Harness, KEY_A, MODEL, sharedEngine, startApi } from './harness.js';

let open: Harness;
let listed: Harness;
let closed: Harness;
beforeAll(async () => {
  open = await startApi();
  listed = await startApi({ corsOrigins: ['https://app.example'] });
  closed = await startApi({ corsOrigins: null });
});
afterAll(async () => {
  await Promise.all([open, listed, closed].map((h) => h?.close()));
  await (await sharedEngine()).engine.close();
});

const preflight = (h: Harness, origin: string) =>
  fetch(`${h.origin}/v1/chat/completions`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    },
  });

describe('CORS', () => {
  it('a preflight is answered 204 without a key, reflecting the origin and the asked headers', async () => {
    const res = await preflight(open, 'https://anywhere.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('a cross-origin chat completion carries the CORS headers, and the page may read x-funai-tx', async () => {
    const res = await fetch(`${open.origin}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        Origin: 'https://anywhere.example',
        Authorization: `Bearer ${KEY_A}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-funai-tx');
    expect(res.headers.get('x-funai-tx')).toMatch(/^[0-9a-f]{64}$/);
    // Errors too (a page must be able to read a 401).
    const denied = await fetch(`${open.origin}/v1/models`, {
      headers: { Origin: 'https://anywhere.example' },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });

  it('a configured list allows only its origins; null allows none', async () => {
    expect((await preflight(listed, 'https://app.example')).headers.get('access-control-allow-origin')).toBe(
      'https://app.example',
    );
    const other = await preflight(listed, 'https://evil.example');
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-methods')).toBeNull();
    const none = await fetch(`${closed.origin}/funai/v1/models`, {
      headers: { Origin: 'https://app.example' },
    });
    expect(none.status).toBe(200);
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('-api-cors', () => {
  const cors = (...args: string[]) =>
    loadConfig(['-datadir=/nonexistent-funai', ...args], { home: '/h', cwd: '/' }).api.corsOrigins;
  it('any origin by default or with *, a list of origins, none', () => {
    expect(cors()).toBe('*');
    expect(cors('-api-cors=*', '-api-cors=https://a.example')).toBe('*');
    expect(cors('-api-cors=https://a.example', '-api-cors=https://b.example')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(cors('-api-cors=none')).toBeNull();
  });
});
