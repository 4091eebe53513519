import { ClarityType, type ClarityValue } from '@stacks/transactions';
import { isStandardPrincipal, isValidPrincipal } from './principals.js';

/** A Clarity type as the VM's contract interface spells it. */
export type InterfaceType =
  | 'none'
  | 'int128'
  | 'uint128'
  | 'bool'
  | 'principal'
  | 'trait_reference'
  | { buffer: { length: number } }
  | { 'string-ascii': { length: number } }
  | { 'string-utf8': { length: number } }
  | { tuple: { name: string; type: InterfaceType }[] }
  | { optional: InterfaceType }
  | { response: { ok: InterfaceType; error: InterfaceType } }
  | { list: { type: InterfaceType; length: number } };

const INT_MIN = -(1n << 127n);
const INT_MAX = (1n << 127n) - 1n;
const UINT_MAX = (1n << 128n) - 1n;
/** Printable ASCII: what a Clarity string-ascii literal may hold. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Whole bytes in hex, as a buffer's value must be. */
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function asBigInt(v: bigint | number | string): bigint | null {
  try {
    return BigInt(v);
  } catch {
    return null;
  }
}

/**
 * Whether `value` is admissible where the contract declares `type`: the check the VM makes on a
 * public function's arguments (lengths within their bounds, exact tuple fields, integer ranges),
 * made before execution so that a bad argument is refused instead of aborting the block. Trait
 * references are refused: no genesis function takes one.
 */
export function conforms(value: ClarityValue, type: InterfaceType): boolean {
  if (typeof type === 'string') {
    switch (type) {
      case 'int128': {
        if (value.type !== ClarityType.Int) return false;
        const n = asBigInt(value.value);
        return n !== null && n >= INT_MIN && n <= INT_MAX;
      }
      case 'uint128': {
        if (value.type !== ClarityType.UInt) return false;
        const n = asBigInt(value.value);
        return n !== null && n >= 0n && n <= UINT_MAX;
      }
      case 'bool':
        return value.type === ClarityType.BoolTrue || value.type === ClarityType.BoolFalse;
      case 'principal':
        // The address's checksum and the contract name are checked here: the VM aborts on a
        // principal it cannot deserialize.
        if (value.type === ClarityType.PrincipalStandard) return isStandardPrincipal(value.value);
        return (
          value.type === ClarityType.PrincipalContract &&
          value.value.includes('.') &&
          isValidPrincipal(value.value)
        );
      case 'none':
        return value.type === ClarityType.OptionalNone;
      default:
        return false;
    }
  }
  if ('buffer' in type) {
    return (
      value.type === ClarityType.Buffer &&
      typeof value.value === 'string' &&
      HEX.test(value.value) &&
      value.value.length / 2 <= type.buffer.length
    );
  }
  if ('string-ascii' in type) {
    return (
      value.type === ClarityType.StringASCII &&
      PRINTABLE_ASCII.test(value.value) &&
      value.value.length <= type['string-ascii'].length
    );
  }
  if ('string-utf8' in type) {
    // The VM counts characters; counting UTF-8 bytes is at least as strict (no genesis function
    // takes a string-utf8).
    return (
      value.type === ClarityType.StringUTF8 &&
      Buffer.byteLength(value.value, 'utf8') <= type['string-utf8'].length
    );
  }
  if ('optional' in type) {
    if (value.type === ClarityType.OptionalNone) return true;
    return value.type === ClarityType.OptionalSome && conforms(value.value, type.optional);
  }
  if ('response' in type) {
    if (value.type === ClarityType.ResponseOk) return conforms(value.value, type.response.ok);
    return value.type === ClarityType.ResponseErr && conforms(value.value, type.response.error);
  }
  if ('list' in type) {
    return (
      value.type === ClarityType.List &&
      value.value.length <= type.list.length &&
      value.value.every((item) => conforms(item, type.list.type))
    );
  }
  if ('tuple' in type) {
    if (value.type !== ClarityType.Tuple) return false;
    const fields = Object.keys(value.value);
    if (fields.length !== type.tuple.length) return false;
    return type.tuple.every((f) => {
      const v = value.value[f.name];
      return v !== undefined && conforms(v, f.type);
    });
  }
  return false;
}
