/**
 * Bitcoin Core's JSON-RPC error codes (src/rpc/protocol.h), so that scripts and libraries written for
 * bitcoind read FUN AI's errors unchanged. Codes are part of the interface: never renumber one.
 */
export const RpcErrorCode = Object.freeze({
  // Standard JSON-RPC 2.0 errors.
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  PARSE_ERROR: -32700,

  // General application errors.
  /** An exception thrown in a handler that is not an RpcError. */
  MISC_ERROR: -1,
  /** A parameter of the wrong JSON type. */
  TYPE_ERROR: -3,
  INVALID_ADDRESS_OR_KEY: -5,
  OUT_OF_MEMORY: -7,
  /** Invalid, missing or duplicate parameter. */
  INVALID_PARAMETER: -8,
  DATABASE_ERROR: -20,
  /** Raw data (a transaction, a block) that does not decode. */
  DESERIALIZATION_ERROR: -22,
  /** General error submitting a transaction or block. */
  VERIFY_ERROR: -25,
  /** Rejected by consensus or policy rules. */
  VERIFY_REJECTED: -26,
  VERIFY_ALREADY_IN_CHAIN: -27,
  /** The node is still starting (loading the block index, verifying). */
  IN_WARMUP: -28,
  METHOD_DEPRECATED: -32,

  // P2P client errors.
  CLIENT_NOT_CONNECTED: -9,
  CLIENT_IN_INITIAL_DOWNLOAD: -10,
  CLIENT_NODE_ALREADY_ADDED: -23,
  CLIENT_NODE_NOT_ADDED: -24,
  CLIENT_NODE_NOT_CONNECTED: -29,
  CLIENT_INVALID_IP_OR_SUBNET: -30,
  CLIENT_P2P_DISABLED: -31,
  CLIENT_MEMPOOL_DISABLED: -33,
  CLIENT_NODE_CAPACITY_REACHED: -34,

  // Wallet errors.
  WALLET_ERROR: -4,
  WALLET_INSUFFICIENT_FUNDS: -6,
  WALLET_INVALID_LABEL_NAME: -11,
  WALLET_KEYPOOL_RAN_OUT: -12,
  WALLET_UNLOCK_NEEDED: -13,
  WALLET_PASSPHRASE_INCORRECT: -14,
  WALLET_WRONG_ENC_STATE: -15,
  WALLET_ENCRYPTION_FAILED: -16,
  WALLET_ALREADY_UNLOCKED: -17,
  WALLET_NOT_FOUND: -18,
  WALLET_NOT_SPECIFIED: -19,
  WALLET_ALREADY_LOADED: -35,
  WALLET_ALREADY_EXISTS: -36,
});

export type RpcErrorCodeName = keyof typeof RpcErrorCode;

/**
 * The error a handler throws to answer with a specific code. Any other exception a handler throws
 * is answered as RPC_MISC_ERROR (-1) with its message, as bitcoind answers a std::exception.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  toJSON(): { code: number; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** The JSON-RPC error object for any thrown value. */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (e instanceof Error) return new RpcError(RpcErrorCode.MISC_ERROR, e.message);
  return new RpcError(RpcErrorCode.MISC_ERROR, String(e));
}
