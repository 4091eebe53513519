/**
 * The one error the address, key and Base58/Bech32 decoders throw for malformed or foreign input.
 * `reason` is machine-readable (see docs/protocol.md §3 for the list).
 */
export class AddressError extends Error {
  override readonly name = 'AddressError';
  constructor(
    readonly reason: string,
    message?: string,
  ) {
    super(message ? `${reason}: ${message}` : reason);
  }
}
