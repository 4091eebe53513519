// Signed execution receipts in the fixed layout of the coordination sheet (docs §13.8, §15): the
// 143-byte body, SHA-256("FUNAI-RECEIPT-V1" || body) signed with low-S RFC 6979 ECDSA, r||s appended.
import { hash160, parseDerLax, publicKeyFromPrivate, sha256, signEcdsaDer } from '@funai/ledger-node';
import { principalFromHash160 } from '../../src/index.js';

export interface ReceiptFields {
  chainId: number;
  txId: Uint8Array;
  modelId: Uint8Array;
  outputHash: Uint8Array;
  outputTokens: number;
  finishReason: number;
  ledgerHeight: number;
}

const DOMAIN = new TextEncoder().encode('FUNAI-RECEIPT-V1');

export function receiptBody(f: ReceiptFields, executor: Uint8Array): Uint8Array {
  const body = new Uint8Array(143);
  const view = new DataView(body.buffer);
  body[0] = 1;
  view.setUint32(1, f.chainId);
  body.set(f.txId, 5);
  body.set(f.modelId, 37);
  body.set(f.outputHash, 69);
  view.setUint32(101, f.outputTokens);
  body[105] = f.finishReason;
  body.set(executor, 106);
  view.setUint32(139, f.ledgerHeight);
  return body;
}

/** body || r || s (207 bytes), signed by `secretKey`. */
export function signReceipt(f: ReceiptFields, secretKey: Uint8Array): Uint8Array {
  const body = receiptBody(f, publicKeyFromPrivate(secretKey, true));
  const digest = sha256(Uint8Array.from([...DOMAIN, ...body]));
  const sig = new Uint8Array(64);
  if (!parseDerLax(signEcdsaDer(digest, secretKey), sig)) throw new Error('bad DER');
  return Uint8Array.from([...body, ...sig]);
}

/** The inference-chain principal of a secp256k1 key (Clarity's principal-of? on this chain). */
export function keyPrincipal(secretKey: Uint8Array): string {
  return principalFromHash160(hash160(publicKeyFromPrivate(secretKey, true)));
}
