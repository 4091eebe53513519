import { encodeTx, FUNAI_OP, funaiOpOutput, type Transaction } from '@funai/ledger-node';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { principalFromHash160 } from '../src/index.js';
import {
  type MinedBlock,
  makeCoinbase,
  makeTx,
  mineBlock,
  mineChain,
  mineGenesis,
  txProof,
} from './support/ledger.js';
import { type Env, FAI, headersArg, openEnv, SYSTEM, show } from './support/simnet.js';

const D = 'deposits';
const hash = new Uint8Array(20).fill(0x77);
const recipient = principalFromHash160(hash);

/** A ledger transaction whose one op is DEPOSIT `value` to (version, hash160). */
function depositTx(tag: number, value: bigint, version = 26): Transaction {
  const tx = makeTx(tag, 0);
  tx.outputs.push(
    funaiOpOutput({ op: FUNAI_OP.DEPOSIT, version: 1, body: Uint8Array.of(version, ...hash) }, value),
  );
  return tx;
}

/** The byte offset of the last output (the DEPOSIT) in the stripped serialization. */
function outputOffset(tx: Transaction): number {
  const bytes = encodeTx(tx, false);
  // The DEPOSIT output is the last thing before the 4-byte locktime: 37 bytes.
  return bytes.length - 4 - 37;
}

describe('deposits', () => {
  let env: Env;
  const genesis = mineGenesis();
  const txs = [depositTx(60, 12n * FAI + 5n), depositTx(61, 3n * FAI, 22), depositTx(62, 0n)];
  const block: MinedBlock = mineBlock(genesis.hash, [makeCoinbase(60), ...txs], 1_800_000_000);
  const after = mineChain(block.hash, 5, 63);

  const credit = (i: number, opts: { sender?: string; offset?: number; height?: number } = {}) => {
    const p = txProof(block, i + 1);
    return env.call(
      D,
      'credit-deposit',
      [
        Cl.uint(opts.height ?? 1),
        Cl.buffer(p.tx),
        Cl.uint(p.index),
        Cl.list(p.siblings.map((s) => Cl.buffer(s))),
        Cl.buffer(p.coinbase),
        Cl.list(p.coinbaseSiblings.map((s) => Cl.buffer(s))),
        Cl.uint(opts.offset ?? outputOffset(txs[i]!)),
      ],
      opts.sender ?? SYSTEM,
    );
  };

  beforeAll(async () => {
    env = await openEnv({ accounts: 1, depositReserve: 100n * FAI });
    env.call('ledger-light-client', 'initialize', [Cl.buffer(genesis.bytes), Cl.uint(0)], SYSTEM);
    env.call('ledger-light-client', 'submit-headers', [headersArg([block, ...after.slice(0, 4)])], SYSTEM);
  });

  it('waits for 6 confirmations', () => {
    // Tip 5, deposit at 1: five confirmations.
    expect(credit(0).result).toEqual(Cl.error(Cl.uint(501)));
    env.call('ledger-light-client', 'submit-headers', [headersArg(after.slice(4))], SYSTEM);
  });

  it('accepts the system principal only, and the DEPOSIT output only at its offset', () => {
    expect(credit(0, { sender: recipient }).result).toEqual(Cl.error(Cl.uint(500)));
    expect(credit(0, { offset: outputOffset(txs[0]!) - 1 }).result).toEqual(Cl.error(Cl.uint(503)));
    expect(credit(0, { offset: 10_000 }).result).toEqual(Cl.error(Cl.uint(503)));
    // A proof against another block fails in the light client.
    expect(credit(0, { height: 2 }).result).toEqual(Cl.error(Cl.uint(113)));
  });

  it('credits the output value to the recipient from the reserve, once per ledger txid', () => {
    const reserve = BigInt((env.read(D, 'get-reserve') as { value: bigint }).value);
    expect(reserve).toBe(100n * FAI);
    const t0 = performance.now();
    const r = credit(0);
    console.log('credit-deposit ms', performance.now() - t0, r.costs?.total.runtime);
    const p = txProof(block, 1);
    expect(r.result).toEqual(
      Cl.ok(
        Cl.tuple({
          txid: Cl.buffer(p.txid),
          recipient: Cl.some(Cl.principal(recipient)),
          amount: Cl.uint(12n * FAI + 5n),
        }),
      ),
    );
    expect(env.balance(recipient)).toBe(12n * FAI + 5n);
    expect(env.read(D, 'get-reserve')).toEqual(Cl.uint(reserve - 12n * FAI - 5n));
    expect(credit(0).result).toEqual(Cl.error(Cl.uint(502)));
    expect(env.balance(recipient)).toBe(12n * FAI + 5n);
    const stored = env.read(D, 'get-deposit', [Cl.buffer(p.txid)]) as ClarityValue;
    expect(show(stored)).toContain('ledger-height u1');
  });

  it('records a deposit to a principal of another network as unclaimable, and refuses a zero value', () => {
    const r = credit(1);
    expect(r.result).toEqual(
      Cl.ok(
        Cl.tuple({
          txid: Cl.buffer(txProof(block, 2).txid),
          recipient: Cl.none(),
          amount: Cl.uint(3n * FAI),
        }),
      ),
    );
    expect(credit(1).result).toEqual(Cl.error(Cl.uint(502)));
    expect(credit(2).result).toEqual(Cl.error(Cl.uint(504)));
  });
});
