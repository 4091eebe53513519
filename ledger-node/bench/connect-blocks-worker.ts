// Generator worker of the connect benchmark: signs chains [from, to) of P2WPKH spends, one
// transaction per chain per block, with native libsecp256k1 (signing is setup, not measured).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeDer } from '../dist/crypto/der.js';
import { sha256d } from '../dist/crypto/hash.js';
import type { OutPoint, Transaction } from '../dist/wire/tx.js';
import { encodeTx, SEQUENCE_FINAL, txid } from '../dist/wire/tx.js';
import { chainKey, type GeneratedTx, type GenerateJob } from './connect-blocks.ts';
import { signP2wpkhInput } from './fixtures/p2wpkh-keys.ts';

const secp = createRequire(import.meta.url)('secp256k1') as {
  ecdsaSign(msg32: Uint8Array, priv: Uint8Array): { signature: Uint8Array };
};
const nativeSignDer = (hash: Uint8Array, priv: Uint8Array) => encodeDer(secp.ecdsaSign(hash, priv).signature);

const PAYMENT = 1000n;
const FEE = 200n;

const job = workerData as GenerateJob;
const out: GeneratedTx[][] = Array.from({ length: job.blocks }, () => []);
for (let k = job.from; k < job.to; k++) {
  const key = chainKey(k);
  const funding = job.funding[Math.floor(k / job.perFundingBlock)]!;
  let prevout: OutPoint = { txid: funding.txid, vout: k % job.perFundingBlock };
  let value = funding.value;
  for (let g = 0; g < job.blocks; g++) {
    const tx: Transaction = {
      version: 2,
      inputs: [{ prevout, scriptSig: new Uint8Array(0), sequence: SEQUENCE_FINAL, witness: [] }],
      outputs: [
        { value: PAYMENT, scriptPubKey: chainKey(k + 1).script },
        { value: value - PAYMENT - FEE, scriptPubKey: key.script },
      ],
      locktime: 0,
    };
    signP2wpkhInput(tx, 0, key, value, nativeSignDer);
    const raw = encodeTx(tx);
    const id = txid(tx);
    out[g]!.push({
      raw,
      txid: id,
      wtxid: sha256d(raw),
      fee: FEE,
      spentValue: value,
      spentScript: key.script,
    });
    prevout = { txid: id, vout: 1 };
    value -= PAYMENT + FEE;
  }
}
parentPort!.postMessage(out);
