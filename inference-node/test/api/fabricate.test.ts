// The test-only dishonest executor (-test-fabricate-outputs): every n-th settled record's receipt and
// served contents claim altered tokens, consistently (hash, count, signature); the client's text is the
// model's. Refused off regtest.
import { equalBytes } from '@funai/ledger-node';
import { ConfigError } from '@funai/ledger-node/node-kit';
import { describe, expect, it } from 'vitest';
import { fabricateTokens, OutputFabricator } from '../../src/api/fabricate.js';
import { LocalInferenceBackend } from '../../src/api/local-backend.js';
import type { GenerationResult } from '../../src/llm/runtime/engine.js';
import { loadConfig } from '../../src/node/config.js';
import { decodeSignedReceipt, outputHash, verifySignedReceiptBytes } from '../../src/tx/receipt.js';
import { alice, CHAIN_ID, EXECUTOR_KEY } from './harness.js';

const MODEL_ID = '11'.repeat(32);

function result(tokens: number[]): GenerationResult {
  return {
    tokens,
    text: 'honest',
    finishReason: 'stop-token',
    modelId: MODEL_ID,
    promptTokens: 5,
    usage: { promptTokens: 5, outputTokens: tokens.length },
    promptFormat: 'funai-plain-v1',
  };
}

describe('the test-only output fabricator', () => {
  it('alters ordinary tokens (same length), keeps specials, always changes the sequence', () => {
    expect(fabricateTokens([10, 11, 200, 2])).toEqual([11, 10, 201, 2]);
    expect(fabricateTokens([2])).toEqual([4]);
    expect(fabricateTokens([0, 1, 2])).toEqual([4, 1, 2]);
  });

  it('claims altered tokens for every n-th record only', () => {
    const f = new OutputFabricator(3);
    const claims = [1, 2, 3, 4, 5, 6].map(() => f.claim(result([20, 21, 2])).tokens);
    expect(claims).toEqual([
      [20, 21, 2],
      [20, 21, 2],
      [21, 20, 2],
      [20, 21, 2],
      [20, 21, 2],
      [21, 20, 2],
    ]);
    expect(() => new OutputFabricator(0)).toThrow(RangeError);
  });

  it('the executor signs the altered tokens and serves the same contents', async () => {
    const served: { receipt: Uint8Array; tokens: number[] }[] = [];
    const backend = new LocalInferenceBackend({
      chainId: CHAIN_ID,
      executorKey: EXECUTOR_KEY,
      ledgerHeight: () => 9,
      fabricator: new OutputFabricator(2),
      onSettled: (r) => served.push({ receipt: r.receipt, tokens: r.output.tokens }),
    });
    backend.credit(alice.principal, 10n ** 6n);
    const honest = [30, 31, 32, 2];
    const settled = [];
    for (let i = 0; i < 2; i++) {
      const tx = await backend.signAndAdmit(alice, {
        modelId: MODEL_ID,
        prompt: { system: '', messages: [], input: 'hi' },
        maxTokens: 8,
        stop: [],
        temperature: 0,
        topP: 1,
        topK: 40,
        seed: 1,
        gasLimit: 100n,
      } as Parameters<typeof backend.signAndAdmit>[1]);
      settled.push(await backend.settle(tx, result(honest)));
    }
    expect(served.map((s) => s.tokens)).toEqual([honest, [31, 30, 33, 2]]);
    for (const s of served) {
      expect(verifySignedReceiptBytes(s.receipt)).toBe(true);
      const r = decodeSignedReceipt(s.receipt);
      expect(equalBytes(r.outputHash, outputHash(s.tokens))).toBe(true);
      expect(r.outputTokens).toBe(s.tokens.length);
    }
    // The fee is the model's (same length): the fabricated record is not cheaper.
    expect(settled[0]!.fee).toBe(settled[1]!.fee);
  });

  it('is refused unless on regtest', () => {
    expect(() => loadConfig(['-test-fabricate-outputs=2'], { home: '/h', cwd: '/' })).toThrow(ConfigError);
    expect(() => loadConfig(['-testnet', '-test-fabricate-outputs=1'], { home: '/h', cwd: '/' })).toThrow(
      /refused unless on regtest/,
    );
    expect(
      loadConfig(['-regtest', '-test-fabricate-outputs=2'], { home: '/h', cwd: '/' }).fabricateOutputs,
    ).toBe(2);
    expect(loadConfig(['-regtest'], { home: '/h', cwd: '/' }).fabricateOutputs).toBe(0);
  });
});
