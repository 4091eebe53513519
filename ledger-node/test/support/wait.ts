/**
 * Resolves once `cond()` holds, checking it every 25 ms; rejects naming `what` after `timeoutMs`.
 * For state with no event to wait on (a peer table, a miner's callbacks): the test waits for the
 * condition itself, never for a fixed time.
 */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
