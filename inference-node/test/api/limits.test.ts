import { once } from 'node:events';
import OpenAI, { type APIError } from 'openai';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  type Harness,
  KEY_A,
  KEY_B,
  LONG_MODEL,
  MODEL,
  type RecordingBackend,
  sharedEngine,
  startApi,
} from './harness.js';

const CHAT = [{ role: 'user' as const, content: 'hello world' }];
const servers: Harness[] = [];
async function start(o: Parameters<typeof startApi>[0] = {}): Promise<Harness> {
  const h = await startApi(o);
  servers.push(h);
  return h;
}
afterAll(async () => {
  for (const h of servers) await h.close();
  await (await sharedEngine()).engine.close();
});

/** Starts a long streamed generation and resolves once its first chunk has arrived. */
async function longStream(
  h: Harness,
  key = KEY_A,
): Promise<{ abort: () => void; done: Promise<unknown>; tx: string }> {
  const ac = new AbortController();
  const r = await fetch(`${h.baseURL}/chat/completions`, {
    method: 'POST',
    signal: ac.signal,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: LONG_MODEL,
      messages: CHAT,
      temperature: 0,
      max_tokens: 4000,
      stream: true,
    }),
  });
  expect(r.status).toBe(200);
  const reader = r.body!.getReader();
  await reader.read();
  const done = (async () => {
    for (;;) if ((await reader.read()).done) return;
  })().catch(() => {});
  return { abort: () => ac.abort(), done, tx: r.headers.get('x-funai-tx')! };
}

/** Occupies every context of a model until released: requests for it queue in the engine. */
function hold(h: Harness, model: string): () => void {
  const pool = h.engine.model(h.modelIds[model]!).pool;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const info = h.engine.model(h.modelIds[model]!).info as { contexts: number; sequences?: number };
  const n = info.contexts * (info.sequences ?? 1);
  for (let i = 0; i < n; i++) void pool.run(() => gate);
  return release;
}

const errorOf = (p: Promise<unknown>): Promise<APIError> =>
  p.then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => e as APIError,
  );

describe('limits', () => {
  it('a client that disconnects mid-stream cancels its generation and frees its slot', async () => {
    const h = await start();
    const backend = h.backend as RecordingBackend;
    const s = await longStream(h);
    const abandoned = once(backend.events, 'abandoned');
    s.abort();
    expect(await abandoned).toEqual([s.tx]);
    expect(backend.settled).not.toContain(s.tx);
    expect(h.server.apiStats().inFlight).toBe(0);
    expect(h.engine.model(h.modelIds[LONG_MODEL]!).pool.busy).toBe(0);
    // And the slot serves the next client.
    const ok = await h.client().chat.completions.create({ model: MODEL, messages: CHAT, seed: 1 });
    expect(ok.choices[0]!.message).toBeDefined();
  });

  it('per-key rate limit: 429 with Retry-After past the burst, other keys unaffected, refilled in time', async () => {
    let t = 1000;
    const h = await start({ limits: { ratePerSecond: 0.5, rateBurst: 2 }, now: () => t });
    const a = h.client(KEY_A);
    for (let i = 0; i < 2; i++)
      await a.chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 2 });
    const err = await errorOf(a.chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 2 }));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.code).toBe('rate_limit_exceeded');
    expect(err.headers?.get('retry-after')).toBe('2');
    await h.client(KEY_B).chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 2 });
    t += 2;
    await a.chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 2 });
  });

  it('a client that disconnects while queued leaves the queue and is not charged', async () => {
    const h = await start();
    const backend = h.backend as RecordingBackend;
    const release = hold(h, MODEL);
    try {
      const ac = new AbortController();
      const admitted = once(backend.events, 'admitted');
      const p = h
        .client()
        .chat.completions.create({ model: MODEL, messages: CHAT }, { signal: ac.signal })
        .catch((e) => e);
      const [tx] = await admitted;
      await vi.waitFor(() => expect(h.engine.model(h.modelIds[MODEL]!).pool.queued).toBe(1));
      const abandoned = once(backend.events, 'abandoned');
      ac.abort();
      expect(await abandoned).toEqual([tx]);
      await p;
      expect(h.engine.model(h.modelIds[MODEL]!).pool.queued).toBe(0);
      expect(h.server.apiStats().inFlight).toBe(0);
    } finally {
      release();
    }
  });

  it('per-key concurrency cap: 429 for the key at its cap, another key is served meanwhile', async () => {
    const h = await start({ limits: { maxConcurrentPerKey: 1 } });
    const backend = h.backend as RecordingBackend;
    const release = hold(h, MODEL);
    const admitted = once(backend.events, 'admitted');
    const first = h.client(KEY_A).chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 4 });
    await admitted;
    try {
      const err = await errorOf(h.client(KEY_A).chat.completions.create({ model: MODEL, messages: CHAT }));
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      expect(err.code).toBe('concurrency_limit_exceeded');
      expect(err.headers?.get('retry-after')).toBe('1');
      const ok = await h
        .client(KEY_B)
        .chat.completions.create({ model: LONG_MODEL, messages: CHAT, max_tokens: 4 });
      expect(ok.choices).toHaveLength(1);
    } finally {
      release();
    }
    expect((await first).choices).toHaveLength(1);
  });

  it('node at capacity: 503 with Retry-After at once', async () => {
    const h = await start({ limits: { maxConcurrent: 1 } });
    const backend = h.backend as RecordingBackend;
    const release = hold(h, MODEL);
    const admitted = once(backend.events, 'admitted');
    const first = h.client(KEY_A).chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 4 });
    await admitted;
    try {
      const err = await errorOf(
        h.client(KEY_B).chat.completions.create({ model: LONG_MODEL, messages: CHAT }),
      );
      expect(err.status).toBe(503);
      expect(err.code).toBe('overloaded');
      expect(err.headers?.get('retry-after')).toBe('1');
    } finally {
      release();
    }
    await first;
  });

  it('engine queue full (2 contexts held, queue of 4): the surplus gets 503 at once, the rest are served', async () => {
    const h = await start();
    const release = hold(h, MODEL);
    const backend = h.backend as RecordingBackend;
    let settle!: () => void;
    const twoRefused = new Promise<void>((r) => (settle = r));
    let refused = 0;
    const results = Array.from({ length: 6 }, (_, i) =>
      h
        .client(i % 2 ? KEY_A : KEY_B)
        .chat.completions.create({ model: MODEL, messages: CHAT, max_tokens: 2 })
        .then(
          () => 200,
          (e: APIError) => {
            if (++refused === 2) settle();
            return e.status;
          },
        ),
    );
    await twoRefused;
    expect(backend.abandoned).toHaveLength(2);
    release();
    const statuses = await Promise.all(results);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
  });

  it('a request over its time limit is cancelled: 504, slot freed, nothing charged', async () => {
    const h = await start({ limits: { requestTimeoutMs: 30 } });
    const backend = h.backend as RecordingBackend;
    const err = await errorOf(
      h
        .client()
        .chat.completions.create({ model: LONG_MODEL, messages: CHAT, temperature: 0, max_tokens: 4000 }),
    );
    expect(err.status).toBe(504);
    expect(backend.settled).toHaveLength(0);
    expect(backend.abandoned).toHaveLength(1);
    expect(h.engine.model(h.modelIds[LONG_MODEL]!).pool.busy).toBe(0);
  });

  it('a stream over its time limit ends with an error event, which the SDK raises; nothing is charged', async () => {
    const h = await start({ limits: { requestTimeoutMs: 50 } });
    const backend = h.backend as RecordingBackend;
    const stream = await h.client().chat.completions.create({
      model: LONG_MODEL,
      messages: CHAT,
      temperature: 0,
      max_tokens: 4000,
      stream: true,
    });
    const err = await (async () => {
      try {
        for await (const _ of stream);
      } catch (e) {
        return e as APIError;
      }
      throw new Error('expected the stream to fail');
    })();
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.code).toBe('timeout');
    expect(backend.settled).toHaveLength(0);
    expect(backend.abandoned).toHaveLength(1);
  });

  it('408 for a body that does not arrive in time', async () => {
    const h = await start({ limits: { bodyTimeoutMs: 50 } });
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.baseURL}/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY_A}`,
          'content-type': 'application/json',
          'content-length': 100,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"model":');
    });
    expect(status).toBe(408);
  });

  it('bad requests of every kind get their error while a concurrent well-behaved client keeps being served', async () => {
    const h = await start({
      limits: { ratePerSecond: 1, rateBurst: 20, maxBodyBytes: 64 * 1024 },
      now: () => 0,
    });
    const good = h.client(KEY_B);
    const goodLoop = (async () => {
      const finishes: string[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await good.chat.completions.create({
          model: MODEL,
          messages: CHAT,
          seed: i,
          max_tokens: 8,
        });
        finishes.push(r.choices[0]!.finish_reason);
      }
      return finishes;
    })();
    const post = (body: string, key = KEY_A) =>
      fetch(`${h.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      statuses.push(
        await post('{"model":'),
        await post(JSON.stringify({ model: 'nope', messages: CHAT })),
        await post(
          JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x'.repeat(100_000) }] }),
        ),
        await post(JSON.stringify({ model: MODEL, messages: CHAT }), 'sk-bad'),
        await post(
          JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hello '.repeat(5000) }] }),
        ),
      );
    }
    // 12 of Alice's 20-request burst are spent: a flood of 10 more breaches her rate limit.
    const flood: number[] = [];
    for (let i = 0; i < 10; i++)
      flood.push(await post(JSON.stringify({ model: MODEL, messages: CHAT, max_tokens: 2 })));
    expect(statuses).toEqual(Array(3).fill([400, 404, 413, 401, 400]).flat());
    expect(flood.filter((s) => s === 200)).toHaveLength(8);
    expect(flood.filter((s) => s === 429)).toHaveLength(2);
    expect(await goodLoop).toHaveLength(8);
  });
});
