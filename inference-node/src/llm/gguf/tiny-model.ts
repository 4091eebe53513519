import { SeededStream } from './seeded-stream.js';
import { type GgufTensor, type GgufValue, writeGguf } from './writer.js';

/**
 * Test and devnet models: a small llama-architecture GGUF file with seeded F32 weights and a
 * SentencePiece ("llama") vocabulary of a few hundred tokens — three specials, the 256 byte-fallback
 * tokens `<0x00>`..`<0xFF>`, printable ASCII and a few words (with every prefix, so SentencePiece
 * merges can reach them) among which the judge's answer words `▁yes`/`▁no`. The file is a pure function
 * of its options: the same seed gives the same bytes, two seeds give two different models.
 *
 * The output layer is scaled (`logitStd`) so that next-token distributions are peaked as in trained
 * models (a random model's logits are otherwise nearly flat, and replay tolerance could not separate
 * honest drift from edits). The end of generation is decisive, as after a full stop in a trained model:
 * one embedding dimension is reserved for it, set only in the embeddings of a few "sentence end" tokens
 * (`STOP_TRIGGERS`) and written by no attention or feed-forward output, so it carries exactly "the
 * current token ends a sentence"; the EOS output row reads that dimension alone. After a trigger EOS
 * leads by tens of nats, anywhere else its logit is 0, far below the top: a stop token is never a
 * near-tie, so a cut or skipped stop cannot hide in the replay tolerance.
 */
export interface TinyModelOptions {
  seed: string;
  layers?: number;
  embedding?: number;
  heads?: number;
  kvHeads?: number;
  feedForward?: number;
  contextLength?: number;
  /** Standard deviation of the output logits. */
  logitStd?: number;
  /** Weight of the EOS row on the reserved dimension (the EOS logit after a trigger is about 3x this). */
  eosWeight?: number;
  /**
   * `decisive` (default): the EOS row reads the reserved dimension only, so EOS is never a near-tie.
   * `competing`: the EOS row is a random row like any other token's plus that weight, so EOS also
   * competes everywhere and is sometimes close to the top (cheat tests of early stops).
   */
  eos?: 'decisive' | 'competing';
  /**
   * A "same weights + small noise" copy (a stand-in for a quantized or fine-tuned substitute): every
   * random weight w of the model becomes w + noise·a·ξ, with a the tensor's range and ξ uniform in
   * [-1, 1) from the stream keyed by (`noiseSeed`, tensor name). 0 (default) is the model itself.
   */
  noise?: number;
  noiseSeed?: string;
  /** A Jinja chat template written as `tokenizer.chat_template` (none by default). */
  chatTemplate?: string;
}

/** Bumped whenever the generator's output changes, so cached files of an older version are not reused. */
export const TINY_MODEL_VERSION = 3;

export const TINY_MODEL_DEFAULTS = {
  layers: 2,
  embedding: 64,
  heads: 4,
  kvHeads: 2,
  feedForward: 128,
  contextLength: 4096,
  logitStd: 12,
  eosWeight: 40,
  eos: 'decisive',
  noise: 0,
  noiseSeed: 'noise',
} as const;

/** Tokens after which the model ends generation (not ':' — every prompt ends with one). */
export const STOP_TRIGGERS = [
  '.',
  '!',
  '?',
  ';',
  '\u2581yes',
  '\u2581no',
  '\u2581the',
  '\u2581is',
  '\u2581a',
  '<0x0A>',
];
/** Value of the reserved embedding dimension in the triggers' embeddings. */
const TRIGGER_MARK = 3;

const SPM_SPACE = '\u2581';
const TOKEN_NORMAL = 1;
const TOKEN_UNKNOWN = 2;
const TOKEN_CONTROL = 3;
const TOKEN_BYTE = 6;

export const TINY_UNK = 0;
export const TINY_BOS = 1;
export const TINY_EOS = 2;

const WORDS = [
  'yes',
  'no',
  'Yes',
  'No',
  'the',
  'a',
  'is',
  'of',
  'and',
  'to',
  'in',
  'it',
  'that',
  'answer',
  'request',
  'response',
  'input',
  'output',
  'user',
  'system',
  'assistant',
  'faithful',
  'model',
  'true',
  'false',
  'hello',
  'world',
  'FUN',
  'AI',
];

export interface TinyVocab {
  tokens: string[];
  scores: number[];
  types: number[];
}

/** The vocabulary every generated model shares (the seed changes the weights only). */
export function tinyVocab(): TinyVocab {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL];
  const scores: number[] = [0, 0, 0];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN_BYTE);
    scores.push(0);
  }
  const seen = new Set<string>(tokens);
  const add = (piece: string): void => {
    if (seen.has(piece)) return;
    seen.add(piece);
    tokens.push(piece);
    types.push(TOKEN_NORMAL);
    // SentencePiece merges the highest-scoring pair first: longer pieces win.
    scores.push([...piece].length);
  };
  add(SPM_SPACE);
  for (let c = 0x21; c < 0x7f; c++) add(String.fromCharCode(c));
  for (const w of WORDS) {
    for (const form of [SPM_SPACE + w, w]) {
      const chars = [...form];
      for (let n = 2; n <= chars.length; n++) add(chars.slice(0, n).join(''));
    }
  }
  return { tokens, scores, types };
}

/** Writes the model; returns the GGUF bytes. */
export function generateTinyModel(options: TinyModelOptions): Uint8Array {
  const o = { ...TINY_MODEL_DEFAULTS, ...options };
  if (o.embedding % o.heads !== 0 || o.heads % o.kvHeads !== 0) throw new RangeError('bad head layout');
  const vocab = tinyVocab();
  const nVocab = vocab.tokens.length;
  const headDim = o.embedding / o.heads;
  const kvDim = headDim * o.kvHeads;

  const metadata: Array<readonly [string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: `funai-tiny-${o.seed}` }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ['llama.context_length', { type: 'u32', value: o.contextLength }],
    ['llama.embedding_length', { type: 'u32', value: o.embedding }],
    ['llama.block_count', { type: 'u32', value: o.layers }],
    ['llama.feed_forward_length', { type: 'u32', value: o.feedForward }],
    ['llama.attention.head_count', { type: 'u32', value: o.heads }],
    ['llama.attention.head_count_kv', { type: 'u32', value: o.kvHeads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: headDim }],
    ['llama.rope.freq_base', { type: 'f32', value: 10000 }],
    ['llama.vocab_size', { type: 'u32', value: nVocab }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'f32[]', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: TINY_UNK }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: TINY_BOS }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: TINY_EOS }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  ];
  if (options.chatTemplate !== undefined)
    metadata.push(['tokenizer.chat_template', { type: 'string', value: options.chatTemplate }]);

  // Uniform in [-a, a) has variance a^2/3: a = sqrt(3 / fanIn) keeps activations at unit scale.
  const uniform = (name: string, dims: [number, number], a: number): GgufTensor => {
    const s = new SeededStream(o.seed, name);
    const data = new Float32Array(dims[0] * dims[1]);
    for (let i = 0; i < data.length; i++) data[i] = s.next() * a;
    if (o.noise > 0) {
      const n = new SeededStream(o.noiseSeed, name);
      for (let i = 0; i < data.length; i++) data[i] = data[i]! + n.next() * a * o.noise;
    }
    return { name, dims, data };
  };
  const ones = (name: string, n: number): GgufTensor => ({
    name,
    dims: [n],
    data: new Float32Array(n).fill(1),
  });
  const fan = (n: number): number => Math.sqrt(3 / n);

  // The reserved "sentence end" dimension: the last one. A tensor of ggml dims [in, out] stores `out`
  // rows of `in` floats; zeroing row `stopDim` of the attention and feed-forward outputs keeps every
  // layer from writing to it, so the residual stream carries the current token's mark unchanged.
  const stopDim = o.embedding - 1;
  const embd = uniform('token_embd.weight', [o.embedding, nVocab], 1);
  for (let t = 0; t < nVocab; t++) embd.data[t * o.embedding + stopDim] = 0;
  for (const piece of STOP_TRIGGERS)
    embd.data[vocab.tokens.indexOf(piece) * o.embedding + stopDim] = TRIGGER_MARK;
  const noWrite = (t: GgufTensor): GgufTensor => {
    const rowLen = t.dims[0]!;
    t.data.fill(0, stopDim * rowLen, (stopDim + 1) * rowLen);
    return t;
  };
  const tensors: GgufTensor[] = [embd];
  for (let l = 0; l < o.layers; l++) {
    const b = `blk.${l}`;
    tensors.push(
      ones(`${b}.attn_norm.weight`, o.embedding),
      uniform(`${b}.attn_q.weight`, [o.embedding, o.embedding], fan(o.embedding)),
      uniform(`${b}.attn_k.weight`, [o.embedding, kvDim], fan(o.embedding)),
      uniform(`${b}.attn_v.weight`, [o.embedding, kvDim], fan(o.embedding)),
      noWrite(uniform(`${b}.attn_output.weight`, [o.embedding, o.embedding], fan(o.embedding))),
      ones(`${b}.ffn_norm.weight`, o.embedding),
      uniform(`${b}.ffn_gate.weight`, [o.embedding, o.feedForward], fan(o.embedding)),
      uniform(`${b}.ffn_up.weight`, [o.embedding, o.feedForward], fan(o.embedding)),
      noWrite(uniform(`${b}.ffn_down.weight`, [o.feedForward, o.embedding], fan(o.feedForward))),
    );
  }
  tensors.push(ones('output_norm.weight', o.embedding));
  // After the final RMSNorm the hidden state has unit RMS, so a row drawn from [-a, a) gives logits
  // of standard deviation a * sqrt(embedding / 3).
  const output = uniform('output.weight', [o.embedding, nVocab], o.logitStd * fan(o.embedding));
  const row = (t: number): Float32Array => output.data.subarray(t * o.embedding, (t + 1) * o.embedding);
  // <unk> and <s> never win (logit 0 is far below the top); EOS reads the reserved dimension only.
  row(TINY_UNK).fill(0);
  row(TINY_BOS).fill(0);
  if (o.eos === 'competing') row(TINY_EOS)[stopDim] = o.eosWeight;
  else row(TINY_EOS).fill(0)[stopDim] = o.eosWeight;
  tensors.push(output);
  return writeGguf(metadata, tensors);
}
