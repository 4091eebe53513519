// Costs of the consensus core's hot paths (docs/protocol.md §15), each next to a baseline measured in
// the same run:
//   qc-verify-5          µs to verify a 5-signer quorum certificate (one aggregate check)
//                        vs µs for the 5 single BLS verifications it replaces
//   block-1000-validate  ms to decode and validate a block of 1,000 receipts (codec, Merkle roots,
//                        receipt signatures) vs ms for 1,000 bare secp256k1 verifications (goal ≤ 1.5)
//   tx-decode            inference transactions decoded per second vs JSON.parse of the same
//                        transaction as JSON
import bls from '@chainsafe/bls/herumi';
import { nativeEcdsaVerify, publicKeyFromPrivate, sha256 } from '@funai/ledger-node';
import type { Figure } from '../../tools/bench-report.mjs';
import {
  aggregateVotes,
  bitmapFromVerdicts,
  bodyCommitments,
  decodeBlock,
  decodeTx,
  encodeBlock,
  encodeTx,
  receiptDigest,
  type SignedReceipt,
  signReceipt,
  signTx,
  signVote,
  validateBlock,
  verifyCertificate,
  verifyCompact,
  voteMessage,
} from '../dist/index.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * Medians over `runs` of the ms one call of `f` and one call of `g` take, after a warm-up call of each,
 * the two alternating so that a change in the machine's load weighs on both alike.
 */
function timePair(f: () => void, g: () => void, runs: number): [number, number] {
  f();
  g();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    f();
    a.push(performance.now() - start);
    start = performance.now();
    g();
    b.push(performance.now() - start);
  }
  return [median(a), median(b)];
}

function benchQc(): Figure[] {
  const secrets = [0, 1, 2, 3, 4].map((i) =>
    bls.SecretKey.fromKeygen(sha256(Uint8Array.of(0x62, i))).toBytes(),
  );
  const keys = secrets.map((s) => bls.secretKeyToPublicKey(s));
  const blockHash = sha256(Uint8Array.of(1, 2, 3));
  const recordCount = 1000;
  const verdicts = bitmapFromVerdicts(Array.from({ length: recordCount }, (_, i) => i % 7 !== 0));
  const votes = secrets.map((s, i) => signVote(s, { blockHash, verifierIndex: i, recordCount, verdicts }));
  const qc = aggregateVotes({ height: 1, blockHash, recordCount }, votes)!;
  const expected = { blockHash, recordCount };
  const msg = voteMessage(blockHash, recordCount, verdicts);
  const runs = 50;
  const [agg, singles] = timePair(
    () => {
      if (!verifyCertificate(qc, expected, keys).ok) throw new Error('certificate does not verify');
    },
    () => {
      for (let i = 0; i < 5; i++)
        if (!bls.verify(keys[i]!, msg, votes[i]!.signature)) throw new Error('vote');
    },
    runs,
  );
  return [
    {
      name: 'qc-verify-5',
      value: agg * 1000,
      unit: 'µs',
      baseline: '5 single BLS verifies (herumi)',
      baselineValue: singles * 1000,
    },
  ];
}

function benchBlock(): Figure[] {
  const n = 1000;
  const execKeys = [2, 3, 4, 5].map((k) => new Uint8Array(32).fill(k));
  const execPubs = execKeys.map((k) => publicKeyFromPrivate(k));
  const receipts: SignedReceipt[] = [];
  for (let i = 0; i < n; i++) {
    const e = i % execKeys.length;
    const id = sha256(Uint8Array.of(i & 0xff, i >> 8, 0x7d)); // distinct transaction ids
    receipts.push(
      signReceipt(
        {
          version: 1,
          chainId: 7,
          txId: id,
          modelId: new Uint8Array(32).fill(9),
          outputHash: sha256(Uint8Array.of(i & 0xff, i >> 8)),
          outputTokens: 1 + (i % 16),
          finishReason: 'stop-token',
          executor: execPubs[e]!,
          ledgerHeight: 500,
        },
        execKeys[e]!,
      ),
    );
  }
  const body = { receipts, stacksTxs: [] };
  const c = bodyCommitments(body);
  const parentHash = sha256(Uint8Array.of(0));
  const header = {
    version: 1,
    chainId: 7,
    height: 10,
    parentHash,
    ledgerHeight: 501,
    ledgerParentHash: new Uint8Array(32),
    vrfProof: new Uint8Array(81),
    ...c,
    clarityReceiptsRoot: new Uint8Array(32),
    stateRoot: new Uint8Array(32),
    qc: null,
  };
  const bytes = encodeBlock({ header, body });
  const ctx = { chainId: 7, parent: { hash: parentHash, height: 9 } };
  // Baseline: the bare verifications, digests already computed, through the same backend.
  const digests = receipts.map((r) => receiptDigest(r));
  const native = nativeEcdsaVerify();
  const verifyAll = native
    ? () => {
        for (let i = 0; i < n; i++)
          if (native(receipts[i]!.signature, digests[i]!, receipts[i]!.executor) !== 0)
            throw new Error('sig');
      }
    : () => {
        for (let i = 0; i < n; i++)
          if (!verifyCompact(receipts[i]!.signature, digests[i]!, receipts[i]!.executor))
            throw new Error('sig');
      };
  const [validate, baseline] = timePair(
    () => {
      const r = validateBlock(decodeBlock(bytes), ctx);
      if (!r.ok) throw new Error(`block invalid: ${r.reason}`);
    },
    verifyAll,
    11,
  );
  return [
    {
      name: 'block-1000-validate',
      value: validate,
      unit: 'ms',
      baseline: `1,000 secp256k1 verifies (${native ? 'native libsecp256k1' : '@noble/curves'})`,
      baselineValue: baseline,
    },
  ];
}

function benchTxDecode(): Figure[] {
  const key = new Uint8Array(32).fill(1);
  const tx = signTx(
    {
      version: 1,
      chainId: 7,
      sender: publicKeyFromPrivate(key),
      nonce: 12n,
      modelId: new Uint8Array(32).fill(9),
      gasLimit: 100_000n,
      gasPrice: 3n,
      system: 'You are a helpful assistant. Answer briefly.',
      context: [
        { role: 'user', content: 'What is the capital of France?' },
        { role: 'assistant', content: 'Paris.' },
      ],
      input: 'And of Italy? Answer with one word and nothing else, please.',
      sampling: { mode: 'seeded', temperatureMilli: 700, topK: 40, topPMicro: 950_000 },
      seed: 123456789,
      maxTokens: 128,
      stop: ['\n\n', 'User:'],
    },
    key,
  );
  const bytes = encodeTx(tx);
  const json = JSON.stringify(tx, (_k, v) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  );
  const per = 20_000;
  const [decodeMs, jsonMs] = timePair(
    () => {
      for (let i = 0; i < per; i++) decodeTx(bytes);
    },
    () => {
      for (let i = 0; i < per; i++) JSON.parse(json);
    },
    5,
  );
  return [
    {
      name: 'tx-decode',
      value: (per / decodeMs) * 1000,
      unit: 'tx/s',
      baseline: `JSON.parse of the same transaction (${bytes.length} B binary, ${json.length} B JSON)`,
      baselineValue: (per / jsonMs) * 1000,
    },
  ];
}

export async function benchConsensusBlock(): Promise<Figure[]> {
  return [...benchQc(), ...benchBlock(), ...benchTxDecode()];
}
