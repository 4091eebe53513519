/**
 * A consensus or policy rejection. `reason` is the machine-readable name, spelled as Bitcoin Core
 * spells its reject reasons where the rule is Bitcoin's (`bad-txns-inputs-missingorspent`,
 * `bad-blk-length`, `mandatory-script-verify-flag-failed (...)`, ...).
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly reason: string,
    readonly detail?: string,
    /**
     * True when the failure may come from a mutated copy of a valid block (bad Merkle root, mutated
     * tree, bad witness commitment): the block hash must not be marked invalid, since an honest
     * copy with the same header can still arrive.
     */
    readonly mutated = false,
  ) {
    super(detail ? `${reason} (${detail})` : reason);
  }
}
