// Generates the miner's WebAssembly kernel, sha256d-4way.wat: 4-way SIMD SHA-256d over a header's
// nonces, two groups of four a step (see the prose for why). The kernel is straight-line (every
// round and schedule word written out), ~6,500 lines that no one should edit by hand: this script
// is its source.
// scripts/build-wasm.mjs calls sha256d4WayWat() and writes the text and the compiled .wasm to
// dist/mining/miner/. Run on its own, it prints the text. Plain JavaScript, no dependencies, so that
// it runs before anything is built.
import { fileURLToPath } from 'node:url';
import { declareV128Locals, indent, watModule } from './gen-sha256-wat.mjs';

// ---- The memory the caller (sha256d-4way.ts, SLOT) fills: one 32-bit word per name, in order.
// A change here is a change to SLOT and writeConstants()/load() there: the layout test compares
// this table, as printed in the kernel's header, with SLOT.

const PAD_W = 'w4 = 0x80000000, w15 = 640, else 0';
const PAD_V = 'v8 = 0x80000000, v15 = 256, else 0';

/** Memory words in address order; `words` > 1 is an array named name0, name1, ... */
const LAYOUT = [
  { name: 'k', words: 64, kind: 'const', doc: 'the round constants K[0..63]' },
  { name: 'mid', words: 8, kind: 'template', doc: 'the midstate: the state after header bytes 0..63' },
  { name: 'iv', words: 8, kind: 'const', doc: 'the initial hash value' },
  { name: 'a3_base', kind: 'template', doc: 'a after round 3 of the first hash, less w3' },
  { name: 'e3_base', kind: 'template', doc: 'e after round 3 of the first hash, less w3' },
  ...[2, 1, 0].map((i) => ({ name: `a${i}`, kind: 'template', doc: `a after round ${i} of the first hash` })),
  ...[2, 1, 0].map((i) => ({ name: `e${i}`, kind: 'template', doc: `e after round ${i} of the first hash` })),
  { name: 'w16', kind: 'template', doc: 'w16 of the first hash (no nonce in it)' },
  { name: 'w17', kind: 'template', doc: 'w17 of the first hash (no nonce in it)' },
  { name: 'c18', kind: 'template', doc: 'σ1(w16) + w2' },
  { name: 'c19', kind: 'template', doc: 'σ1(w17) + σ0(w4)' },
  { name: 'c31', kind: 'template', doc: 'σ0(w16) + w15' },
  { name: 'c32', kind: 'template', doc: 'σ0(w17) + w16' },
  { name: 'target0', kind: 'template', doc: "the target's most significant word" },
  // Rounds 4..15 of the first hash add K[i] + w[i] with w[i] padding: one constant each.
  ...range(4, 16).map((i) => ({ name: `kw${i}`, kind: 'const', doc: `K[${i}] + w${i} (${PAD_W})` })),
  { name: 'c30', kind: 'const', doc: 'σ0(w15) + w14' },
  { name: 'pad80', kind: 'const', doc: '0x80000000' },
  { name: 'len640', kind: 'const', doc: '640' },
  { name: 'len256', kind: 'const', doc: '256' },
  { name: 'A0_base', kind: 'const', doc: 'A after round 0 of the second hash, less v0' },
  { name: 'E0_base', kind: 'const', doc: 'E after round 0 of the second hash, less v0' },
  // Rounds 8..15 of the second hash likewise add K[i] + v[i] with v[i] padding.
  ...range(8, 16).map((i) => ({ name: `kv${i}`, kind: 'const', doc: `K[${i}] + v${i} (${PAD_V})` })),
  { name: 's1_len256', kind: 'const', doc: 'σ1(v15)' },
  { name: 's0_pad80', kind: 'const', doc: 'σ0(v8)' },
  { name: 's0_len256', kind: 'const', doc: 'σ0(v15)' },
  // The kernel's own words: 16-byte aligned pairs, group A's four lanes then group B's.
  { name: 'nonce', words: 8, kind: 'scratch', doc: "the step's nonces: group A's four, then group B's" },
  { name: 'top', words: 8, kind: 'scratch', doc: "the step's top hash words, byte-swapped, A's then B's" },
];

/** Byte offset of every memory word by name (k0..k63, mid0..mid7, iv0..iv7 and the rest). */
const OFFSET = new Map();
{
  let word = 0;
  for (const { name, words = 1 } of LAYOUT) {
    if (words === 1) OFFSET.set(name, 4 * word++);
    else for (let j = 0; j < words; j++) OFFSET.set(`${name}${j}`, 4 * word++);
  }
}

function range(from, to) {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

// ---- WAT expressions, as strings.

const get = (local) => `(local.get $${local})`;
const set = (local, value) => `(local.set $${local} ${value})`;
const add = (x, y) => `(i32x4.add ${x} ${y})`;
const xor = (x, y) => `(v128.xor ${x} ${y})`;
const and = (x, y) => `(v128.and ${x} ${y})`;
/** A memory word in all four lanes, named in a comment (the layout test checks every name). */
function load(word) {
  const offset = OFFSET.get(word);
  if (offset === undefined) throw new Error(`no memory word ${word}`);
  return `(v128.load32_splat offset=${offset} (i32.const 0)) (; ${word} ;)`;
}
/**
 * Each lane's bytes reversed: header words are little-endian, SHA-256 reads big-endian. Shifts and
 * masks rather than one i8x16.shuffle: V8's revectorizer (see the prose) does not pair shuffles.
 */
function byteSwap(x) {
  const mask = (m) => `(v128.const i32x4 ${m} ${m} ${m} ${m})`;
  const outer = `(v128.or (i32x4.shl ${x} (i32.const 24)) (i32x4.shr_u ${x} (i32.const 24)))`;
  const inner = `(v128.or (v128.and (i32x4.shl ${x} (i32.const 8)) ${mask('0xff0000')}) (v128.and (i32x4.shr_u ${x} (i32.const 8)) ${mask('0xff00')}))`;
  return `(v128.or ${outer} ${inner})`;
}
/** A 16-byte word of the kernel's scratch memory (LAYOUT), group A's lanes or, with `b`, B's. */
const scratch = (name, b = false) => `offset=${OFFSET.get(`${name}${b ? 4 : 0}`)} (i32.const 0)`;

// WebAssembly has no i32x4 rotate: rotr(x, n) is a shift each way and a xor. Σ and σ take their
// argument in $x, set just before, so that the six shifts read one local.
const shr = (n) => `(i32x4.shr_u (local.get $x) (i32.const ${n}))`;
const shl = (n) => `(i32x4.shl (local.get $x) (i32.const ${n}))`;
const rotr = (n) => xor(shr(n), shl(32 - n));

/** `local` = t0 ^ t1 ^ t2 over $x, one term a line. */
function setXorOf3(local, [t0, t1, t2]) {
  return [`(local.set $${local} (v128.xor (v128.xor`, `  ${t0}`, `  ${t1})`, `  ${t2}))`];
}
/** $s = Σ0($x), on a. */
const setBigSigma0 = () => setXorOf3('s', [rotr(2), rotr(13), rotr(22)]);
/** $s = Σ1($x), on e. */
const setBigSigma1 = () => setXorOf3('s', [rotr(6), rotr(11), rotr(25)]);
/** $s0 = σ0(`x`), for the schedule. */
const setSmallSigma0 = (x) => [set('x', x), ...setXorOf3('s0', [rotr(7), rotr(18), shr(3)])];
/** $s1 = σ1(`x`), for the schedule. */
const setSmallSigma1 = (x) => [set('x', x), ...setXorOf3('s1', [rotr(17), rotr(19), shr(10)])];

// ---- The two hashes' words and working variables. A hash is described by:
//   w(i): schedule word i as an expression (a local, a template word, or a padding constant),
//   a(i), e(i): a and e after round i (b, c, d and f, g, h of round i are a and e of rounds i-2..i-4),
//   kw(i): K[i] + w[i], a single constant where w[i] is padding,
//   name: the letter of its schedule words in comments and locals,
//   A, E: the names of its a and e locals ($a<i> and $e<i> in the first hash, $A<i> and $E<i>).

/** A padding or per-template word read where it should have been folded into a constant. */
function foldedAway(word) {
  throw new Error(`${word} is folded into the constants: no expression reads it`);
}

/** The header's second block: template words from memory up to round 2, locals after. */
const FIRST = {
  name: 'w',
  A: 'a',
  E: 'e',
  w: (i) => (i === 3 || i >= 18 ? get(`w${i}`) : i === 16 || i === 17 ? load(`w${i}`) : foldedAway(`w${i}`)),
  a: (i) => (i <= 2 ? load(`a${i}`) : get(`a${i}`)),
  e: (i) => (i <= 2 ? load(`e${i}`) : get(`e${i}`)),
  kw: (i) => (i < 16 ? load(`kw${i}`) : add(load(`k${i}`), FIRST.w(i))),
};

/**
 * The second hash's block: the first hash v0..v7, then padding. Before round 0 the working
 * variables are the initial value (a..d = iv0..iv3, e..h = iv4..iv7): a(-1) = iv0, e(-1) = iv4,
 * and so on back.
 */
const SECOND = {
  name: 'v',
  A: 'A',
  E: 'E',
  w: (i) => (i < 8 || i >= 16 ? get(`v${i}`) : i === 15 ? load('len256') : foldedAway(`v${i}`)),
  a: (i) => (i < 0 ? load(`iv${-1 - i}`) : get(`A${i}`)),
  e: (i) => (i < 0 ? load(`iv${3 - i}`) : get(`E${i}`)),
  kw: (i) => (i >= 8 && i < 16 ? load(`kv${i}`) : add(load(`k${i}`), SECOND.w(i))),
};

// ---- Schedule words.

/**
 * Schedule word i = σ1(w[i-2]) + w[i-7] + σ0(w[i-15]) + w[i-16], under a comment giving that
 * formula and, where padding words fold it, what is left (`folded`). σ1 and σ0 are computed into
 * $s1 and $s0 only where asked: a padding word's σ is a constant. `sum` adds the parts up.
 */
function scheduleWord(hash, i, { sigma1 = true, sigma0 = true, folded, comment = true, sum }) {
  const p = hash.name;
  const formula = `${p}${i} = σ1(${p}${i - 2}) + ${p}${i - 7} + σ0(${p}${i - 15}) + ${p}${i - 16}`;
  return [
    ...(comment ? [`;; ${formula}${folded ? ` = ${folded}` : ''}`] : []),
    ...(sigma1 ? setSmallSigma1(hash.w(i - 2)) : []),
    ...(sigma0 ? setSmallSigma0(hash.w(i - 15)) : []),
    set(`${p}${i}`, sum),
  ];
}

/** A schedule word none of whose parts is padding: the shape of every word from 33 on. */
function scheduleWordInFull(hash, i) {
  return scheduleWord(hash, i, {
    sum: add(add(get('s1'), hash.w(i - 7)), add(get('s0'), hash.w(i - 16))),
  });
}

/**
 * The first hash's words 18..32, computed ahead of the rounds: only w3 (the nonce) varies, words
 * 4..15 are padding, and the template's parts are summed per header into c18, c19, c31 and c32.
 */
function firstHashPaddedSchedule() {
  const h = FIRST;
  const s1 = get('s1');
  return [
    ...scheduleWord(h, 18, { sigma1: false, folded: 'c18 + σ0(w3)', sum: add(load('c18'), get('s0')) }),
    ...scheduleWord(h, 19, {
      sigma1: false,
      sigma0: false,
      folded: 'c19 + w3',
      sum: add(load('c19'), get('w3')),
    }),
    ...scheduleWord(h, 20, { sigma0: false, folded: 'σ1(w18) + 0x80000000', sum: add(s1, load('pad80')) }),
    ...scheduleWord(h, 21, { sigma0: false, folded: 'σ1(w19)', sum: s1 }),
    ...scheduleWord(h, 22, { sigma0: false, folded: 'σ1(w20) + 640', sum: add(s1, load('len640')) }),
    ...scheduleWord(h, 23, { sigma0: false, folded: 'σ1(w21) + w16', sum: add(s1, h.w(16)) }),
    ...scheduleWord(h, 24, { sigma0: false, folded: 'σ1(w22) + w17', sum: add(s1, h.w(17)) }),
    ...range(25, 30).flatMap((i) =>
      scheduleWord(h, i, { sigma0: false, folded: `σ1(w${i - 2}) + w${i - 7}`, sum: add(s1, h.w(i - 7)) }),
    ),
    ...[30, 31, 32].flatMap((i) =>
      scheduleWord(h, i, {
        sigma0: false,
        folded: `σ1(w${i - 2}) + w${i - 7} + c${i}`,
        sum: add(add(s1, h.w(i - 7)), load(`c${i}`)),
      }),
    ),
  ];
}

/**
 * The second hash's words 16..31: its block is the 32-byte first hash v0..v7, then v8 =
 * 0x80000000, v15 = 256 and zeros, so σ1 of v14/v15 and σ0 of v8..v15 are zero or constants.
 */
function secondHashPaddedSchedule() {
  const h = SECOND;
  const [s1, s0] = [get('s1'), get('s0')];
  return [
    ...scheduleWord(h, 16, { sigma1: false, folded: 'σ0(v1) + v0', sum: add(s0, h.w(0)) }),
    ...scheduleWord(h, 17, {
      sigma1: false,
      folded: 'σ0(v2) + v1 + σ1(256)',
      sum: add(add(s0, h.w(1)), load('s1_len256')),
    }),
    // v18..v21 share a shape: one comment for the four.
    ...[18, 19, 20, 21].flatMap((i) =>
      scheduleWord(h, i, {
        comment: i === 18,
        folded: 'σ1(v16) + σ0(v3) + v2, and so to v21',
        sum: add(add(s1, s0), h.w(i - 16)),
      }),
    ),
    ...scheduleWord(h, 22, { sum: add(add(s1, s0), add(h.w(6), load('len256'))) }),
    ...scheduleWord(h, 23, { sigma0: false, sum: add(add(s1, h.w(16)), add(h.w(7), load('s0_pad80'))) }),
    ...scheduleWord(h, 24, {
      sigma0: false,
      folded: 'σ1(v22) + v17 + 0x80000000',
      sum: add(add(s1, h.w(17)), load('pad80')),
    }),
    ...range(25, 30).flatMap((i) =>
      scheduleWord(h, i, { sigma0: false, folded: `σ1(v${i - 2}) + v${i - 7}`, sum: add(s1, h.w(i - 7)) }),
    ),
    ...scheduleWord(h, 30, { sigma0: false, sum: add(add(s1, h.w(23)), load('s0_len256')) }),
    ...scheduleWordInFull(h, 31),
  ];
}

// ---- Rounds. Every round has the shape the kernel's prose gives:
//   t = h + K[i] + w[i] + Ch(e, f, g),  e' = d + t + Σ1(e),  a' = t + Σ1(e) + Maj(a, b, c) + Σ0(a).

/**
 * The round that adds the first word that varies per group (w3 of the first hash, v0 of the
 * second) to a state that does not: everything else is summed once into `<a>_base`, `<e>_base`.
 */
function roundAddingOneWord(aLocal, eLocal, aBase, eBase, word) {
  return [set(aLocal, add(load(aBase), get(word))), set(eLocal, add(load(eBase), get(word)))];
}

/**
 * The e half of round i: t = h + K[i] + w[i] + Ch(e, f, g) + Σ1(e), then e' = d + t. Ch is
 * g ^ (e & (f ^ g)), one operation fewer than (e & f) ^ (~e & g). Leaves t in $t for the a half.
 */
function roundE(hash, i) {
  const { e, a } = hash;
  const ch = xor(and(xor(e(i - 2), e(i - 3)), get('x')), e(i - 3));
  return [
    set('x', e(i - 1)),
    set('t', add(add(e(i - 4), hash.kw(i)), ch)),
    ...setBigSigma1(),
    set('t', add(get('t'), get('s'))),
    set(`${hash.E}${i}`, add(a(i - 4), get('t'))),
  ];
}

/**
 * A full round: the e half, then a' = t + Maj(a, b, c) + Σ0(a). Maj is b ^ ((a ^ b) & (b ^ c)),
 * and this round's a ^ b is the next round's b ^ c: it is kept in $bc. The first full round of a
 * hash has no $bc yet and computes b ^ c itself (`firstOfHash`). Before rounds that compute e
 * alone nothing reads $bc, so the round before them does not set it (`keepBc` false); the first
 * hash's round 63 sets it all the same, unread, which costs nothing (compiled code keeps no copies
 * of locals) and keeps the kernel's text as first written.
 */
function round(hash, i, { firstOfHash = false, keepBc = true } = {}) {
  const { a } = hash;
  const bc = firstOfHash ? xor(a(i - 2), a(i - 3)) : get('bc');
  return [
    `;; round ${i}`,
    ...roundE(hash, i),
    set('x', a(i - 1)),
    set('ab', xor(get('x'), a(i - 2))),
    set('t', add(get('t'), xor(and(get('ab'), bc), a(i - 2)))),
    ...setBigSigma0(),
    set(`${hash.A}${i}`, add(get('t'), get('s'))),
    ...(keepBc ? [set('bc', get('ab'))] : []),
  ];
}

/** A round of which only e is needed (the second hash's last three). */
function roundEOnly(hash, i) {
  return [`;; round ${i}: e only`, ...roundE(hash, i)];
}

// ---- The kernel.

/**
 * The first hash: the header's second block from the midstate. Words 18..33, mostly padding and
 * template, are computed ahead; from 34 on each word comes just before its round, so that the core
 * overlaps the two. The state is then added to the midstate: the second hash's words v0..v7.
 */
function firstHash() {
  const h = FIRST;
  return [
    ";; ==== First hash: the header's second block (Merkle root tail, time, bits, nonce, padding)",
    ';; from the midstate; words 0..2 and rounds 0..2 are per template, word 3 is the nonce.',
    set('w3', byteSwap(get('n'))),
    ';; Schedule words 18..33: words 4..15 are padding (w4 = 0x80000000, w15 = 640, the rest 0).',
    ...firstHashPaddedSchedule(),
    ...scheduleWordInFull(h, 33),
    ';; Round 3: everything but w3 is per template.',
    ...roundAddingOneWord('a3', 'e3', 'a3_base', 'e3_base', 'w3'),
    ...round(h, 4, { firstOfHash: true }),
    ...range(5, 34).flatMap((i) => round(h, i)),
    ...range(34, 64).flatMap((i) => [...scheduleWordInFull(h, i), ...round(h, i)]),
    ";; The first hash: the midstate plus the working variables, the second hash's words 0..7.",
    ...range(0, 8).map((j) => set(`v${j}`, add(load(`mid${j}`), j < 4 ? h.a(63 - j) : h.e(67 - j)))),
  ];
}

/**
 * The second hash, of the first: one block from the initial value. Rounds 58..60 compute e
 * alone, and nothing after round 60, since the hash's top word is iv7 + e after round 60.
 */
function secondHash() {
  const h = SECOND;
  return [
    ';; ==== Second hash: one block, the 32-byte first hash then padding (v8 = 0x80000000,',
    ';; v15 = 256, the rest 0), from the initial value.',
    ';; Schedule words 16..31 with the padding words folded in.',
    ...secondHashPaddedSchedule(),
    ';; Round 0: everything but v0 is the initial value.',
    ...roundAddingOneWord('A0', 'E0', 'A0_base', 'E0_base', 'v0'),
    ...round(h, 1, { firstOfHash: true }),
    ...range(2, 32).flatMap((i) => round(h, i)),
    ...range(32, 58).flatMap((i) => [...scheduleWordInFull(h, i), ...round(h, i, { keepBc: i < 57 })]),
    ...scheduleWordInFull(h, 58),
    ';; Rounds 58..60 only need e: the final h is e after round 60, and a after round 57',
    ';; is the last a it reads (as d).',
    ...roundEOnly(h, 58),
    ...[59, 60].flatMap((i) => [...scheduleWordInFull(h, i), ...roundEOnly(h, i)]),
  ];
}

/**
 * The same lines for group B: every local renamed with a _b suffix. Memory words are shared: both
 * groups hash the same template.
 */
function twin(lines) {
  return lines.map((line) => line.replace(/\$(\w+)/g, '$$$1_b'));
}

/**
 * One step: the two groups' nonces from memory, both hashes of each group, their top words and
 * next nonces to memory, and a return when some lane's top word is at or below the target's. A
 * group's whole computation is one expression tree from its loaded nonces to its stored words, so
 * each pair of stores to adjacent addresses roots two twin trees that V8 fuses into one.
 */
function step() {
  const group = [
    set('n', `(v128.load ${scratch('nonce')})`),
    ...firstHash(),
    ...secondHash(),
    ";; The block hash's most significant word (as a little-endian number) is its last word,",
    ';; iv7 + E60, byte-swapped.',
    set('top', add(load('iv7'), get('E60'))),
    set('top', byteSwap(get('top'))),
    set('n', add(get('n'), '(v128.const i32x4 8 8 8 8)')),
  ];
  const both = (local) => [get(local), get(`${local}_b`)];
  const [n, nB] = both('n');
  const [top, topB] = both('top');
  const candidate = (b) => `(i32x4.le_u (v128.load ${scratch('top', b)}) ${load('target0')})`;
  return [
    ';; ==== Group A (nonces + 0..3)',
    ...group,
    ';; ==== Group B (nonces + 4..7): group A with every local renamed',
    ...twin(group).map((line) => line.replace(scratch('nonce'), scratch('nonce', true))),
    ";; Loads before stores, and the stores in adjacent pairs: the revectorizer's seeds.",
    `(v128.store ${scratch('top')} ${top})`,
    `(v128.store ${scratch('top', true)} ${topB})`,
    `(v128.store ${scratch('nonce')} ${n})`,
    `(v128.store ${scratch('nonce', true)} ${nB})`,
    ";; A lane at or below the target's top word is a candidate.",
    `(if (v128.any_true (v128.or ${candidate(false)} ${candidate(true)}))`,
    `  (then (return ${get('k')})))`,
  ];
}

const PROSE = `\
SHA-256d nonce scanner, four nonces at a time in 128-bit SIMD lanes (i32x4): the
"4-way SHA-256" of CPU miners, with a miner's per-template precomputation. Built into
dist/mining/miner/sha256d-4way.wasm by scripts/build-wasm.mjs; driven by sha256d-4way.ts.

scan(start, steps) hashes the 80-byte header with nonces start + 8k + j (j = 0..7; group A
has lanes j = 0..3, group B j = 4..7) for k = 0, 1, ..., steps - 1 and returns the first k
where some lane's block hash, as a little-endian 256-bit number, has its most significant
32 bits at or below the target's (unsigned); -1 if none. The caller writes the template
words below first, and settles a candidate step's nonces in order with the exact
comparison, where a tie in the top word is decided by the lower words.

Why two groups a step: V8's revectorizer (--experimental-wasm-revectorize, which
sha256d-4way.ts turns on while it compiles this module) fuses two isomorphic expression
trees whose roots are stores to adjacent addresses into one tree of 256-bit AVX2
operations. Group B is group A with its locals renamed, a group's nonces are loaded from
memory and its top words and next nonces stored back, all loads come before the stores,
and no operation in a group is an i8x16.shuffle (which it does not pair): so the whole
step becomes eight-lane code, twice the nonces per instruction. Without it the two groups
run one after the other, as fast as one group a step (measured: 6.56 vs 6.63 MH/s).

Per nonce the kernel does rounds 3..63 of the header's second block (rounds 0..2 do not
depend on the nonce, round 3 only adds it) and rounds 0..60 of the second hash (round 0
only adds v0 to a constant; rounds 58..60 compute e alone, since the top hash word is iv7
plus e after round 60). Schedule words made of padding are folded into constants.

The code is straight-line, every round and schedule word written out: V8 then keeps the
working variables in registers, and computing each schedule word just before its round
lets the out-of-order core overlap the two (helper functions, which V8 does not inline
into a body this size, cost 40 %). Round i's a and e are $a<i> and $e<i> in
the first hash, $A<i> and $E<i> in the second; b, c, d are a of rounds i-2, i-3, i-4 and
f, g, h are e of rounds i-2, i-3, i-4, loaded from memory where they precede the nonce.
Every round has the same shape:
  t = h + K[i] + w[i] + Ch(e, f, g)        Ch(e, f, g) = g ^ (e & (f ^ g))
  e' = d + t + Σ1(e)
  a' = t + Σ1(e) + Maj(a, b, c) + Σ0(a)    Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c))
where b ^ c is the round before's a ^ b ($bc), and a rotation is two shifts and a xor.

Memory: 32-bit words at these byte offsets (the (; name ;) after each load), read as
four-lane splats. The caller writes the constants once and the template words per header;
the kernel keeps its nonces and top words in the scratch words.`;

/** The memory table of the header comment: "offset  name  kind  description", a word a row. */
function memoryTable() {
  const rows = [];
  for (const { name, words = 1, kind, doc } of LAYOUT) {
    const label = words === 1 ? name : `${name}0..${name}${words - 1}`;
    const offset = OFFSET.get(words === 1 ? name : `${name}0`);
    rows.push(`${String(offset).padStart(5)}  ${label.padEnd(15)}${kind.padEnd(9)}${doc}`);
  }
  return rows;
}

/** The kernel's WebAssembly text. */
export function sha256d4WayWat() {
  const body = step();
  const start = (lanes) => add('(i32x4.splat (local.get $start))', `(v128.const i32x4 ${lanes})`);
  const scan = [
    '(func (export "scan") (param $start i32) (param $steps i32) (result i32)',
    ...indent(2, [
      '(local $k i32)',
      ...declareV128Locals(body),
      '(if (i32.le_s (local.get $steps) (i32.const 0)) (then (return (i32.const -1))))',
      // Lane j of group A is the nonce start + 8k + j, of group B start + 8k + 4 + j.
      `(v128.store ${scratch('nonce')} ${start('0 1 2 3')})`,
      `(v128.store ${scratch('nonce', true)} ${start('4 5 6 7')})`,
      '(loop $step',
      '',
      ...indent(2, [
        ...body,
        set('k', '(i32.add (local.get $k) (i32.const 1))'),
        '(br_if $step (i32.lt_s (local.get $k) (local.get $steps))))',
      ]),
      '(i32.const -1)',
    ]),
  ];
  return watModule([...PROSE.split('\n'), ...memoryTable()], [scan]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(sha256d4WayWat());
