// The devnet as a user starts it (the same Devnet class `npm run devnet` runs): data dir, models,
// mining ledger node, devnet.json, clean stop, resume.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Devnet, type DevnetManifest, type DevnetProgress, LedgerRpc, MANIFEST_FILE } from '@funai/devnet';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from './ledger-node-process.js';

const datadir = mkdtempSync(join(tmpdir(), 'funai-devnet-'));
const log = pino({ level: 'warn' });
// The devnet's own lifecycle (the inference layer's behaviour is e2e.slow.test.ts's): one producer.
const options = {
  datadir,
  reset: false,
  blockIntervalMs: 500,
  traffic: false,
  exitWhenReady: false,
  producers: 1,
  verifiers: 0,
};

afterAll(() => rmSync(datadir, { recursive: true, force: true }));

/** Resolves with the ledger height once it has reached `height`, by long-polling the node itself. */
async function waitForHeight(rpc: LedgerRpc, height: number): Promise<number> {
  for (;;) {
    const r = await rpc.call<{ height: number }>('waitforblockheight', height, 30_000);
    if (r.height >= height) return r.height;
  }
}

describe('devnet', () => {
  let firstHeight = 0;
  let models: DevnetManifest['models'] = [];

  it('creates a devnet, writes devnet.json and mines at its own interval', async () => {
    const started = Date.now();
    const progress: DevnetProgress[] = [];
    const devnet = new Devnet(options, log, (p) => progress.push(p));
    const manifest = await devnet.start();
    try {
      const onDisk = JSON.parse(readFileSync(join(datadir, MANIFEST_FILE), 'utf8')) as DevnetManifest;
      expect(onDisk).toEqual(manifest);
      expect(progress.map((p) => p.stage)).toEqual(
        expect.arrayContaining(['datadir', 'models', 'ledger', 'bootstrap', 'ready']),
      );
      expect(progress[0]).toMatchObject({ stage: 'datadir', resumed: false });
      expect(manifest.models).toHaveLength(1);
      expect(manifest.models[0]!.id).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(manifest.models[0]!.path)).toBe(true);
      models = manifest.models;
      expect(manifest.nodes.find((n) => n.role === 'ledger')?.pid).toBeGreaterThan(0);
      expect(manifest.nodes.map((n) => n.name)).toEqual(['ledger', 'ledger-p1', 'producer-1']);
      expect(progress.some((p) => p.stage === 'first-block')).toBe(true);
      // Scripts find the ledger through devnet.json alone.
      const rpc = new LedgerRpc(onDisk.ledger.rpc, onDisk.ledger.cookie);
      const h0 = await rpc.call<number>('getblockcount');
      expect(h0).toBeGreaterThanOrEqual(120);
      firstHeight = await waitForHeight(rpc, h0 + 2);
    } finally {
      await devnet.stop();
    }
    expect(existsSync(join(datadir, MANIFEST_FILE))).toBe(false);
    console.log(`devnet: created, mined 2 interval blocks, stopped in ${Date.now() - started} ms`);
  });

  it('resumes the same chains after a restart; --traffic sends demo chat requests', async () => {
    const progress: DevnetProgress[] = [];
    const devnet = new Devnet({ ...options, traffic: true, trafficIntervalMs: 300 }, log, (p) =>
      progress.push(p),
    );
    const manifest = await devnet.start();
    try {
      expect(progress[0]).toMatchObject({ stage: 'datadir', resumed: true });
      expect(progress.some((p) => p.stage === 'bootstrap')).toBe(false);
      expect(manifest.models).toEqual(models);
      const rpc = new LedgerRpc(manifest.ledger.rpc, manifest.ledger.cookie);
      expect(await rpc.call<number>('getblockcount')).toBeGreaterThanOrEqual(firstHeight);
      expect(progress.some((p) => p.stage === 'traffic')).toBe(true);
      // The demo requests go through the OpenAI API with the funded test key (its deposit was credited
      // before the restart) and name their transactions.
      const stats = await until(
        'two demo chat completions',
        async () => ({ ...devnet.traffic!.stats }),
        (t) => t.ok >= 2,
        60_000,
      );
      expect(stats.lastTx).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await devnet.stop();
    }
  });

  it('refuses a second devnet in the same data dir', async () => {
    const a = new Devnet(options, log);
    await a.start();
    try {
      await expect(new Devnet(options, log).start()).rejects.toThrow(/already running/);
    } finally {
      await a.stop();
    }
  });
});
