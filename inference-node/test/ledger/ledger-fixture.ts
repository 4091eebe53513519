// Test plumbing shared by the inference node's process tests: a real funai-ledger (integration's
// harness), a watcher sink that replays what it is told, and a pino logger the test can read.

import type { Server, Socket } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { LedgerProcess } from '../../../integration/test/ledger-node-process.js';
import type { LedgerBlock, LedgerBlockRef, LedgerBlockSink } from '../../src/ledger/index.js';
import { LedgerRpcClient } from '../../src/ledger/index.js';

export type { LedgerProcess } from '../../../integration/test/ledger-node-process.js';
export { freePort, startLedger } from '../../../integration/test/ledger-node-process.js';

export function ledgerClient(ledger: LedgerProcess, rpcPort = ledger.rpcPort): LedgerRpcClient {
  return new LedgerRpcClient({
    url: `http://127.0.0.1:${rpcPort}`,
    auth: { cookieFile: join(ledger.datadir, 'regtest', '.cookie') },
  });
}

/** A pino logger whose lines the test can read back. */
export function memoryLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n'))
        if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/**
 * A sink that keeps the chain it was told about and checks the watcher's contract as it goes:
 * each connect extends the last block, each disconnect removes exactly the last block.
 */
export class RecordingSink implements LedgerBlockSink {
  readonly chain: LedgerBlockRef[] = [];
  readonly events: string[] = [];
  readonly blocks = new Map<string, LedgerBlock>();
  readonly violations: string[] = [];

  constructor(known: LedgerBlockRef[] = []) {
    this.chain.push(...known);
  }

  connect(block: LedgerBlock): void {
    const top = this.chain.at(-1);
    if (top && (top.height + 1 !== block.height || top.hashHex !== hexOfPrev(block))) {
      this.violations.push(`connect ${block.height} does not extend ${top.height}`);
    }
    this.chain.push({ height: block.height, hashHex: block.hashHex });
    this.blocks.set(block.hashHex, block);
    this.events.push(`+${block.height}`);
  }

  disconnect(ref: LedgerBlockRef, block: LedgerBlock | null): void {
    const top = this.chain.pop();
    if (!top || top.hashHex !== ref.hashHex) this.violations.push(`disconnect ${ref.height} is not the tip`);
    if (block && block.hashHex !== ref.hashHex) this.violations.push(`disconnect ${ref.height}: wrong block`);
    this.events.push(`-${ref.height}`);
  }
}

function hexOfPrev(block: LedgerBlock): string {
  return Buffer.from(block.header.prevBlock).reverse().toString('hex');
}

/**
 * A loopback TCP forwarder to whatever port `target()` names at each new connection: a client
 * keeps one URL while the process behind it restarts on another port (the harness picks fresh ones).
 */
export async function tcpForwarder(target: () => number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = createConnection({ host: '127.0.0.1', port: target() });
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Copies blocks `from..to` of `src`'s best chain into `dst` with submitblock (a competing branch, a reorg). */
export async function copyBlocks(
  src: LedgerProcess,
  dst: LedgerProcess,
  from: number,
  to: number,
): Promise<void> {
  for (let h = from; h <= to; h++) {
    const hash = await src.call<string>('getblockhash', h);
    const r = await dst.call<string | null>('submitblock', await src.call<string>('getblock', hash, 0));
    if (r !== null && r !== 'duplicate' && r !== 'inconclusive') throw new Error(`submitblock ${h}: ${r}`);
  }
}
