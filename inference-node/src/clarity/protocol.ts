import type { GenesisConfig, Op, VmEvent } from '@funai/clarity';
import type { ClarityValue } from '@stacks/transactions';
import type { StakedVerifier } from './staked-set.js';

/** A receipt as the daemon keeps it (status, explorer): no cost counters. */
export interface ReceiptSummary {
  status: 'ok' | 'err' | 'rejected';
  /** Hex of the response's consensus serialization (empty when rejected). */
  result: string;
  reason: string | null;
  events: VmEvent[];
}

/** One executed Clarity block: its receipts root, the state root after it and its receipts. */
export interface ExecutedClarityBlock {
  /** Clarity blocks executed since genesis, this one included. */
  height: number;
  receiptsRoot: Uint8Array;
  stateRoot: Uint8Array;
  receipts: ReceiptSummary[];
}

/** A principal's accounts in Clarity (base units): FAI balance, bond (§13.4), fee account (§13.5). */
export interface ClarityAccount {
  balance: bigint;
  stake: bigint;
  unbonding: bigint;
  feesAvailable: bigint;
  feesPending: bigint;
}

/** Requests the service sends its worker (one at a time, in order). */
export type WorkerRequest =
  | {
      kind: 'open';
      genesis: GenesisConfig;
      genesisFile: string | null;
      checkpointFile: string | null;
      replay: Op[][];
    }
  | { kind: 'execute'; ops: Op[] }
  | { kind: 'replay'; blocks: Op[][] }
  | { kind: 'read'; contract: string; fn: string; args: ClarityValue[] }
  | { kind: 'staked-set' }
  | { kind: 'account'; principal: string }
  | { kind: 'checkpoint'; file: string }
  | { kind: 'state-root' };

export interface WorkerReplies {
  open: { height: number; systemPrincipal: string; allocations: number; calls: number };
  execute: ExecutedClarityBlock;
  replay: { height: number };
  read: ClarityValue;
  'staked-set': StakedVerifier[];
  account: ClarityAccount;
  checkpoint: { height: number; bytes: number };
  'state-root': Uint8Array;
}

export type WorkerMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };
