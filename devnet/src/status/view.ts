import type { Devnet, DevnetProgress } from '../devnet.js';

/** One human line per start-up step. */
export function describeProgress(p: DevnetProgress): string {
  switch (p.stage) {
    case 'datadir':
      return `${p.resumed ? 'resuming' : 'creating'} devnet in ${p.datadir}`;
    case 'models':
      return p.name ? `model ${p.done}/${p.total}: ${p.name} ${p.id}` : `generating ${p.total} model(s)`;
    case 'ledger':
      return `ledger node up: ${p.rpc} at height ${p.height}`;
    case 'bootstrap':
      return `bootstrap mining: ${p.height}/${p.target} blocks`;
    case 'explorer':
      return `explorer: ${p.url}`;
    case 'node':
      return `${p.role} ${p.name} ready${p.api ? `: ${p.api}` : ''}`;
    case 'first-election':
      return `first election: ledger block ${p.ledgerHeight}, winner ${p.winner}`;
    case 'first-block':
      return `first inference block: height ${p.height} ${p.hash.slice(0, 16)}…`;
    case 'traffic':
      return `demo traffic: a chat request every ${p.intervalMs / 1000} s`;
    case 'ready':
      return `devnet ready: ${p.manifest}`;
  }
}

/**
 * The live status view: one line per ledger block (rewritten in place on a terminal). Grows with the
 * inference chain's status endpoint.
 */
export class StatusView {
  private timer: NodeJS.Timeout | undefined;
  private last = '';

  constructor(
    private readonly devnet: Devnet,
    private readonly out: NodeJS.WriteStream,
  ) {}

  start(everyMs = 1000): void {
    const tick = async () => {
      try {
        const line = await this.render();
        if (line !== this.last) {
          this.last = line;
          if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}`);
          else this.out.write(`${line}\n`);
        }
      } catch {
        // a node restarting: the next tick tries again
      }
      this.timer = setTimeout(tick, everyMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  private async render(): Promise<string> {
    const rpc = this.devnet.ledgerRpc;
    if (!rpc) return 'starting…';
    const info = await rpc.call<{ blocks: number; bestblockhash: string }>('getblockchaininfo');
    let line = `ledger ${info.blocks} ${info.bestblockhash.slice(0, 12)}…`;
    const api = this.devnet.inferenceApis[0];
    if (api) {
      const s = (await fetch(new URL('/funai/v1/status', api))
        .then((r) => r.json())
        .catch(() => null)) as {
        inference?: { height: number; certified: number; penalised: number };
        election?: { ledgerHeight: number; commits: unknown[]; winner: string | null } | null;
      } | null;
      if (s?.inference)
        line += ` | inference ${s.inference.height} (certified ${s.inference.certified}, penalised ${s.inference.penalised})`;
      if (s?.election)
        line += ` | election @${s.election.ledgerHeight}: ${s.election.commits.length} commits, winner ${s.election.winner ? `${s.election.winner.slice(0, 10)}…` : 'none'}`;
    }
    const t = this.devnet.traffic?.stats;
    if (t) line += ` | traffic ${t.ok}/${t.sent} ok`;
    return line;
  }

  stop(): void {
    clearTimeout(this.timer);
    if (this.out.isTTY && this.last) this.out.write('\n');
  }
}
