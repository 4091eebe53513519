/** The script verification flags a block at a given height is checked with (Core's GetBlockScriptFlags). */

import type { ChainParams } from '../params/chain-params.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_WITNESS,
} from '../script/flags.js';

type DeploymentHeights = Pick<ChainParams, 'bip65Height' | 'bip66Height' | 'csvHeight' | 'segwitHeight'>;

/**
 * P2SH and witness are always on, as in Core (whose only exceptions are two historical blocks FUN AI
 * does not have); the others follow their activation heights. Taproot is not part of FUN AI.
 */
export function getBlockScriptFlags(height: number, params: DeploymentHeights): number {
  let flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
  if (height >= params.bip66Height) flags |= SCRIPT_VERIFY_DERSIG;
  if (height >= params.bip65Height) flags |= SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
  if (height >= params.csvHeight) flags |= SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
  if (height >= params.segwitHeight) flags |= SCRIPT_VERIFY_NULLDUMMY;
  return flags;
}
