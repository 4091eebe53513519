// Generates sha256-multi.wat: multi-buffer SHA-256d, four independent messages at a time in
// 128-bit SIMD lanes, for txids, wtxids and Merkle levels. Like the miner's kernel
// (gen-sha256d-4way.mjs) the compressions are written out round by round, and this script is their
// source: scripts/build-wasm.mjs calls sha256MultiWat() and writes the text and the compiled .wasm
// to dist/crypto/. Run on its own, it prints the text. Plain JavaScript, no dependencies, so that it
// runs before anything is built.
import { fileURLToPath } from 'node:url';
import { declareV128Locals, indent, watModule } from './gen-sha256-wat.mjs';

// ---- The constants the caller (src/crypto/sha256-multi.ts, SLOT) writes once: one 32-bit word per
// name, in order. A change here is a change to SLOT and writeConstants() there: a test compares this
// table, as printed in the kernel's header, with SLOT.

/** Memory words in address order; `words` > 1 is an array named name0, name1, ... */
const LAYOUT = [
  { name: 'k', words: 64, doc: 'the round constants K[0..63]' },
  { name: 'iv', words: 8, doc: 'the initial hash value' },
  { name: 'kpad', words: 64, doc: "K[i] + w[i] of a 64-byte message's padding block (its whole schedule)" },
  { name: 'kv', words: 8, doc: "K[8 + i] + v[8 + i]: the second hash's padding words 8..15" },
  { name: 'pad80', doc: '0x80000000 (v8)' },
  { name: 'len256', doc: '256 (v15: 32 bytes)' },
  { name: 's0_pad80', doc: 'σ0(0x80000000)' },
  { name: 's1_len256', doc: 'σ1(256)' },
  { name: 's0_len256', doc: 'σ0(256)' },
  { name: 'zero', words: 16, doc: 'a zero block, the message of lanes a batch leaves empty' },
  { name: 'sink', words: 8, doc: "where those lanes' digests go" },
];

/** Byte offset of every memory word by name (k0..k63, iv0..iv7 and the rest). */
const OFFSET = new Map();
{
  let word = 0;
  for (const { name, words = 1 } of LAYOUT) {
    if (words === 1) OFFSET.set(name, 4 * word++);
    else for (let j = 0; j < words; j++) OFFSET.set(`${name}${j}`, 4 * word++);
  }
}

/** Where the caller's own data (descriptors, messages, Merkle levels) may start. */
const FREE = 1024;
if (4 * [...OFFSET.keys()].length > FREE) throw new Error('the constants overrun the free memory');

const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);

// ---- WAT expressions, as strings.

const get = (local) => `(local.get $${local})`;
const set = (local, value) => `(local.set $${local} ${value})`;
const add = (x, y) => `(i32x4.add ${x} ${y})`;
const xor = (x, y) => `(v128.xor ${x} ${y})`;
const and = (x, y) => `(v128.and ${x} ${y})`;
/** Adds up a list of expressions (at least one). */
const sum = (terms) => terms.reduce((acc, t) => add(acc, t));
/** A constant memory word in all four lanes, named in a comment (the layout test checks every name). */
function splat(word) {
  const offset = OFFSET.get(word);
  if (offset === undefined) throw new Error(`no memory word ${word}`);
  return `(v128.load32_splat offset=${offset} (i32.const 0)) (; ${word} ;)`;
}

const rotr = (local, n) =>
  xor(`(i32x4.shr_u ${get(local)} (i32.const ${n}))`, `(i32x4.shl ${get(local)} (i32.const ${32 - n}))`);
const shr = (local, n) => `(i32x4.shr_u ${get(local)} (i32.const ${n}))`;
const bigSigma0 = (a) => xor(xor(rotr(a, 2), rotr(a, 13)), rotr(a, 22));
const bigSigma1 = (e) => xor(xor(rotr(e, 6), rotr(e, 11)), rotr(e, 25));
const smallSigma0 = (w) => xor(xor(rotr(w, 7), rotr(w, 18)), shr(w, 3));
const smallSigma1 = (w) => xor(xor(rotr(w, 17), rotr(w, 19)), shr(w, 10));

// Byte shuffles: SHA-256 reads big-endian words, and four lanes' messages are four rows to
// transpose into one vector per word (the unpack patterns, which V8 compiles to one instruction).
const BYTE_SWAP = '3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';
const byteSwap = (x) => `(i8x16.shuffle ${BYTE_SWAP} ${x} ${x})`;
const UNPACK = {
  lo32: '0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23',
  hi32: '8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31',
  lo64: '0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23',
  hi64: '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31',
};
const unpack = (kind, x, y) => `(i8x16.shuffle ${UNPACK[kind]} ${x} ${y})`;

/**
 * Sets `out[j]` to column j of the 4×4 word matrix whose rows are the locals `rows`: lane i of
 * out[j] is word j of rows[i]. Its own inverse, so it serves loading and storing alike.
 */
function transpose(rows, out, tmp) {
  const [r0, r1, r2, r3] = rows.map(get);
  return [
    set(`${tmp}0`, unpack('lo32', r0, r1)),
    set(`${tmp}1`, unpack('hi32', r0, r1)),
    set(`${tmp}2`, unpack('lo32', r2, r3)),
    set(`${tmp}3`, unpack('hi32', r2, r3)),
    set(out[0], unpack('lo64', get(`${tmp}0`), get(`${tmp}2`))),
    set(out[1], unpack('hi64', get(`${tmp}0`), get(`${tmp}2`))),
    set(out[2], unpack('lo64', get(`${tmp}1`), get(`${tmp}3`))),
    set(out[3], unpack('hi64', get(`${tmp}1`), get(`${tmp}3`))),
  ];
}

/**
 * Loads one 64-byte block per lane, from the i32 addresses in the locals `ptrs`, as 16 schedule
 * words `${w}0`..`${w}15` (lane j of word i is big-endian word i of lane j's block).
 */
function loadBlocks(ptrs, w) {
  return range(0, 4).flatMap((q) => [
    ...ptrs.map((p, j) => set(`row${j}`, byteSwap(`(v128.load offset=${16 * q} ${get(p)})`))),
    ...transpose(
      range(0, 4).map((j) => `row${j}`),
      range(0, 4).map((i) => `${w}${4 * q + i}`),
      'tr',
    ),
  ]);
}

/** Stores the digest words `h0..h7` (locals) big-endian to each lane's i32 address in `outs`. */
function storeDigests(h, outs) {
  return [0, 1].flatMap((half) => [
    ...transpose(
      range(0, 4).map((i) => h[4 * half + i]),
      range(0, 4).map((j) => `row${j}`),
      'tr',
    ),
    ...outs.map((o, j) => `(v128.store offset=${16 * half} ${get(o)} ${byteSwap(get(`row${j}`))})`),
  ]);
}

// ---- One compression, written out. A compression is described by:
//   p: the prefix of its locals ($<p>w<i> schedule words, $<p>a<i> and $<p>e<i> a and e after round i),
//   state: the eight locals holding the state it starts from (a..h),
//   word(i): schedule word i as { local } or { constant: memory name } or { zero: true },
//   kw(i): an expression for K[i] + w[i] (defaults to K[i] plus the word).
// b, c, d of round i are a of rounds i-2..i-4 and f, g, h are e of rounds i-2..i-4; before round 0
// they are the starting state.

/** The schedule word `i` of a block whose words are all computed in locals (a message's block). */
const messageWord = (p) => (i) => ({ local: `${p}w${i}` });

/**
 * Schedule word i ≥ 16 = σ1(w[i-2]) + w[i-7] + σ0(w[i-15]) + w[i-16], its padding parts folded: a
 * zero word drops out, and a constant word's σ is a constant of its own in memory.
 */
function scheduleWord(c, i) {
  const term = (j, sigma) => {
    const w = c.word(j);
    if (w.zero) return [];
    if (w.constant) return [splat(sigma ? `${sigma.name}_${w.constant}` : w.constant)];
    return [sigma ? sigma.of(w.local) : get(w.local)];
  };
  const terms = [
    ...term(i - 2, { name: 's1', of: smallSigma1 }),
    ...term(i - 7),
    ...term(i - 15, { name: 's0', of: smallSigma0 }),
    ...term(i - 16),
  ];
  return set(`${c.p}w${i}`, sum(terms));
}

/** The rounds and the schedule words from 16 on (each just before its round, to overlap them). */
function compression(c) {
  const a = (i) => (i < 0 ? c.state[-1 - i] : `${c.p}a${i}`);
  const e = (i) => (i < 0 ? c.state[3 - i] : `${c.p}e${i}`);
  const kw = c.kw ?? ((i) => add(splat(`k${i}`), get(c.word(i).local)));
  const lines = [];
  for (let i = 0; i < 64; i++) {
    if (i >= 16 && c.word(i).local) lines.push(scheduleWord(c, i));
    // t = h + K[i] + w[i] + Σ1(e) + Ch(e, f, g), Ch = g ^ (e & (f ^ g));
    // e' = d + t;  a' = t + Σ0(a) + Maj(a, b, c), Maj = b ^ ((a ^ b) & (b ^ c)).
    const ch = xor(and(get(e(i - 1)), xor(get(e(i - 2)), get(e(i - 3)))), get(e(i - 3)));
    const maj = xor(and(xor(get(a(i - 1)), get(a(i - 2))), xor(get(a(i - 2)), get(a(i - 3)))), get(a(i - 2)));
    lines.push(
      `;; ${c.p} round ${i}`,
      set('t', sum([get(e(i - 4)), kw(i), bigSigma1(e(i - 1)), ch])),
      set(e(i), add(get(a(i - 4)), get('t'))),
      set(a(i), sum([get('t'), bigSigma0(a(i - 1)), maj])),
    );
  }
  return { lines, out: [63, 62, 61, 60].map(a).concat([63, 62, 61, 60].map(e)) };
}

/** `into[k]` = state[k] + the compression's working variables: the state after the block. */
const addState = (into, state, out) => range(0, 8).map((k) => set(into[k], add(get(state[k]), get(out[k]))));

const names = (p) => range(0, 8).map((k) => `${p}${k}`);
const setIv = (locals) => locals.map((l, k) => set(l, splat(`iv${k}`)));

/**
 * The second hash, of the first's 32-byte digest `digest` (locals, in word form already): one
 * block, v0..v7 then padding (v8 = 0x80000000, v15 = 256, the rest 0), from the initial value.
 * Leaves the digest in $h0..$h7.
 */
function secondHash(digest) {
  const word = (i) =>
    i < 8
      ? { local: digest[i] }
      : i === 8
        ? { constant: 'pad80' }
        : i === 15
          ? { constant: 'len256' }
          : i < 16
            ? { zero: true }
            : { local: `zw${i}` };
  const c = {
    p: 'z',
    state: names('iv'),
    word,
    kw: (i) => (i >= 8 && i < 16 ? splat(`kv${i - 8}`) : add(splat(`k${i}`), get(word(i).local))),
  };
  const { lines, out } = compression(c);
  return [
    ';; ==== The second hash: the first hash and padding, one block from the initial value.',
    ...setIv(names('iv')),
    ...lines,
    ...addState(names('h'), names('iv'), out),
  ];
}

// ---- The exported functions.

/**
 * An exported function that runs `group` once per group of four lanes: its i32 `locals` declared,
 * its v128 locals found in `group`, and the pointer parameters advanced by their `steps` each group.
 */
function groupFunction(name, params, locals, group, steps) {
  return [
    `(func $${name} (export "${name}") ${[...params, 'groups'].map((p) => `(param $${p} i32)`).join(' ')}`,
    ...indent(2, [
      locals.map((n) => `(local $${n} i32)`).join(' '),
      ...declareV128Locals(group, new Set(locals)),
      '(if (i32.le_s (local.get $groups) (i32.const 0)) (then (return)))',
      '(loop $group',
      ...indent(2, [
        ...group,
        ...Object.entries(steps).map(([p, step]) => set(p, i32('add', get(p), `(i32.const ${step})`))),
        set('groups', i32('sub', get('groups'), '(i32.const 1)')),
        `(br_if $group ${i32('gt_s', get('groups'), '(i32.const 0)')}))`,
      ]),
    ]),
  ];
}

const i32 = (op, x, y) => `(i32.${op} ${x} ${y})`;
const lanes4 = (x) => range(0, 4).map((j) => `${x}${j}`);

/**
 * sha256d_many(desc, groups): for each group of four messages, a 48-byte descriptor at desc +
 * 48 g: four i32 block addresses p0..p3, four block counts n0..n3 (each ≥ 1), four digest
 * addresses o0..o3. Lane j hashes the n_j padded blocks at p_j, then the result again, and stores
 * the 32-byte digest at o_j. A group runs max(n) blocks; a lane past its count re-reads its last
 * block and keeps its state (a mask), so the caller groups messages of like block counts.
 */
function sha256dMany() {
  const state = names('s');
  const block = compression({ p: 'x', state, word: messageWord('x') });
  const loop = [
    ...setIv(state),
    '(local.set $b (i32.const 0))',
    '(loop $block',
    ...indent(2, [
      ';; Lane j reads block min(b, n_j - 1): a finished lane re-reads its last one.',
      ...range(0, 4).map((j) =>
        set(
          `q${j}`,
          i32(
            'add',
            get(`p${j}`),
            i32(
              'shl',
              `(select ${get('b')} ${i32('sub', get(`n${j}`), '(i32.const 1)')} ${i32('lt_u', get('b'), get(`n${j}`))})`,
              '(i32.const 6)',
            ),
          ),
        ),
      ),
      ...loadBlocks(lanes4('q'), 'xw'),
      ...block.lines,
      ';; The lanes with b < n_j take the new state.',
      set('active', `(i32x4.gt_s ${get('counts')} (i32x4.splat ${get('b')}))`),
      ...state.map((s, k) =>
        set(s, `(v128.bitselect ${add(get(s), get(block.out[k]))} ${get(s)} ${get('active')})`),
      ),
      set('b', i32('add', get('b'), '(i32.const 1)')),
      `(br_if $block ${i32('lt_u', get('b'), get('nmax'))}))`,
    ]),
  ];
  const group = [
    ...range(0, 4).flatMap((j) => [
      set(`p${j}`, `(i32.load offset=${4 * j} ${get('desc')})`),
      set(`n${j}`, `(i32.load offset=${16 + 4 * j} ${get('desc')})`),
      set(`o${j}`, `(i32.load offset=${32 + 4 * j} ${get('desc')})`),
    ]),
    set('counts', `(v128.load offset=16 ${get('desc')})`),
    set('nmax', `(select ${get('n0')} ${get('n1')} ${i32('gt_u', get('n0'), get('n1'))})`),
    set('nmax', `(select ${get('nmax')} ${get('n2')} ${i32('gt_u', get('nmax'), get('n2'))})`),
    set('nmax', `(select ${get('nmax')} ${get('n3')} ${i32('gt_u', get('nmax'), get('n3'))})`),
    ';; ==== The first hash: each lane its own message, block by block.',
    ...loop,
    ...secondHash(state),
    ...storeDigests(names('h'), lanes4('o')),
  ];
  const locals = ['b', 'nmax', ...lanes4('p'), ...lanes4('n'), ...lanes4('o'), ...lanes4('q')];
  return groupFunction('sha256d_many', ['desc'], locals, group, { desc: 48 });
}

/**
 * merkle_level(in, out, groups): Merkle parents, four at a time: lane j of group g hashes the
 * 64 bytes at in + 256 g + 64 j (two child hashes) with SHA-256d to out + 128 g + 32 j. The
 * message is one block; its padding block is constant, so that block's schedule plus K is in
 * memory (kpad). `out` may be `in`: a group reads all its input before it writes.
 */
function merkleLevel() {
  const first = compression({ p: 'x', state: names('iv'), word: messageWord('x') });
  const padding = compression({
    p: 'y',
    state: names('s'),
    word: (i) => ({ constant: `kpad${i}` }),
    kw: (i) => splat(`kpad${i}`),
  });
  const group = [
    ...range(0, 4).map((j) => set(`p${j}`, i32('add', get('in'), `(i32.const ${64 * j})`))),
    ';; ==== The first hash: the 64-byte block of two children, then its constant padding block.',
    ...loadBlocks(lanes4('p'), 'xw'),
    ...setIv(names('iv')),
    ...first.lines,
    ...addState(names('s'), names('iv'), first.out),
    ...padding.lines,
    ...addState(names('s'), names('s'), padding.out),
    ...secondHash(names('s')),
    ...range(0, 4).map((j) => set(`o${j}`, i32('add', get('out'), `(i32.const ${32 * j})`))),
    ...storeDigests(names('h'), lanes4('o')),
  ];
  return groupFunction('merkle_level', ['in', 'out'], [...lanes4('p'), ...lanes4('o')], group, {
    in: 256,
    out: 128,
  });
}

/**
 * merkle_root(base, n): the Merkle root of the n ≥ 1 32-byte hashes at base, as Bitcoin Core's
 * ComputeMerkleRoot: level by level in place (an odd level's last hash duplicated), leaving the
 * root at base. Returns 1 when some level paired two equal hashes before that duplication
 * (CVE-2012-2459), else 0. Reads up to 256 bytes past the leaves.
 */
function merkleRoot() {
  const eq16 = (off) =>
    `(i8x16.all_true (i8x16.eq (v128.load offset=${off} ${get('at')}) (v128.load offset=${off + 32} ${get('at')})))`;
  return [
    '(func (export "merkle_root") (param $base i32) (param $n i32) (result i32)',
    ...indent(2, [
      '(local $mutated i32) (local $at i32) (local $end i32)',
      '(block $done',
      '  (loop $level',
      `    (br_if $done ${i32('le_u', get('n'), '(i32.const 1)')})`,
      '    ;; Pairs of equal hashes, before the odd duplication.',
      `    ${set('at', get('base'))}`,
      `    ${set('end', i32('add', get('base'), i32('shl', i32('and', get('n'), '(i32.const -2)'), '(i32.const 5)')))}`,
      `    (block $pairs (loop $pair`,
      `      (br_if $pairs ${i32('ge_u', get('at'), get('end'))})`,
      `      (if (i32.and ${eq16(0)} ${eq16(16)}) (then ${set('mutated', '(i32.const 1)')}))`,
      `      ${set('at', i32('add', get('at'), '(i32.const 64)'))}`,
      '      (br $pair)))',
      `    (if ${i32('and', get('n'), '(i32.const 1)')} (then`,
      `      ${set('at', i32('add', get('base'), i32('shl', i32('sub', get('n'), '(i32.const 1)'), '(i32.const 5)')))}`,
      `      (v128.store offset=32 ${get('at')} (v128.load offset=0 ${get('at')}))`,
      `      (v128.store offset=48 ${get('at')} (v128.load offset=16 ${get('at')}))`,
      `      ${set('n', i32('add', get('n'), '(i32.const 1)'))}))`,
      `    ${set('n', i32('shr_u', get('n'), '(i32.const 1)'))}`,
      `    (call $merkle_level ${get('base')} ${get('base')} ${i32('shr_u', i32('add', get('n'), '(i32.const 3)'), '(i32.const 2)')})`,
      '    (br $level)))',
      get('mutated'),
    ]),
  ];
}

const PROSE = `\
Multi-buffer SHA-256d: four independent messages at a time in 128-bit SIMD lanes (i32x4), the
"multi-buffer" hashing of Intel's ISA-L, for a block's txids and wtxids and its Merkle levels.
Built into dist/crypto/sha256-multi.wasm by scripts/build-wasm.mjs; driven by
src/crypto/sha256-multi.ts, which pads the messages, groups them by block count and writes the
descriptors. Exports:
  sha256d_many(desc, groups)   SHA-256d of padded messages, four lanes per group
  merkle_level(in, out, groups) SHA-256d of 64-byte child pairs, four per group
  merkle_root(base, n) -> i32  the Merkle root of n hashes, in place; 1 when mutated

Each compression is straight-line, every round and schedule word written out so that V8 keeps
the working variables in registers (see gen-sha256d-4way.mjs). Round i's a and e are $<p>a<i>
and $<p>e<i>, <p> naming the compression (x: a message block, y: the constant padding block of a
64-byte message, z: the second hash); b, c, d are a of rounds i-2..i-4 and f, g, h e of rounds
i-2..i-4. Padding words are folded: a zero word drops out of the schedule, a constant word's σ is
a constant word of its own.

Memory: the constants below, 32-bit words at these byte offsets (the (; name ;) after each load),
read as four-lane splats and written once by the caller; from byte ${FREE} on, the caller's.`;

/** The memory table of the header comment: "offset  name  description", a word or array a row. */
function memoryTable() {
  return LAYOUT.map(({ name, words = 1, doc }) => {
    const label = words === 1 ? name : `${name}0..${name}${words - 1}`;
    const offset = OFFSET.get(words === 1 ? name : `${name}0`);
    return `${String(offset).padStart(5)}  ${label.padEnd(16)}${doc}`;
  });
}

/** The kernel's WebAssembly text. */
export function sha256MultiWat() {
  return watModule([...PROSE.split('\n'), ...memoryTable()], [sha256dMany(), merkleLevel(), merkleRoot()]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(sha256MultiWat());
