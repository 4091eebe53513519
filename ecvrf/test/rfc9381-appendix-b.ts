/**
 * Reads the examples of RFC 9381 Appendix B out of the RFC's own text (vectors/rfc9381-appendix-b.txt),
 * so the JSON transcriptions the tests run can be checked against the published bytes.
 */

export interface RfcExample {
  example: number;
  suite: 'P256_SHA256_TAI' | 'EDWARDS25519_SHA512_TAI';
  sk: string;
  pk: string;
  alpha: string;
  x: string;
  ctr: number;
  H: string;
  k_string?: string;
  k: string;
  U: string;
  V: string;
  pi: string;
  beta: string;
}

const SECTION_SUITES = {
  'B.1': 'P256_SHA256_TAI',
  'B.3': 'EDWARDS25519_SHA512_TAI',
} as const;

const PAGE_FURNITURE = /^(Goldberg, et al\.|Internet-Draft |RFC 9381 )/;
const FIELD = /^ {6}(\S.*?) = ?(.*)$/;
const HEX_LINE = /^ +([0-9a-f]+)$/;

export function parseAppendixB(text: string): RfcExample[] {
  const examples: RfcExample[] = [];
  let suite: RfcExample['suite'] | undefined;
  let current: Record<string, string> | undefined;
  let lastField: string | undefined;
  const finish = () => {
    if (current === undefined || suite === undefined) return;
    const { example, SK, PK, alpha, x, ctr, H, k_string, k, U, V, pi, beta } = current;
    const required = { example, SK, PK, alpha, ctr, H, k, U, V, pi, beta };
    for (const [name, value] of Object.entries(required)) {
      if (value === undefined) throw new Error(`Example ${example}: no ${name}`);
    }
    examples.push({
      example: Number(example),
      suite,
      sk: SK!,
      pk: PK!,
      alpha: alpha!,
      x: x ?? SK!,
      ctr: Number(ctr),
      H: H!,
      ...(k_string === undefined ? {} : { k_string }),
      k: k!,
      U: U!,
      V: V!,
      pi: pi!,
      beta: beta!,
    });
  };
  for (const line of text.split('\n')) {
    if (PAGE_FURNITURE.test(line)) continue;
    const section = /^(B\.\d)\. /.exec(line);
    if (section) {
      finish();
      current = undefined;
      suite = SECTION_SUITES[section[1] as keyof typeof SECTION_SUITES];
      continue;
    }
    const example = /^ {3}Example (\d+):$/.exec(line);
    if (example) {
      finish();
      current = { example: example[1]! };
      lastField = undefined;
      continue;
    }
    if (current === undefined) continue;
    const ctr = /try_and_increment succeeded on ctr = (\d+)/.exec(line);
    if (ctr) {
      current.ctr = ctr[1]!;
      lastField = undefined;
      continue;
    }
    const field = FIELD.exec(line);
    if (field) {
      const names = field[1]!.split(' = ').filter((n) => !/[*]/.test(n)); // "SK = x", "U = k*B"
      const value = /^[0-9a-f]*/.exec(field[2]!)![0];
      for (const name of names) current[name] = value;
      // a value wraps onto the following lines; "SK = x" wraps as one value shared by both names
      lastField = names.join('|');
      continue;
    }
    const hex = HEX_LINE.exec(line);
    if (hex && lastField !== undefined) {
      for (const name of lastField.split('|')) current[name] = (current[name] ?? '') + hex[1];
      continue;
    }
    lastField = undefined;
  }
  finish();
  return examples;
}
