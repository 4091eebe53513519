/**
 * The one error every byte decoder throws. `reason` is machine-readable; decoders never throw
 * anything else for malformed input (the fuzz tests hold them to it).
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly reason: string,
    message?: string,
  ) {
    super(message ? `${reason}: ${message}` : reason);
  }
}
