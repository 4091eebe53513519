/**
 * Bitcoin Core's GetDifficulty: how many times harder `bits` is than 0x1d00ffff (difficulty 1).
 * A display figure for RPC (getdifficulty, getblockheader), never used by consensus.
 */
export function difficultyFromBits(bits: number): number {
  let shift = (bits >>> 24) & 0xff;
  let diff = 0x0000ffff / (bits & 0x00ffffff);
  while (shift < 29) {
    diff *= 256;
    shift++;
  }
  while (shift > 29) {
    diff /= 256;
    shift--;
  }
  return diff;
}
