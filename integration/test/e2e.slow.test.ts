// The whole two-layer network as a user meets it: `Devnet` (what `npm run devnet` runs) starts a mining
// ledger node, three producers with their own ledger wallets and the verifiers as real processes on
// 127.0.0.1; the checks go only through public interfaces (devnet.json, the OpenAI SDK, the status and
// lifecycle endpoints, the ledger's JSON-RPC, the explorer page in a real browser).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Devnet, type DevnetManifest, LedgerRpc, MANIFEST_FILE } from '@funai/devnet';
import OpenAI from 'openai';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './ledger-node-process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = resolve(import.meta.dirname, '../test-output');
const datadir = mkdtempSync(join(tmpdir(), 'funai-e2e-'));
const options = {
  datadir,
  reset: false,
  blockIntervalMs: 2000,
  traffic: false,
  exitWhenReady: false,
  producers: 3,
  // Three of the five staked verifiers run (the devnet pads the set with stakers that run no node): a quorum.
  verifiers: 3,
};

interface Status {
  ledger: { height: number; hash: string };
  inference: { height: number; hash: string; certified: number; penalised: number };
  election: {
    ledgerHeight: number;
    ledgerHash: string;
    commits: Array<{ producer: string; bid: string }>;
    winner: string | null;
  } | null;
}

let devnet: Devnet;
let manifest: DevnetManifest;
const timings: string[] = [];

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const t = Date.now();
  const r = await f();
  timings.push(`${what}: ${Date.now() - t} ms`);
  console.log(`e2e: ${what} (${Date.now() - t} ms)`);
  return r;
}

async function status(api: string): Promise<Status> {
  const r = await fetch(new URL('/funai/v1/status', api));
  expect(r.status).toBe(200);
  return (await r.json()) as Status;
}

/** A node's status as it changes (once per ledger block): observable only through its API. */
function statusUntil(api: string, ok: (s: Status) => boolean, ms = 180_000): Promise<Status> {
  return until(
    `status of ${api}`,
    () => status(api).catch(() => null),
    (s): s is Status => s !== null && ok(s),
    ms,
    250,
  ) as Promise<Status>;
}

beforeAll(async () => {
  devnet = new Devnet(options, pino({ level: 'warn' }));
  manifest = await timed('devnet start to first inference block', () => devnet.start());
});

afterAll(async () => {
  await devnet?.stop();
  console.log(`e2e timings:\n  ${timings.join('\n  ')}`);
  rmSync(datadir, { recursive: true, force: true });
});

describe('devnet end to end', () => {
  it('devnet.json names every node, the OpenAI endpoint, a funded key and the models', () => {
    const onDisk = JSON.parse(readFileSync(join(datadir, MANIFEST_FILE), 'utf8')) as DevnetManifest;
    expect(onDisk).toEqual(manifest);
    expect(manifest.openai.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(manifest.openai.apiKey).toBeTruthy();
    const roles = manifest.nodes.map((n) => n.role);
    expect(roles.filter((r) => r === 'producer')).toHaveLength(3);
    expect(roles.filter((r) => r === 'verifier')).toHaveLength(3);
    expect(roles).toContain('ledger');
    for (const n of manifest.nodes) expect(n.pid).toBeGreaterThan(0);
  });

  it('producers bid, every node computes the same election, and inference blocks follow the ledger', async () => {
    const producers = manifest.nodes.filter((n) => n.role === 'producer');
    const first = await timed('an election with commits from all three producers', () =>
      statusUntil(
        producers[0]!.api!,
        (s) => (s.election?.commits.length ?? 0) >= 3 && s.election?.winner !== null,
      ),
    );
    expect(first.election!.commits.map((c) => c.producer)).toContain(first.election!.winner);
    // The other producers and a verifier reach the same election for that ledger block.
    for (const n of [...producers.slice(1), manifest.nodes.find((x) => x.role === 'verifier')!]) {
      const s = await statusUntil(n.api!, (x) => x.ledger.height >= first.election!.ledgerHeight);
      expect(s.ledger.height).toBeGreaterThanOrEqual(first.election!.ledgerHeight);
    }
    const ledger = new LedgerRpc(manifest.ledger.rpc, manifest.ledger.cookie);
    expect(await ledger.call<string>('getblockhash', first.election!.ledgerHeight)).toBe(
      first.election!.ledgerHash,
    );
    const later = await statusUntil(producers[1]!.api!, (s) => s.inference.height > first.inference.height);
    expect(later.inference.height).toBeGreaterThan(first.inference.height);
  });

  it('a chat request through the official openai SDK returns text and names its signed transaction', async () => {
    const client = new OpenAI({ baseURL: manifest.openai.baseURL!, apiKey: manifest.openai.apiKey! });
    const model = manifest.models[0]!;
    // The deposit is credited after its confirmations: retry while the account is still unfunded (429).
    const chat = (await timed('first chat completion (deposit credited)', () =>
      until(
        'the test account to be funded',
        () =>
          client.chat.completions
            .create({
              model: model.name,
              messages: [{ role: 'user', content: 'Say hello to FUN AI.' }],
              max_tokens: 16,
              seed: 7,
            })
            .catch((e: unknown) => {
              if (e instanceof OpenAI.APIError && e.status === 429) return null;
              throw e;
            }),
        (r) => r !== null,
        120_000,
        500,
      ),
    ))!;
    expect(chat.choices[0]!.message.content).toEqual(expect.any(String));
    expect(['stop', 'length']).toContain(chat.choices[0]!.finish_reason);
    expect(chat.usage!.completion_tokens).toBeGreaterThan(0);
    const funai = (chat as unknown as { funai: { tx: string; receipt: string } }).funai;
    expect(funai.tx).toMatch(/^[0-9a-f]+$/);
    // The same request by model id, streamed, gives the same text.
    const stream = await client.chat.completions.create({
      model: model.id,
      messages: [{ role: 'user', content: 'Say hello to FUN AI.' }],
      max_tokens: 16,
      seed: 7,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(chat.choices[0]!.message.content);
  });

  it('blocks carrying the chat record are verified and certified by a 3-of-5 quorum', async () => {
    const api = manifest.nodes.find((n) => n.name === 'producer-1')!.api!;
    const s = await timed('first quorum certificate', () =>
      statusUntil(api, (x) => x.inference.certified >= 1, 240_000),
    );
    expect(s.inference.certified).toBeGreaterThanOrEqual(1);
    expect(s.inference.penalised).toBe(0);
    // A verifier saw the same certificate.
    const v = manifest.nodes.find((n) => n.name === 'verifier-1')!.api!;
    const vs = await statusUntil(v, (x) => x.inference.certified >= 1, 120_000);
    expect(vs.inference.certified).toBeGreaterThanOrEqual(1);
  });

  it('the explorer shows the ledger and the latest election as the nodes report them', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(manifest.explorer!);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForFunction("document.querySelectorAll('#commits tr').length > 0", undefined, {
        timeout: 60_000,
      });
      const shownInference = Number(await page.textContent('#inference-height'));
      const s = await status(manifest.nodes.find((n) => n.role === 'producer')!.api!);
      expect(shownInference).toBeGreaterThanOrEqual(1);
      expect(shownInference).toBeLessThanOrEqual(s.inference.height);
      expect(await page.locator('#blocks tr').count()).toBeGreaterThan(0);
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'explorer-e2e.png'), fullPage: true });
      // The explorer's own API refuses misuse clearly.
      const bad = await fetch(new URL('/api/ledger/blocks?count=5000', manifest.explorer!));
      expect(bad.status).toBe(400);
      expect((await fetch(new URL('/nope', manifest.explorer!))).status).toBe(404);
      expect((await fetch(new URL('/', manifest.explorer!), { method: 'POST' })).status).toBe(405);
    } finally {
      await browser.close();
    }
  });

  it('killing a producer and a verifier mid-run keeps the network going', async () => {
    const victims = devnet.processes.filter(
      (p) => p.spec.name === 'producer-3' || p.spec.name === 'verifier-3',
    );
    expect(victims).toHaveLength(2);
    const api = manifest.nodes.find((n) => n.name === 'producer-1')!.api!;
    const before = await status(api);
    await Promise.all(victims.map((v) => v.kill()));
    const after = await timed(
      'ledger and inference chain go on after kill -9 of producer-3 and verifier-3',
      () =>
        statusUntil(
          api,
          (s) => s.ledger.height >= before.ledger.height + 3 && s.inference.height > before.inference.height,
        ),
    );
    expect(after.inference.height).toBeGreaterThan(before.inference.height);
  });
});
