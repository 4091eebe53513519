// The Clarity host's thread (docs/protocol.md §16.10): a worker is its own isolate with its own wasm
// instance, so the host it opens is the isolate's only VM session — a checkpoint restores here, and a
// VM abort poisons only this worker (the service starts a fresh one).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import {
  ClarityHost,
  decodeCheckpoint,
  encodeCheckpoint,
  type Op,
  parseGenesisFile,
  type Receipt,
  SYSTEM_PRINCIPAL,
} from '@funai/clarity';
import { Cl, ClarityType } from '@stacks/transactions';
import type { ClarityAccount, ReceiptSummary, WorkerMessage, WorkerRequest } from './protocol.js';
import { readStakedSet } from './staked-set.js';

if (!parentPort) throw new Error('the Clarity worker runs in a worker thread');
const port = parentPort;
let host: ClarityHost | null = null;

function summary(r: Receipt): ReceiptSummary {
  return {
    status: r.status,
    result: Buffer.from(r.result).toString('hex'),
    reason: r.reason,
    events: r.events,
  };
}

function uintField(v: ReturnType<ClarityHost['readOnly']>, key: string): bigint {
  if (v.type !== ClarityType.Tuple) throw new TypeError('expected a tuple');
  const f = v.value[key];
  if (f?.type !== ClarityType.UInt) throw new TypeError(`tuple field ${key} is not a uint`);
  return BigInt(f.value);
}

function opened(): ClarityHost {
  if (!host) throw new Error('the Clarity host is not open');
  return host;
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.kind) {
    case 'open': {
      if (host) throw new Error('the Clarity host is already open');
      const genesis = req.genesisFile
        ? parseGenesisFile(readFileSync(req.genesisFile, 'utf8'), req.genesisFile)
        : req.genesis;
      host = req.checkpointFile
        ? await ClarityHost.restore(decodeCheckpoint(readFileSync(req.checkpointFile)), genesis)
        : await ClarityHost.create(genesis);
      for (const ops of req.replay) host.replayBlock(ops);
      return {
        height: host.height,
        systemPrincipal: SYSTEM_PRINCIPAL,
        allocations: genesis.allocations?.length ?? 0,
        calls: genesis.calls?.length ?? 0,
      };
    }
    case 'execute': {
      const h = opened();
      const { receipts, receiptsRoot } = h.executeBlock(req.ops);
      return { height: h.height, receiptsRoot, stateRoot: h.stateRoot(), receipts: receipts.map(summary) };
    }
    case 'replay': {
      const h = opened();
      for (const ops of req.blocks) h.replayBlock(ops as Op[]);
      return { height: h.height };
    }
    case 'read':
      return opened().readOnly(req.contract, req.fn, req.args);
    case 'staked-set': {
      const h = opened();
      return readStakedSet((c, f, a) => h.readOnly(c, f, a));
    }
    case 'account': {
      const h = opened();
      const who = Cl.principal(req.principal);
      const stake = h.readOnly('staking', 'get-stake', [who]);
      const fees = h.readOnly('poi', 'get-fee-account', [who]);
      return {
        balance: h.balance(req.principal),
        stake: uintField(stake, 'stake'),
        unbonding: uintField(stake, 'unbonding'),
        feesAvailable: uintField(fees, 'available'),
        feesPending: uintField(fees, 'pending'),
      } satisfies ClarityAccount;
    }
    case 'checkpoint': {
      const h = opened();
      const bytes = encodeCheckpoint(h.checkpoint());
      const tmp = `${req.file}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, req.file);
      return { height: h.height, bytes: bytes.length };
    }
    case 'state-root':
      return opened().stateRoot();
  }
}

port.on('message', (msg: { id: number; req: WorkerRequest }) => {
  handle(msg.req).then(
    (value) => port.postMessage({ id: msg.id, ok: true, value } satisfies WorkerMessage),
    (e: Error) =>
      port.postMessage({
        id: msg.id,
        ok: false,
        error: { name: e?.name ?? 'Error', message: e?.message ?? String(e) },
      } satisfies WorkerMessage),
  );
});
