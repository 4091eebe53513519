import { createHash } from 'node:crypto';
import { fromHex, toHex } from '@funai/ledger-node';
import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TxLifecycle } from '../../src/api/lifecycle.js';
import { decodeSignedReceipt, verifyReceipt } from '../../src/tx/receipt.js';
import { decodeTx, deriveSeed, encodeUnsignedTx, txId } from '../../src/tx/transaction.js';
import {
  alice,
  CHAIN_ID,
  type Harness,
  KEY_A,
  KEY_C,
  LONG_MODEL,
  MODEL,
  sharedEngine,
  startApi,
} from './harness.js';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startApi();
  client = h.client();
});
afterAll(async () => {
  await h?.close();
  await (await sharedEngine()).engine.close();
});

const CHAT = [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: 'hello world' },
  { role: 'assistant' as const, content: 'the answer' },
  { role: 'user' as const, content: 'FUN AI model' },
];

const account = async (p: string) =>
  (await (await fetch(`${h.origin}/funai/v1/accounts/${p}`)).json()) as { balance: string; nonce: string };

async function streamChat(params: Omit<OpenAI.ChatCompletionCreateParamsStreaming, 'stream'>) {
  const stream = await client.chat.completions.create({ ...params, stream: true });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const c of stream) chunks.push(c);
  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  const finish = chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason;
  return { chunks, text, finish, last: chunks.at(-1) as unknown as Record<string, unknown> };
}

describe('OpenAI SDK against the node: models', () => {
  it('lists the served models by name, with their model ids; retrieves by name and by id', async () => {
    const list = await client.models.list();
    const names = list.data.map((m) => m.id);
    expect(names).toEqual([MODEL, LONG_MODEL]);
    const first = list.data[0] as unknown as { funai: { modelId: string } };
    expect(first.funai.modelId).toBe(h.modelIds[MODEL]);
    expect((await client.models.retrieve(MODEL)).id).toBe(MODEL);
    expect((await client.models.retrieve(h.modelIds[MODEL]!)).id).toBe(MODEL);
  });
});

describe('native read-only routes', () => {
  it('status, models with their limits, accounts', async () => {
    const status = (await (await fetch(`${h.origin}/funai/v1/status`)).json()) as {
      models: unknown[];
      inFlight: number;
    };
    expect(status.models).toHaveLength(2);
    const models = (await (await fetch(`${h.origin}/funai/v1/models`)).json()) as {
      models: { name: string; id: string; contextSize: number }[];
    };
    expect(models.models[0]).toMatchObject({ name: MODEL, id: h.modelIds[MODEL], contextSize: 4096 });
    expect(await account('STNOBODY')).toEqual({ principal: 'STNOBODY', balance: '0', nonce: '0' });
    expect((await fetch(`${h.origin}/funai/v1/tx/xyz`)).status).toBe(400);
  });
});

describe('chat completions', () => {
  it('answers with text, usage, finish_reason and the funai transaction in header and body', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: MODEL, messages: CHAT, seed: 42, max_tokens: 24 })
      .withResponse();
    const choice = data.choices[0]!;
    expect(data.object).toBe('chat.completion');
    expect(choice.message.role).toBe('assistant');
    expect(typeof choice.message.content).toBe('string');
    expect(['stop', 'length']).toContain(choice.finish_reason);
    expect(data.usage!.prompt_tokens).toBeGreaterThan(5);
    expect(data.usage!.completion_tokens).toBeGreaterThan(0);
    expect(data.usage!.total_tokens).toBe(data.usage!.prompt_tokens + data.usage!.completion_tokens);
    const funai = (data as unknown as { funai: { tx: string; receipt: string; seed: number } }).funai;
    expect(funai.tx).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers.get('x-funai-tx')).toBe(funai.tx);
    expect(data.id).toBe(`chatcmpl-${funai.tx}`);
    expect(funai.seed).toBe(42);
    expect(funai.receipt).toMatch(/^[0-9a-f]+$/);
  });

  it('the same seed gives the same text; the concatenated stream equals the non-streamed text', async () => {
    for (const seed of [1, 2, 3, 99]) {
      const params = { model: MODEL, messages: CHAT, seed, max_tokens: 40, temperature: 0.9 };
      const a = await client.chat.completions.create(params);
      const b = await client.chat.completions.create(params);
      expect(b.choices[0]!.message.content).toBe(a.choices[0]!.message.content);
      const s = await streamChat(params);
      expect(s.text).toBe(a.choices[0]!.message.content);
      expect(s.finish).toBe(a.choices[0]!.finish_reason);
      expect(s.chunks[0]!.choices[0]!.delta.role).toBe('assistant');
      expect((s.last.funai as { tx: string }).tx).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('greedy (temperature 0) on the endless model: a long stream equals the non-streamed text', async () => {
    const params = { model: LONG_MODEL, messages: CHAT, temperature: 0, max_tokens: 200 };
    const a = await client.chat.completions.create(params);
    expect(a.choices[0]!.finish_reason).toBe('length');
    expect(a.usage!.completion_tokens).toBe(200);
    const s = await streamChat(params);
    expect(s.text).toBe(a.choices[0]!.message.content);
    expect(s.chunks.length).toBeGreaterThan(10);
  });

  it("the SDK's stream helper (chat.completions.stream) assembles the same final completion", async () => {
    const params = { model: MODEL, messages: CHAT, seed: 21, max_tokens: 30 };
    const a = await client.chat.completions.create(params);
    const runner = client.chat.completions.stream({ ...params, stream_options: { include_usage: true } });
    let deltas = '';
    runner.on('content', (d) => {
      deltas += d;
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(a.choices[0]!.message.content);
    expect(deltas).toBe(a.choices[0]!.message.content);
    expect(final.choices[0]!.finish_reason).toBe(a.choices[0]!.finish_reason);
    expect(final.usage).toEqual(a.usage);
  });

  it('stream_options.include_usage adds a last chunk with usage and no choices', async () => {
    const params = { model: MODEL, messages: CHAT, seed: 5, max_tokens: 16 };
    const a = await client.chat.completions.create(params);
    const s = await streamChat({ ...params, stream_options: { include_usage: true } });
    expect(s.chunks.at(-1)!.choices).toEqual([]);
    expect(s.chunks.at(-1)!.usage).toEqual(a.usage);
    expect((s.last.funai as { tx: string }).tx).toMatch(/^[0-9a-f]{64}$/);
  });

  it('max_tokens ends with finish_reason length; max_completion_tokens is the same field', async () => {
    const a = await client.chat.completions.create({
      model: LONG_MODEL,
      messages: CHAT,
      max_tokens: 3,
      seed: 1,
    });
    expect(a.choices[0]!.finish_reason).toBe('length');
    expect(a.usage!.completion_tokens).toBe(3);
    const b = await client.chat.completions.create({
      model: LONG_MODEL,
      messages: CHAT,
      max_completion_tokens: 3,
      seed: 1,
    });
    expect(b.choices[0]!.message.content).toBe(a.choices[0]!.message.content);
  });

  it('stop strings cut the text before the stop string, streamed or not, with finish_reason stop', async () => {
    const params = { model: LONG_MODEL, messages: CHAT, temperature: 0, max_tokens: 60 };
    const full = (await client.chat.completions.create(params)).choices[0]!.message.content!;
    expect(full.length).toBeGreaterThan(20);
    for (const at of [3, 10, 17]) {
      const stop = full.slice(at, at + 3);
      const cut = full.slice(0, full.indexOf(stop));
      const a = await client.chat.completions.create({ ...params, stop: [stop, 'never-seen'] });
      expect(a.choices[0]!.message.content).toBe(cut);
      expect(a.choices[0]!.finish_reason).toBe('stop');
      const s = await streamChat({ ...params, stop });
      expect(s.text).toBe(cut);
      expect(s.finish).toBe('stop');
    }
  });

  it('the model can be named by its model id', async () => {
    const a = await client.chat.completions.create({ model: h.modelIds[MODEL]!, messages: CHAT, seed: 3 });
    const b = await client.chat.completions.create({ model: MODEL, messages: CHAT, seed: 3 });
    expect(a.choices[0]!.message.content).toBe(b.choices[0]!.message.content);
    expect(a.model).toBe(h.modelIds[MODEL]);
  });

  it('without a seed the transaction carries the derived seed (coord rule), reported in funai.seed', async () => {
    const a = await client.chat.completions.create({ model: MODEL, messages: CHAT });
    const funai = (a as unknown as { funai: { tx: string; seed: number } }).funai;
    const lc = (await (await fetch(`${h.origin}/funai/v1/tx/${funai.tx}`)).json()) as TxLifecycle;
    const tx = decodeTx(fromHex(lc.tx!));
    expect(tx.seed).toBe(funai.seed);
    expect(deriveSeed(tx)).toBe(tx.seed);
    // The coordination rule computed step by step: SHA-256("FUNAI-SEED-V1" ‖ unsigned tx with seed 0), first
    // 8 bytes big-endian, mod 2^53.
    const body = encodeUnsignedTx({ ...tx, seed: 0 });
    const digest = createHash('sha256').update('FUNAI-SEED-V1').update(body).digest();
    expect(Number(digest.readBigUInt64BE(0) % 2n ** 53n)).toBe(tx.seed);
    // The same request again: another nonce, so another transaction and another derived seed.
    const b = await client.chat.completions.create({ model: MODEL, messages: CHAT });
    expect((b as unknown as { funai: { seed: number } }).funai.seed).not.toBe(funai.seed);
  });

  it('the receipt is the executor signature over this transaction and this output', async () => {
    const a = await client.chat.completions.create({ model: MODEL, messages: CHAT, seed: 8 });
    const funai = (a as unknown as { funai: { tx: string; receipt: string } }).funai;
    const r = decodeSignedReceipt(fromHex(funai.receipt));
    expect(verifyReceipt(r)).toBe(true);
    expect(toHex(r.txId)).toBe(funai.tx);
    expect(toHex(r.modelId)).toBe(h.modelIds[MODEL]);
    expect(r.outputTokens).toBe(a.usage!.completion_tokens);
    expect(r.chainId).toBe(CHAIN_ID);
    expect(r.ledgerHeight).toBe(100);
    const lc = (await (await fetch(`${h.origin}/funai/v1/tx/${funai.tx}`)).json()) as TxLifecycle;
    expect(lc).toMatchObject({ id: funai.tx, status: 'executed', receipt: funai.receipt });
    expect(toHex(txId(decodeTx(fromHex(lc.tx!))))).toBe(funai.tx);
  });
});

describe('completions', () => {
  it('non-streamed and streamed give the same text, usage and finish reason', async () => {
    const params = { model: MODEL, prompt: 'hello world the', seed: 11, max_tokens: 32 };
    const a = await client.completions.create(params);
    expect(a.object).toBe('text_completion');
    const stream = await client.completions.create({
      ...params,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.text ?? '';
      finish ??= c.choices[0]?.finish_reason;
      usage ??= c.usage ?? undefined;
    }
    expect(text).toBe(a.choices[0]!.text);
    expect(finish).toBe(a.choices[0]!.finish_reason);
    expect(usage).toEqual(a.usage);
  });
});

describe('errors come in OpenAI shape with the right status', () => {
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${h.origin}${path}`, {
      method: 'POST',
      ...init,
      headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json', ...init.headers },
    });

  it('400 for malformed JSON', async () => {
    const r = await raw('/v1/chat/completions', { body: '{"model": "tiny-alpha", "messages": [' });
    expect(r.status).toBe(400);
    const body = (await r.json()) as {
      error: { type: string; code: string; message: string; param: unknown };
    };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json', param: null });
  });

  it('400 for n > 1, bad messages, bad temperature, penalties, logprobs', async () => {
    const bad: Record<string, unknown>[] = [
      { n: 2 },
      { messages: [] },
      { messages: [{ role: 'assistant', content: 'hi' }] },
      { messages: [{ role: 'tool', content: 'hi' }] },
      { temperature: 9 },
      { top_p: 0 },
      { seed: -1 },
      { seed: 2 ** 53 },
      { presence_penalty: 0.5 },
      { logprobs: true },
      { stop: Array(9).fill('x') },
      { max_tokens: 0 },
      { stream_options: { include_usage: true } },
    ];
    for (const b of bad) {
      const err = await client.chat.completions
        .create({ model: MODEL, messages: CHAT, ...b } as OpenAI.ChatCompletionCreateParamsNonStreaming)
        .catch((e: unknown) => e);
      expect(err, JSON.stringify(b)).toBeInstanceOf(OpenAI.BadRequestError);
    }
  });

  it('401 for a bad or missing key', async () => {
    const err = await h
      .client('sk-wrong')
      .chat.completions.create({ model: MODEL, messages: CHAT })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as APIError).code).toBe('invalid_api_key');
    const r = await raw('/v1/models', { method: 'GET', headers: { authorization: '' } });
    expect(r.status).toBe(401);
  });

  it('404 for an unknown model and an unknown URL', async () => {
    const err = await client.chat.completions.create({ model: 'gpt-4o', messages: CHAT }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as APIError).code).toBe('model_not_found');
    expect((await raw('/v1/embeddings', { body: '{}' })).status).toBe(404);
  });

  it('413 for a body over the limit; 400 context_length_exceeded for a prompt over the context', async () => {
    const r = await raw('/v1/chat/completions', {
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x'.repeat(2 << 20) }] }),
    });
    expect(r.status).toBe(413);
    const long = 'hello world '.repeat(3000);
    const err = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: long }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as APIError).code).toBe('context_length_exceeded');
  });

  it('429 insufficient_quota when the account cannot pay its gas', async () => {
    const err = await h
      .client(KEY_C)
      .chat.completions.create({ model: MODEL, messages: CHAT })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as APIError).code).toBe('insufficient_quota');
  });

  it('concurrent requests of one key get distinct nonces; all settle and the next nonce moves past them', async () => {
    const before = await account(alice.principal);
    const all = await Promise.all(
      [1, 2, 3, 4].map((seed) =>
        client.chat.completions.create({ model: MODEL, messages: CHAT, seed, max_tokens: 8 }),
      ),
    );
    const nonces = await Promise.all(
      all.map(async (r) => {
        const tx = (r as unknown as { funai: { tx: string } }).funai.tx;
        const lc = (await (await fetch(`${h.origin}/funai/v1/tx/${tx}`)).json()) as TxLifecycle;
        return decodeTx(fromHex(lc.tx!)).nonce;
      }),
    );
    expect(new Set(nonces).size).toBe(4);
    expect(BigInt((await account(alice.principal)).nonce)).toBe(BigInt(before.nonce) + 4n);
  });

  it('the fee is charged to the account: min(gasLimit, output tokens) × gas price (the verdict gas rule)', async () => {
    const before = await account(alice.principal);
    const a = await client.chat.completions.create({ model: MODEL, messages: CHAT, seed: 4 });
    const after = await account(alice.principal);
    // The prompt is not charged: a prompt of several tokens would make the two rules differ.
    expect(a.usage!.prompt_tokens).toBeGreaterThan(1);
    expect(BigInt(before.balance) - BigInt(after.balance)).toBe(BigInt(a.usage!.completion_tokens));
    expect(BigInt(after.nonce)).toBe(BigInt(before.nonce) + 1n);
  });

  it('405 for a wrong method', async () => {
    expect((await raw('/v1/chat/completions', { method: 'GET' })).status).toBe(405);
  });
});
