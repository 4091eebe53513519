import { Cl, ClarityType, type ClarityValue } from '@stacks/transactions';

/** A verifier of a cycle's set as staking records it (§13.4): principal, stake and keys. */
export interface StakedVerifier {
  principal: string;
  /** Active stake, base units. */
  stake: bigint;
  blsPublicKey: Uint8Array;
  rewardScript: Uint8Array;
}

/** The verifier set's size (staking's VERIFIER-SET-SIZE). */
export const STAKED_SET_SIZE = 5;

/** A read-only call of a genesis contract (ClarityHost.readOnly). */
export type ReadOnlyCall = (contract: string, fn: string, args: ClarityValue[]) => ClarityValue;

function tupleField(v: ClarityValue, key: string): ClarityValue {
  if (v.type !== ClarityType.Tuple) throw new TypeError(`expected a tuple, got ${v.type}`);
  const f = v.value[key];
  if (!f) throw new TypeError(`tuple without ${key}`);
  return f;
}

function hexBytes(v: ClarityValue): Uint8Array {
  if (v.type !== ClarityType.Buffer) throw new TypeError(`expected a buffer, got ${v.type}`);
  return Uint8Array.from(Buffer.from(v.value, 'hex'));
}

/**
 * The verifier set as the daemon reads it (§16.9): the first five of `staking.get-ranking` (stake
 * descending, ties by principal) with their keys (`get-keys`) and stakes, in ranking order. Fewer than
 * five stakers give fewer entries (no set: the caller treats it as none).
 */
export function readStakedSet(read: ReadOnlyCall): StakedVerifier[] {
  const ranking = read('staking', 'get-ranking', []);
  if (ranking.type !== ClarityType.List) throw new TypeError('get-ranking is not a list');
  const out: StakedVerifier[] = [];
  for (const entry of ranking.value.slice(0, STAKED_SET_SIZE)) {
    const who = tupleField(entry, 'staker');
    const stake = tupleField(entry, 'stake');
    if (who.type !== ClarityType.PrincipalStandard || stake.type !== ClarityType.UInt)
      throw new TypeError('ranking entry is not {staker, stake}');
    const keys = read('staking', 'get-keys', [Cl.principal(who.value)]);
    // A staker always has keys (stake requires them, u200).
    if (keys.type !== ClarityType.OptionalSome) throw new TypeError(`staker ${who.value} without keys`);
    out.push({
      principal: who.value,
      stake: BigInt(stake.value),
      blsPublicKey: hexBytes(tupleField(keys.value, 'bls-pubkey')),
      rewardScript: hexBytes(tupleField(keys.value, 'reward-script')),
    });
  }
  return out;
}
