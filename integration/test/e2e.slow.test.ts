// The whole two-layer network as a user meets it: `Devnet` (what `npm run devnet` runs) starts a mining
// ledger node, three producers with their own ledger wallets and the five genesis-staked verifiers as real
// processes on 127.0.0.1; the checks go only through public interfaces (devnet.json, the OpenAI SDK, the
// status and lifecycle endpoints with the TypeScript client's verifyLifecycle, the ledger's JSON-RPC, the
// explorer page in a real browser). Scenarios, in order (each prints what it checked and its time): the
// verifier set read from Clarity's staking contract; elections; a chat request followed to included,
// certified and anchored; a dishonest producer (test-only -test-fabricate-outputs) penalised; two of five verifiers stopped (still certified); three stopped (no certificate,
// the chain carries on, certificates return when they restart); kill -9 of a producer and a verifier and
// their restart; a clean stop and restart of the whole devnet (same chains, keys and accounts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Devnet, type DevnetManifest, LedgerRpc, MANIFEST_FILE, type NodeProcess } from '@funai/devnet';
import { FunaiClient, type TxLifecycle, verifyLifecycle } from '@funai/inference-node/client';
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
  // The five staked verifiers; a certificate needs three of them.
  verifiers: 5,
  // TEST ONLY: producer-2 fabricates every second output it executes (with a funded API key of its own).
  testFabricateOutputs: { producer: 2, everyNth: 2 },
};
/** The regtest inference chain id (docs §15: ASCII "FAI" then the network number 3). */
const REGTEST_CHAIN_ID = 0x46414903;

interface Status {
  principal?: string;
  verifiers: Array<{ principal: string; stake: string }>;
  balances: { bond?: string; fai?: string };
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
/** The first chat request's transaction id. */
let chatTx = '';
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

const api = (name: string) => manifest.nodes.find((n) => n.name === name)!.api!;
const proc = (name: string): NodeProcess => devnet.processes.find((p) => p.spec.name === name)!;
const ledgerRpc = () => new LedgerRpc(manifest.ledger.rpc, manifest.ledger.cookie);

/** A chat completion through the OpenAI SDK on producer-1 (devnet.json's endpoint and key): its tx id. */
async function chat(content: string): Promise<string> {
  const client = new OpenAI({ baseURL: manifest.openai.baseURL!, apiKey: manifest.openai.apiKey! });
  const r = await client.chat.completions.create({
    model: manifest.models[0]!.name,
    messages: [{ role: 'user', content }],
    max_tokens: 8,
  });
  return (r as unknown as { funai: { tx: string } }).funai.tx;
}

/** The transaction's lifecycle on a node (producer-1) once `ok` holds (404 while unknown: null). */
function lifecycleUntil(
  id: string,
  ok: (lc: TxLifecycle) => boolean,
  ms = 180_000,
  node = 'producer-1',
): Promise<TxLifecycle> {
  const client = new FunaiClient({ url: api(node), chainId: REGTEST_CHAIN_ID });
  return until(
    `lifecycle of ${id}`,
    () => client.lifecycle(id).catch(() => null),
    (lc): lc is TxLifecycle => lc !== null && ok(lc),
    ms,
    250,
  ) as Promise<TxLifecycle>;
}

const RANK: Record<string, number> = { executed: 0, included: 1, certified: 2, anchored: 3 };
const reached = (status: string) => (lc: TxLifecycle) => (RANK[lc.status] ?? -1) >= RANK[status]!;

/** verifyLifecycle against the devnet's ledger node, as a client would run it. */
async function verified(lc: TxLifecycle): Promise<void> {
  const ledger = ledgerRpc();
  const check = await verifyLifecycle(lc, {
    chainId: REGTEST_CHAIN_ID,
    ledgerHashAt: (h) => ledger.call<string>('getblockhash', h).catch(() => null),
  });
  expect(check, JSON.stringify(check.failure)).toMatchObject({ ok: true, status: lc.status });
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
    expect(roles.filter((r) => r === 'verifier')).toHaveLength(5);
    expect(roles).toContain('ledger');
    for (const n of manifest.nodes) expect(n.pid).toBeGreaterThan(0);
  });

  it("the verifier set is the five genesis verifiers, read from Clarity's staking contract", async () => {
    const verifierNodes = manifest.nodes.filter((n) => n.role === 'verifier');
    const principals = await Promise.all(verifierNodes.map(async (n) => (await status(n.api!)).principal));
    for (const n of manifest.nodes.filter((x) => x.role === 'producer' || x.role === 'verifier')) {
      const s = await status(n.api!);
      expect(s.verifiers.map((v) => v.principal).sort()).toEqual([...principals].sort());
      for (const v of s.verifiers) expect(v.stake).toBe('10000000000');
    }
    // The producers are bonded (20 FAI), below the verifiers' stakes.
    expect((await status(api('producer-1'))).balances.bond).toBe('20');
    console.log(
      'e2e checked: status verifiers = the five staked genesis verifiers on every node; producers bonded',
    );
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
    chatTx = funai.tx;
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

  it("the chat's transaction is included, certified by a 3-of-5 quorum and anchored; verifyLifecycle passes at each step", async () => {
    const included = await timed('chat transaction included in an inference block', () =>
      lifecycleUntil(chatTx, reached('included')),
    );
    await verified(included);
    const certified = await timed('chat transaction certified', () =>
      lifecycleUntil(chatTx, reached('certified')),
    );
    await verified(certified);
    const anchored = await timed('chat transaction anchored (its commit 7 ledger confirmations deep)', () =>
      lifecycleUntil(chatTx, reached('anchored')),
    );
    expect(anchored.status).toBe('anchored');
    await verified(anchored);
    expect(await ledgerRpc().call<string>('getblockhash', anchored.anchor!.ledgerHeight)).toBe(
      anchored.anchor!.ledgerBlockHash,
    );
    // The status counts it, on the producer and on a verifier.
    const s = await status(api('producer-1'));
    expect(s.inference.certified).toBeGreaterThanOrEqual(1);
    const vs = await statusUntil(api('verifier-1'), (x) => x.inference.certified >= 1, 120_000);
    expect(vs.inference.certified).toBeGreaterThanOrEqual(1);
    console.log('e2e checked: lifecycle executed → included → certified → anchored, each verified locally');
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

  it("a dishonest producer's fabricated record is judged invalid, its honest one certified", async () => {
    const key = devnet.testKeys['producer-2']!;
    const client = new OpenAI({ baseURL: `${api('producer-2')}v1`, apiKey: key.apiKey });
    const txs: string[] = [];
    // Its first record is the model's output, its second fabricated (-test-fabricate-outputs=2).
    for (const content of ['Honest, please.', 'And now?']) {
      const r = await client.chat.completions.create({
        model: manifest.models[0]!.name,
        messages: [{ role: 'user', content }],
        max_tokens: 8,
      });
      txs.push((r as unknown as { funai: { tx: string } }).funai.tx);
    }
    const before = await status(api('producer-1'));
    const honest = await timed("dishonest producer's honest record certified", () =>
      lifecycleUntil(txs[0]!, reached('certified'), 180_000, 'producer-2'),
    );
    await verified(honest);
    const fabricated = await timed("dishonest producer's fabricated record judged invalid", () =>
      lifecycleUntil(txs[1]!, (lc) => lc.status === 'rejected', 180_000, 'producer-2'),
    );
    expect(fabricated.reason).toMatch(/judged invalid/);
    // Every node counts the penalty (the certificate is gossiped).
    const s = await statusUntil(api('producer-1'), (x) => x.inference.penalised > before.inference.penalised);
    expect(s.inference.penalised).toBe(before.inference.penalised + 1);
    console.log(
      'e2e checked: producer-2 (-test-fabricate-outputs=2): fabricated record rejected by the certificate (penalised +1), its honest record certified',
    );
  });

  it('two of five verifiers stopped: records are still certified', async () => {
    await Promise.all(['verifier-4', 'verifier-5'].map((n) => proc(n).stop()));
    const tx = await chat('Two verifiers are down.');
    const lc = await timed('record certified with verifier-4 and verifier-5 stopped', () =>
      lifecycleUntil(tx, reached('certified')),
    );
    await verified(lc);
    console.log('e2e checked: 3 of 5 verifiers running → certified');
  });

  it('three of five stopped: no certificate, the chain carries on; certificates return when they restart', async () => {
    await proc('verifier-3').stop();
    const before = await status(api('producer-1'));
    const tx = await chat('Three verifiers are down.');
    const included = await timed('record included with three verifiers stopped', () =>
      lifecycleUntil(tx, reached('included')),
    );
    expect(included.status).toBe('included');
    // The chain goes on: three more inference blocks on top of the record's block, still no certificate.
    const height = (await status(api('producer-1'))).inference.height;
    const on = await timed('three inference blocks more without a quorum', () =>
      statusUntil(api('producer-1'), (s) => s.inference.height >= height + 3),
    );
    expect((await lifecycleUntil(tx, () => true)).status).toBe('included');
    expect(on.inference.certified).toBe(before.inference.certified);
    expect(on.ledger.height).toBeGreaterThan(before.ledger.height);

    // The three verifiers come back: new records are certified again.
    await timed('verifier-3, -4, -5 restarted', () =>
      Promise.all(['verifier-3', 'verifier-4', 'verifier-5'].map((n) => proc(n).start())),
    );
    const again = await chat('The verifiers are back.');
    const lc = await timed('record certified after the verifiers restarted', () =>
      lifecycleUntil(again, reached('certified')),
    );
    await verified(lc);
    const late = await status(api('producer-1'));
    const old = await lifecycleUntil(tx, () => true);
    console.log(
      `e2e checked: 2 of 5 running → record ${tx.slice(0, 12)}… stays included while the chain grows; after the restart new records are certified (the stranded record is now ${old.status}; certified count ${before.inference.certified} → ${late.inference.certified})`,
    );
  });

  it('kill -9 of a producer and a verifier mid-run: the network goes on, and they resume the same chain', async () => {
    const victims = ['producer-3', 'verifier-3'].map(proc);
    const before = await status(api('producer-1'));
    await Promise.all(victims.map((v) => v.kill()));
    const after = await timed(
      'ledger and inference chain go on after kill -9 of producer-3 and verifier-3',
      () =>
        statusUntil(
          api('producer-1'),
          (s) => s.ledger.height >= before.ledger.height + 3 && s.inference.height > before.inference.height,
        ),
    );
    expect(after.inference.height).toBeGreaterThan(before.inference.height);
    await Promise.all(victims.map((v) => v.start()));
    // Restarted from their stores, they reach producer-1's inference tip (nothing lost, nothing forked).
    const tip = (await status(api('producer-1'))).inference;
    for (const n of ['producer-3', 'verifier-3']) {
      const s = await timed(`${n} restarted and caught up`, () =>
        statusUntil(api(n), (x) => x.inference.height >= tip.height),
      );
      expect(s.inference.height).toBeGreaterThanOrEqual(tip.height);
    }
    const p1 = await status(api('producer-1'));
    const p3 = await statusUntil(api('producer-3'), (x) => x.inference.height >= p1.inference.height);
    if (p3.inference.height === p1.inference.height) expect(p3.inference.hash).toBe(p1.inference.hash);
    console.log('e2e checked: kill -9 + restart of producer-3 and verifier-3, both back on the same chain');
  });

  it('restarting the whole devnet resumes the same chains and keys', async () => {
    const p1 = await status(api('producer-1'));
    const ledgerHeight = await ledgerRpc().call<number>('getblockcount');
    const principals = await Promise.all(
      manifest.nodes
        .filter((n) => n.role !== 'ledger' && n.role !== 'ledger-wallet')
        .map(async (n) => [n.name, (await status(n.api!)).principal]),
    );
    const old = manifest;
    await timed('devnet stopped cleanly', () => devnet.stop());
    devnet = new Devnet(options, pino({ level: 'warn' }));
    manifest = await timed('devnet restarted on the same datadir', () => devnet.start());
    expect(manifest.openai.apiKey).toBe(old.openai.apiKey);
    expect(manifest.models).toEqual(old.models);
    expect(manifest.nodes.map((n) => n.name)).toEqual(old.nodes.map((n) => n.name));
    expect(await ledgerRpc().call<number>('getblockcount')).toBeGreaterThanOrEqual(ledgerHeight);
    const s = await statusUntil(api('producer-1'), (x) => x.inference.height >= p1.inference.height);
    expect(s.inference.height).toBeGreaterThanOrEqual(p1.inference.height);
    expect(s.inference.certified).toBeGreaterThanOrEqual(p1.inference.certified);
    for (const [name, principal] of principals) expect((await status(api(name!))).principal).toBe(principal);
    // The first chat transaction is still anchored after the restart (certificates and votes are stored,
    // docs §16.2), and its proofs still verify against the ledger.
    const again = await lifecycleUntil(chatTx, reached('anchored'));
    expect(again).toMatchObject({ id: chatTx, status: 'anchored' });
    await verified(again);
    // The Clarity state survived: the dishonest producer's bond still carries its 1-FAI penalty.
    await timed("producer-2's bond shows the penalty for its invalid record (Clarity at depth)", () =>
      statusUntil(api('producer-2'), (x) => x.balances.bond === '19'),
    );
    expect((await status(api('producer-1'))).balances.bond).toBe('20');
    // And the network still serves and certifies.
    const tx = await chat('Back after a restart.');
    await timed('record certified after the whole-devnet restart', () =>
      lifecycleUntil(tx, reached('certified')),
    );
    console.log(
      `e2e checked: whole-devnet restart — ledger ${ledgerHeight} → ≥ ${ledgerHeight}, inference tip ${p1.inference.height} → ${s.inference.height}, same API key, models and node keys; new records certified`,
    );
  });
});
