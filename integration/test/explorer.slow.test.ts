// The explorer page in a real browser (Debian's chromium driven by playwright-core) against a running
// devnet: what the page shows is checked against the nodes' own interfaces, and a screenshot is kept.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Devnet, type DevnetManifest, LedgerRpc } from '@funai/devnet';
import { pino } from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = resolve(import.meta.dirname, '../test-output');

const datadir = mkdtempSync(join(tmpdir(), 'funai-explorer-'));
let devnet: Devnet;
let manifest: DevnetManifest;
let browser: Browser;

beforeAll(async () => {
  devnet = new Devnet(
    { datadir, reset: false, blockIntervalMs: 1000, traffic: false, exitWhenReady: false },
    pino({ level: 'warn' }),
  );
  manifest = await devnet.start();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
  rmSync(datadir, { recursive: true, force: true });
});

describe('explorer page', () => {
  it('shows the ledger blocks the ledger node has, and refreshes by itself', async () => {
    expect(manifest.explorer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const rpc = new LedgerRpc(manifest.ledger.rpc, manifest.ledger.cookie);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(manifest.explorer!);
    await page.waitForSelector('body[data-ready="true"]');

    const shown = Number(await page.textContent('#ledger-height'));
    const tip = await rpc.call<number>('getblockcount');
    expect(shown).toBeGreaterThanOrEqual(101);
    expect(shown).toBeLessThanOrEqual(tip);
    // The hash shown for the shown height is the node's hash for it.
    const title = await page.getAttribute(`#blocks tr[data-height="${shown}"] code`, 'title');
    expect(title).toBe(await rpc.call<string>('getblockhash', shown));
    // One chart bar per block row.
    expect(await page.locator('#chart rect').count()).toBe(await page.locator('#blocks tr').count());

    // Auto-refresh: a newly mined block appears without reloading.
    await page.waitForFunction(
      (h) => Number(document.getElementById('ledger-height')?.textContent) > h,
      shown,
      {
        timeout: 30_000,
      },
    );
    expect(errors).toEqual([]);

    mkdirSync(OUTPUT, { recursive: true });
    const shot = join(OUTPUT, 'explorer.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`explorer: ledger height ${shown} shown and refreshed; screenshot ${shot}`);
  });

  it('answers API misuse with clear errors', async () => {
    const base = manifest.explorer!;
    const bad = await fetch(new URL('/api/ledger/blocks?count=5000', base));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/count/);
    expect((await fetch(new URL('/nope', base))).status).toBe(404);
    expect((await fetch(new URL('/', base), { method: 'POST' })).status).toBe(405);
    // No inference node yet in this devnet: the status proxy says so instead of hanging.
    expect((await fetch(new URL('/api/inference/status', base))).status).toBe(503);
  });
});
