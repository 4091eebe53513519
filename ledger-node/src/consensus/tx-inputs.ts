/** Bitcoin Core's Consensus::CheckTxInputs: a transaction's inputs against the UTXO set. */
import { hashToHex } from '../wire/bytes.js';
import type { Transaction } from '../wire/tx.js';
import { txid } from '../wire/tx.js';
import { moneyRange } from './amounts.js';
import type { Coin, CoinView } from './coins.js';
import { ValidationError } from './errors.js';
import { COINBASE_MATURITY } from './limits.js';

export interface TxInputsResult {
  fee: bigint;
  /** The coin each input spends, in input order. */
  coins: Coin[];
}

/**
 * Checks that every input exists and is unspent (`bad-txns-inputs-missingorspent`), that no coinbase
 * output is spent before maturity (`bad-txns-premature-spend-of-coinbase`), that input values and
 * their sum are in range (`bad-txns-inputvalues-outofrange`), that they cover the outputs
 * (`bad-txns-in-belowout`) and that the fee is in range (`bad-txns-fee-outofrange`). `spendHeight`
 * is the height of the block the transaction would be in.
 */
export function checkTxInputs(
  tx: Transaction,
  view: CoinView,
  spendHeight: number,
  coinbaseMaturity = COINBASE_MATURITY,
): TxInputsResult {
  const coins: Coin[] = [];
  for (const input of tx.inputs) {
    const coin = view.getCoin(input.prevout);
    if (!coin) {
      throw new ValidationError(
        'bad-txns-inputs-missingorspent',
        `input ${hashToHex(input.prevout.txid)}:${input.prevout.vout} missing or spent`,
      );
    }
    coins.push(coin);
  }
  let valueIn = 0n;
  for (const coin of coins) {
    if (coin.isCoinbase && spendHeight - coin.height < coinbaseMaturity) {
      throw new ValidationError(
        'bad-txns-premature-spend-of-coinbase',
        `tried to spend coinbase at depth ${spendHeight - coin.height}`,
      );
    }
    valueIn += coin.output.value;
    if (!moneyRange(coin.output.value) || !moneyRange(valueIn)) {
      throw new ValidationError('bad-txns-inputvalues-outofrange');
    }
  }
  let valueOut = 0n;
  for (const o of tx.outputs) valueOut += o.value;
  if (valueIn < valueOut) {
    throw new ValidationError('bad-txns-in-belowout', `value in (${valueIn}) < value out (${valueOut})`);
  }
  const fee = valueIn - valueOut;
  if (!moneyRange(fee)) throw new ValidationError('bad-txns-fee-outofrange');
  return { fee, coins };
}

/** The reason's detail names the transaction, as Core's ConnectBlock appends " in transaction <txid>". */
export function inTransaction(err: unknown, tx: Transaction): unknown {
  if (!(err instanceof ValidationError)) return err;
  const where = `in transaction ${hashToHex(txid(tx))}`;
  return new ValidationError(err.reason, err.detail ? `${err.detail} ${where}` : where, err.mutated);
}
