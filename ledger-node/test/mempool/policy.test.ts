import { describe, expect, it } from 'vitest';
import { hash160, sha256 } from '../../src/crypto/hash.js';
import { compareFeeRates, feeForVsize, feeRatePerKvB, virtualSize } from '../../src/mempool/fee-rate.js';
import { DEFAULT_MEMPOOL_POLICY } from '../../src/mempool/policy.js';
import {
  areInputsStandard,
  dustThreshold,
  signalsOptInRbf,
  standardOutputType,
  standardTxError,
} from '../../src/mempool/standardness.js';
import { ScriptBuilder } from '../../src/script/build.js';
import { OP_CHECKSIG, OP_RETURN } from '../../src/script/opcodes.js';
import {
  scriptForMultisig,
  scriptForNullData,
  scriptForP2SH,
  scriptForP2WSH,
  scriptForWitnessProgram,
} from '../../src/script/standard.js';
import type { Transaction } from '../../src/wire/tx.js';
import { Key } from '../support/chain-builder.js';

const keys = [1, 2, 3, 4].map((i) => Key.fromSeed(i).publicKey);

describe('fee rates (Core’s CFeeRate arithmetic)', () => {
  it('truncates per-kvB rates and never asks a positive rate for zero', () => {
    expect(feeRatePerKvB(1_000n, 3)).toBe(333_333n);
    expect(feeRatePerKvB(5n, 0)).toBe(0n);
    expect(feeForVsize(1_000n, 141)).toBe(141n);
    expect(feeForVsize(1n, 1)).toBe(1n);
    expect(feeForVsize(0n, 100)).toBe(0n);
    expect(feeForVsize(3_000n, 98)).toBe(294n);
    expect(compareFeeRates(10n, 3, 7n, 2)).toBe(-1);
    expect(compareFeeRates(20n, 4, 10n, 2)).toBe(0);
  });

  it('prices sigop-heavy transactions at 20 vbytes per sigop', () => {
    expect(virtualSize(400, 0, 20)).toBe(100);
    expect(virtualSize(401, 0, 20)).toBe(101);
    expect(virtualSize(400, 30, 20)).toBe(150);
  });
});

describe('standard outputs and dust', () => {
  it('has Core’s dust thresholds at 3 units/vB', () => {
    const at = (scriptPubKey: Uint8Array) => dustThreshold({ value: 0n, scriptPubKey }, 3_000n);
    expect(at(Key.fromSeed(1).p2wpkh)).toBe(294n);
    expect(at(Key.fromSeed(1).p2pkh)).toBe(546n);
    expect(at(scriptForP2SH(new Uint8Array(20)))).toBe(540n);
    expect(at(scriptForP2WSH(new Uint8Array(32)))).toBe(330n);
    expect(at(scriptForNullData(Uint8Array.of(1)))).toBe(0n);
  });

  it('classifies output scripts as Core’s IsStandard does', () => {
    const max = DEFAULT_MEMPOOL_POLICY.maxDataCarrierBytes;
    expect(standardOutputType(scriptForMultisig(1, keys.slice(0, 3)), max)).toBe('multisig');
    expect(standardOutputType(scriptForMultisig(1, keys), max)).toBeNull();
    expect(standardOutputType(scriptForWitnessProgram(2, new Uint8Array(20)), max)).toBe('witness_unknown');
    expect(standardOutputType(new ScriptBuilder().push(keys[0]!).op(OP_CHECKSIG).build(), max)).toBe(
      'pubkey',
    );
    expect(standardOutputType(scriptForNullData(new Uint8Array(80)), max)).toBe('nulldata');
    expect(standardOutputType(scriptForNullData(new Uint8Array(81)), max)).toBeNull();
    expect(standardOutputType(scriptForNullData(new Uint8Array(30)), 32)).toBe('nulldata');
    expect(standardOutputType(scriptForNullData(new Uint8Array(31)), 32)).toBeNull();
    expect(standardOutputType(Uint8Array.of(OP_RETURN), max)).toBe('nulldata');
    expect(standardOutputType(Uint8Array.of(0x00, 0x01, 0x02), max)).toBeNull();
  });

  it('rejects bare multisig only when told to', () => {
    const tx: Transaction = {
      version: 2,
      inputs: [
        {
          prevout: { txid: sha256(Uint8Array.of(1)), vout: 0 },
          scriptSig: new Uint8Array(0),
          sequence: 0,
          witness: [],
        },
      ],
      outputs: [{ value: 10_000n, scriptPubKey: scriptForMultisig(1, keys.slice(0, 2)) }],
      locktime: 0,
    };
    expect(standardTxError(tx, DEFAULT_MEMPOOL_POLICY)).toBeNull();
    expect(standardTxError(tx, { ...DEFAULT_MEMPOOL_POLICY, permitBareMultisig: false })).toBe(
      'bare-multisig',
    );
  });

  it('signals BIP125 with any sequence up to 0xfffffffd', () => {
    const withSeq = (sequence: number): Transaction => ({
      version: 2,
      inputs: [
        {
          prevout: { txid: new Uint8Array(32), vout: 0 },
          scriptSig: new Uint8Array(0),
          sequence,
          witness: [],
        },
      ],
      outputs: [],
      locktime: 0,
    });
    expect(signalsOptInRbf(withSeq(0xfffffffd))).toBe(true);
    expect(signalsOptInRbf(withSeq(0))).toBe(true);
    expect(signalsOptInRbf(withSeq(0xfffffffe))).toBe(false);
    expect(signalsOptInRbf(withSeq(0xffffffff))).toBe(false);
  });
});

describe('standard inputs', () => {
  it('allows P2SH redeem scripts of at most 15 sigops', () => {
    const redeem = (n: number) => {
      const b = new ScriptBuilder();
      for (let i = 0; i < n; i++) b.op(OP_CHECKSIG);
      return b.build();
    };
    for (const [n, ok] of [
      [15, true],
      [16, false],
    ] as const) {
      const script = redeem(n);
      const tx: Transaction = {
        version: 2,
        inputs: [
          {
            prevout: { txid: new Uint8Array(32), vout: 0 },
            scriptSig: new ScriptBuilder().push(script).build(),
            sequence: 0,
            witness: [],
          },
        ],
        outputs: [],
        locktime: 0,
      };
      const coin = {
        output: { value: 1n, scriptPubKey: scriptForP2SH(hash160(script)) },
        height: 1,
        isCoinbase: false,
      };
      expect(areInputsStandard(tx, [coin])).toBe(ok);
    }
  });
});
